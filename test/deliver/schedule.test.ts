import { describe, expect, it } from 'vitest';
import type { Subscriber } from '../../functions/core/model.js';
import { dueRecipients, isDue, localHour } from '../../functions/deliver/index.js';
import { activeReader } from '../helpers/subscribers.js';

function subscriber(patch: Partial<Subscriber>): Subscriber {
  return activeReader('reader@example.org', 'ab'.repeat(32), '2026-01-01T00:00:00Z', patch);
}

describe('isDue', () => {
  const cases: Array<{ name: string; s: Partial<Subscriber>; digest?: string; now: string; due: boolean }> = [
    { name: 'UTC, in the hour', s: {}, now: '2026-11-29T07:00:00Z', due: true },
    { name: 'UTC, end of the hour', s: {}, now: '2026-11-29T07:59:59Z', due: true },
    { name: 'UTC, next hour', s: {}, now: '2026-11-29T08:00:00Z', due: false },
    {
      name: 'Paris in winter (UTC+1)',
      s: { timezone: 'Europe/Paris' },
      now: '2026-11-29T06:30:00Z',
      due: true,
    },
    {
      name: 'Paris in summer (UTC+2)',
      s: { timezone: 'Europe/Paris' },
      now: '2026-07-01T05:30:00Z',
      due: true,
    },
    {
      name: 'Paris in summer, the winter hour',
      s: { timezone: 'Europe/Paris' },
      now: '2026-07-01T06:30:00Z',
      due: false,
    },
    {
      name: 'Kolkata (UTC+5:30)',
      s: { timezone: 'Asia/Kolkata', sendHour: 8 },
      now: '2026-11-29T02:45:00Z',
      due: true,
    },
    {
      name: 'Kolkata, half an hour early',
      s: { timezone: 'Asia/Kolkata', sendHour: 8 },
      now: '2026-11-29T02:15:00Z',
      due: false,
    },
    {
      name: 'New York, the day before in UTC terms',
      s: { timezone: 'America/New_York', sendHour: 22 },
      now: '2026-11-30T03:10:00Z',
      due: true,
    },
    { name: 'midnight', s: { sendHour: 0 }, now: '2026-11-29T00:10:00Z', due: true },
    {
      name: 'not subscribed to the digest',
      s: {},
      digest: 'weekly',
      now: '2026-11-29T07:00:00Z',
      due: false,
    },
    { name: 'pending', s: { status: 'pending' }, now: '2026-11-29T07:00:00Z', due: false },
    { name: 'unsubscribed', s: { status: 'unsubscribed' }, now: '2026-11-29T07:00:00Z', due: false },
    { name: 'suppressed', s: { status: 'suppressed' }, now: '2026-11-29T07:00:00Z', due: false },
    { name: 'an unknown zone', s: { timezone: 'Nowhere/Land' }, now: '2026-11-29T07:00:00Z', due: false },
    // Europe/Paris skips 02:00–03:00 on 2026-03-29: a 02:00 subscriber gets the 03:00 hour instead.
    {
      name: 'DST gap: skipped hour → first hour after',
      s: { timezone: 'Europe/Paris', sendHour: 2 },
      now: '2026-03-29T01:30:00Z',
      due: true,
    },
    {
      name: 'DST gap: an hour later',
      s: { timezone: 'Europe/Paris', sendHour: 2 },
      now: '2026-03-29T02:30:00Z',
      due: false,
    },
    {
      name: 'DST gap: 03:00 subscriber as usual',
      s: { timezone: 'Europe/Paris', sendHour: 3 },
      now: '2026-03-29T01:30:00Z',
      due: true,
    },
    {
      name: 'DST gap: 01:00 subscriber not twice',
      s: { timezone: 'Europe/Paris', sendHour: 1 },
      now: '2026-03-29T01:30:00Z',
      due: false,
    },
  ];
  it.each(cases)('$name → $due', ({ s, digest, now, due }) => {
    expect(isDue(subscriber(s), digest ?? 'daily', new Date(now))).toBe(due);
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
