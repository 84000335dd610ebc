import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Subscriber, SubscriberSchema } from '../../functions/core/model.js';
import { dueRecipients, isDue, localHour } from '../../functions/deliver/index.js';
import { loadCases } from '../helpers/cases.js';
import { activeReader } from '../helpers/subscribers.js';

function subscriber(patch: Partial<Subscriber>): Subscriber {
  return activeReader('reader@example.org', 'ab'.repeat(32), '2026-01-01T00:00:00Z', patch);
}

describe('isDue', () => {
  // The DST rows: Europe/Paris skips 02:00–03:00 on 2026-03-29, so a 02:00 subscriber gets the 03:00 hour instead.
  const cases = loadCases(
    import.meta.url,
    'cases/is-due.json',
    // Strict: a misspelt field fails the load instead of quietly dropping out of the case.
    z.strictObject({
      name: z.string(),
      subscriber: SubscriberSchema.partial().strict(),
      digest: z.string().optional(),
      now: z.string(),
      due: z.boolean(),
    }),
  );
  it.each(cases)('$name → $due', ({ subscriber: patch, digest, now, due }) => {
    expect(isDue(subscriber(patch), digest ?? 'daily', new Date(now))).toBe(due);
  });

  it('makes every active subscriber due exactly once per day (hour by hour, any zone)', () => {
    const zones = [
      'UTC',
      'Europe/Paris',
      'Asia/Kolkata',
      'America/St_Johns',
      'Pacific/Chatham',
      'Australia/Lord_Howe',
    ];
    for (const timezone of zones) {
      for (let sendHour = 0; sendHour < 24; sendHour++) {
        const s = subscriber({ timezone, sendHour });
        // Hourly planner runs at minute 50 of every UTC hour over one (non-DST-change) day.
        let count = 0;
        for (let h = 0; h < 24; h++) if (isDue(s, 'daily', new Date(Date.UTC(2026, 10, 10, h, 50)))) count++;
        // Zones with :30/:45 offsets see each local hour in one UTC hour's :50 mark, once.
        expect({ timezone, sendHour, count }).toEqual({ timezone, sendHour, count: 1 });
      }
    }
  });
});

describe('localHour', () => {
  it.each([
    ['UTC', '2026-11-29T23:59:00Z', 23],
    ['Asia/Tokyo', '2026-11-29T15:00:00Z', 0],
    ['Nope/Nope', '2026-11-29T15:00:00Z', undefined],
  ])('%s at %s → %s', (zone, at, hour) => {
    expect(localHour(new Date(at), zone)).toBe(hour);
  });
});

describe('dueRecipients', () => {
  it('picks the due ones from a stream', async () => {
    async function* all() {
      yield subscriber({ hash: '01'.repeat(32), sendHour: 7 });
      yield subscriber({ hash: '02'.repeat(32), sendHour: 8 });
    }
    const due = await dueRecipients(all(), 'daily', new Date('2026-11-29T08:20:00Z'));
    expect(due.map((s) => s.hash)).toEqual(['02'.repeat(32)]);
  });
});
