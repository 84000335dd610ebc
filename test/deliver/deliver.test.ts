import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobSubscriberStore } from '../../functions/adapters/blob-subscriber-store.js';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { MailError } from '../../functions/core/errors.js';
import type { Subscriber } from '../../functions/core/model.js';
import { claimKey, type DeliverEditionInput, deliverEdition } from '../../functions/deliver/index.js';
import type { Mailer } from '../../functions/ports.js';
import { ScriptedMailer } from '../helpers/mailers.js';
import { hashedReaders } from '../helpers/subscribers.js';

const SECRET = 'a-test-secret-of-32-characters!!';
const NOW = new Date('2026-11-29T07:00:00Z');

let dir: string;
let blobs: FsBlobStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-deliver-'));
  blobs = new FsBlobStore(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function recipients(count: number): Subscriber[] {
  return hashedReaders(count, SECRET, NOW);
}

/** Milliseconds that pass only when the delivery sleeps or a test advances them; `waits` lists the sleeps. */
function fakeTime() {
  let ms = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => ms,
    advance: (by: number) => {
      ms += by;
    },
    pacing: {
      monotonic: () => ms,
      sleep: async (by: number) => {
        waits.push(by);
        ms += by;
      },
    },
  };
}

function input(
  mailer: Mailer,
  list: Subscriber[],
  extra: Partial<DeliverEditionInput> = {},
): DeliverEditionInput {
  return {
    digest: 'daily',
    editionId: '2026-11-29',
    recipients: list,
    store: blobs,
    subscribers: new BlobSubscriberStore(blobs),
    mailer,
    from: 'Tally <digest@example.org>',
    listId: 'daily.tally.example.org',
    message: (r) => ({
      subject: 'Daily figures',
      text: `Hello ${r.hash.slice(0, 6)}`,
      html: '<p>Hello</p>',
      unsubscribeUrl: `https://tally.example.org/unsubscribe?token=t-${r.hash.slice(0, 8)}`,
    }),
    clock: { now: () => NOW },
    sleep: async () => {},
    ...extra,
  };
}

async function claim(hash: string): Promise<Record<string, unknown> | undefined> {
  const blob = await blobs.get(claimKey('daily', '2026-11-29', hash));
  return blob && JSON.parse(blob.body.toString('utf8'));
}

describe('deliverEdition', () => {
  it('sends each recipient one message with the list headers and records its message id', async () => {
    const mailer = new ScriptedMailer();
    const list = recipients(3);
    const progress: Array<[number, number]> = [];
    const report = await deliverEdition(input(mailer, list, { onProgress: (d, t) => progress.push([d, t]) }));
    expect(report).toMatchObject({ sent: 3, alreadySent: 0, failed: [], claimedWithoutRecord: [] });
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(mailer.sent.map((m) => m.to)).toEqual(list.map((r) => r.email));
    expect(mailer.sent[0]?.headers).toEqual({
      'List-Unsubscribe': `<https://tally.example.org/unsubscribe?token=t-${list[0]?.hash.slice(0, 8)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': '<daily.tally.example.org>',
    });
    expect(await claim(list[1]?.hash ?? '')).toMatchObject({ status: 'sent', messageId: '<m2@example.org>' });
    const stored = JSON.parse(
      (await blobs.get('editions/daily/2026-11-29/delivery.json'))?.body.toString() ?? '{}',
    );
    expect(stored).toMatchObject({ digest: 'daily', editionId: '2026-11-29', sent: 3 });
    expect(JSON.stringify(stored)).not.toContain('@example.org');
  });

  it('sends nothing twice when run again', async () => {
    const mailer = new ScriptedMailer();
    const list = recipients(4);
    await deliverEdition(input(mailer, list));
    const again = await deliverEdition(input(mailer, list));
    expect(again).toMatchObject({ sent: 0, alreadySent: 4 });
    expect(mailer.sent).toHaveLength(4);
  });

  it('never resends a claim without a record (a crash between claim and record) and lists it', async () => {
    const list = recipients(3);
    const crashed = list[1]?.hash ?? '';
    await blobs.putIfAbsent(claimKey('daily', '2026-11-29', crashed), '{"status":"claimed","claimedAt":"x"}');
    const mailer = new ScriptedMailer();
    const report = await deliverEdition(input(mailer, list));
    expect(report.sent).toBe(2);
    expect(report.claimedWithoutRecord).toEqual([crashed]);
    expect(mailer.sent.map((m) => m.to)).not.toContain(list[1]?.email);
  });

  it('retries throttling with jittered, growing backoff, then sends', async () => {
    const mailer = new ScriptedMailer((_to, attempt) =>
      attempt < 4 ? new MailError('MAIL_THROTTLED', 'mail: SES throttled the send', true) : undefined,
    );
    const delays: number[] = [];
    let clock = 0;
    const report = await deliverEdition(
      input(mailer, recipients(1), {
        monotonic: () => clock,
        sleep: async (ms) => {
          delays.push(ms);
          clock += ms;
        },
        random: () => 0.999,
      }),
    );
    expect(report.sent).toBe(1);
    expect(delays).toHaveLength(3);
    // Full jitter below a ceiling that doubles: 500, 1000, 2000 ms.
    expect(delays[0]).toBeLessThan(500);
    expect(delays[1]).toBeLessThan(1000);
    expect(delays[2]).toBeLessThan(2000);
    expect(delays[2]).toBeGreaterThan(delays[0] ?? 0);
  });

  it('marks a failed send on its claim; a rerun takes the claim over and retries', async () => {
    const list = recipients(2);
    let down = true;
    const mailer = new ScriptedMailer((to) =>
      down && to === list[0]?.email
        ? new MailError(
            'MAIL_FAILED',
            `mail: SMTP server rejected the message (550): <${to}> mailbox full`,
            false,
          )
        : undefined,
    );
    const first = await deliverEdition(input(mailer, list));
    expect(first.sent).toBe(1);
    expect(first.failed).toEqual([
      {
        subscriber: list[0]?.hash,
        code: 'MAIL_FAILED',
        message: 'mail: SMTP server rejected the message (550): <<address>> mailbox full',
      },
    ]);
    expect(await claim(list[0]?.hash ?? '')).toMatchObject({ status: 'failed', code: 'MAIL_FAILED' });
    // A non-retryable error is tried once per run.
    expect(mailer.attempts.get(list[0]?.email ?? '')).toBe(1);

    down = false;
    const second = await deliverEdition(input(mailer, list));
    expect(second).toMatchObject({ sent: 1, alreadySent: 1, failed: [] });
    expect(await claim(list[0]?.hash ?? '')).toMatchObject({ status: 'sent' });
    expect(mailer.sent.filter((m) => m.to === list[0]?.email)).toHaveLength(1);
  });

  it('leaves no claim when the message cannot be built, so a rerun sends it', async () => {
    const list = recipients(2);
    let broken = true;
    const mailer = new ScriptedMailer();
    const base = input(mailer, list);
    const message: DeliverEditionInput['message'] = (r) => {
      if (broken && r.hash === list[0]?.hash) throw new Error('render: template variable missing');
      return base.message(r);
    };
    const first = await deliverEdition({ ...base, message });
    expect(first).toMatchObject({ sent: 1, failed: [{ subscriber: list[0]?.hash, code: 'Error' }] });
    expect(await claim(list[0]?.hash ?? '')).toBeUndefined();
    broken = false;
    expect(await deliverEdition({ ...base, message })).toMatchObject({ sent: 1, alreadySent: 1 });
  });

  it('gives up on a retryable error after maxAttempts and records it', async () => {
    const mailer = new ScriptedMailer(
      () => new MailError('MAIL_FAILED', 'mail: SMTP ECONNECTION: refused', true),
    );
    const report = await deliverEdition(input(mailer, recipients(1), { maxAttempts: 3 }));
    expect(report.failed).toHaveLength(1);
    expect(mailer.attempts.get('reader0@example.org')).toBe(3);
  });

  it('skips a recipient whose stored record says they unsubscribed since the list was made', async () => {
    const list = recipients(2);
    const subscribers = new BlobSubscriberStore(blobs);
    const first = list[0];
    if (!first) throw new Error('no recipient');
    await subscribers.put({ ...first, status: 'unsubscribed' });
    const mailer = new ScriptedMailer();
    const report = await deliverEdition(input(mailer, list));
    expect(report).toMatchObject({ sent: 1, skipped: 1 });
    expect(mailer.sent.map((m) => m.to)).toEqual([list[1]?.email]);
  });

  it('skips a recipient who has since left this digest through their preferences', async () => {
    const list = recipients(1);
    const first = list[0];
    if (!first) throw new Error('no recipient');
    await new BlobSubscriberStore(blobs).put({ ...first, digests: ['weekly'] });
    const mailer = new ScriptedMailer();
    expect(await deliverEdition(input(mailer, list))).toMatchObject({ sent: 0, skipped: 1 });
    expect(mailer.sent).toHaveLength(0);
  });

  it('paces sends to maxPerSecond', async () => {
    const time = fakeTime();
    const sentAt: number[] = [];
    const mailer = new ScriptedMailer(() => {
      sentAt.push(time.now());
      time.advance(5); // each send takes 5 ms
      return undefined;
    });
    await deliverEdition(input(mailer, recipients(5), { maxPerSecond: 10, ...time.pacing }));
    expect(sentAt).toEqual([0, 100, 200, 300, 400]);
    expect(time.waits).toEqual([95, 95, 95, 95]);
  });

  it('halves its pace for the rest of the run after a throttle', async () => {
    const time = fakeTime();
    const sentAt: number[] = [];
    let throttled = false;
    const mailer = new ScriptedMailer(() => {
      if (sentAt.length === 2 && !throttled) {
        throttled = true;
        return new MailError('MAIL_THROTTLED', 'mail: SES throttled the send', true);
      }
      sentAt.push(time.now());
      return undefined;
    });
    await deliverEdition(input(mailer, recipients(4), { maxPerSecond: 10, random: () => 0, ...time.pacing }));
    const gaps = sentAt.slice(1).map((t, i) => t - (sentAt[i] ?? 0));
    // 10/s until the throttle, 5/s after it (the retry itself waits for the slower pace, not the backoff of 0).
    expect(gaps).toEqual([100, 200, 200]);
  });

  it.each([
    ['a digest name with a slash', { digest: '../x' }],
    ['an edition id with a slash', { editionId: 'a/b' }],
  ])('refuses %s', async (_name, patch) => {
    await expect(deliverEdition(input(new ScriptedMailer(), recipients(1), patch))).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });
});
