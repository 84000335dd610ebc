import { describe, expect, it } from 'vitest';
import { lineLogger } from '../../functions/core/log.js';
import type { Subscriber } from '../../functions/core/model.js';
import type { Mailer } from '../../functions/ports.js';
import { createHandler, type DeliverStage, type SendBatchDeps } from '../../functions/send-batch.js';
import { ScriptedMailer } from '../helpers/mailers.js';
import { sqsEvent } from '../helpers/sqs-event.js';
import { activeReader, MemorySubscribers } from '../helpers/subscribers.js';

function reader(n: number, overrides: Partial<Subscriber> = {}): Subscriber {
  return activeReader(`reader${n}@example.org`, String(n).repeat(64), '2026-11-01T00:00:00.000Z', overrides);
}

const readers = [
  reader(1),
  reader(2, { status: 'unsubscribed' }),
  reader(3, { digests: ['weekly'] }),
  reader(4),
];

const subscribers = new MemorySubscribers(readers);

/** A stand-in for the deliver stage's deliverTo: one mail per recipient through the mailer. */
function delivering(mailer: Mailer, editions: string[]): DeliverStage {
  return async (digest, editionId, recipients) => {
    if (!editions.includes(`${digest}/${editionId}`)) return undefined;
    for (const r of recipients) {
      await mailer.send({
        from: 'digest@example.org',
        to: r.email,
        subject: editionId,
        text: 't',
        html: '<p>h</p>',
      });
    }
    return { sent: recipients.length, alreadySent: 0, failed: [], claimedWithoutRecord: [] };
  };
}

function setup(): { mailer: ScriptedMailer; lines: string[]; deps: SendBatchDeps } {
  const mailer = new ScriptedMailer();
  const lines: string[] = [];
  return {
    mailer,
    lines,
    deps: {
      subscribers,
      deliver: delivering(mailer, ['daily/e1']),
      log: lineLogger((line) => lines.push(line)),
    },
  };
}

const batch = (hashes: string[], editionId = 'e1') => ({
  kind: 'send',
  digest: 'daily',
  editionId,
  subscribers: hashes,
});

describe('send-batch', () => {
  it('mails only the subscribers still active in the digest, reading each record again', async () => {
    const { mailer, lines, deps } = setup();
    const all = [1, 2, 3, 4, 5].map((n) => String(n).repeat(64));
    expect(await createHandler(deps)(sqsEvent(batch(all)))).toEqual({ batchItemFailures: [] });
    expect(mailer.sent.map((m) => m.to)).toEqual(['reader1@example.org', 'reader4@example.org']);
    const log = lines.join('\n');
    expect(log).toContain('"sent":2');
    expect(log).toContain('"skipped":3');
    expect(log).not.toContain('@example.org');
  });

  it('sends nothing when nobody in the batch is still subscribed', async () => {
    const { mailer, deps } = setup();
    expect(await createHandler(deps)(sqsEvent(batch(['2'.repeat(64)])))).toEqual({ batchItemFailures: [] });
    expect(mailer.sent).toEqual([]);
  });

  it('fails the record when the edition is not in the archive', async () => {
    const { lines, deps } = setup();
    const response = await createHandler(deps)(
      sqsEvent(batch(['1'.repeat(64)], 'missing'), batch(['4'.repeat(64)])),
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
    expect(lines.join('\n')).toContain('STORE_NOT_FOUND');
  });

  const invalid: Array<[string, unknown]> = [
    ['more than 50 subscribers', batch(Array.from({ length: 51 }, () => '1'.repeat(64)))],
    ['no subscribers', batch([])],
    ['an address instead of a hash', batch(['reader1@example.org'])],
    ['a path in the edition id', batch(['1'.repeat(64)], '../x')],
  ];
  it.each(invalid)('refuses a message with %s', async (_label, body) => {
    const { mailer, deps } = setup();
    expect(await createHandler(deps)(sqsEvent(body))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm0' }],
    });
    expect(mailer.sent).toEqual([]);
  });
});
