// Delivers one edition so each subscriber gets it once: claim editions/<digest>/<edition>/sent/<hash>.json
// create-only, send, record the message id. A crash between claim and record leaves a claim without an id:
// that subscriber is not sent again (at most once beats twice for a digest) and the report lists them.
//
// A failed send MARKS its claim ({status: "failed"}) instead of deleting it. A rerun takes a failed claim
// over with If-Match on its etag, so exactly one of several concurrent reruns retries it, and the failure
// stays on record until then.

import { describeError, MailError, TallyError } from '../core/errors.js';
import { keys } from '../core/keys.js';
import { redactAddresses } from '../core/log.js';
import {
  type DeliveryClaim,
  DeliveryClaimSchema,
  type DeliveryReport,
  type StoredDeliveryReport,
  type Subscriber,
} from '../core/model.js';
import { decodeJson } from '../json-store.js';
import type { BlobStore, Clock, Mailer, SubscriberStore } from '../ports.js';

export type { DeliveryReport } from '../core/model.js';

export interface DeliverEditionInput {
  digest: string;
  editionId: string;
  recipients: Subscriber[];
  store: BlobStore;
  /** Each record is read again just before its send: an unsubscribe or a bounce since planning wins. */
  subscribers: SubscriberStore;
  mailer: Mailer;
  from: string;
  listId: string;
  message: (recipient: Subscriber) => { subject: string; html: string; text: string; unsubscribeUrl: string };
  clock: Clock;
  /** Sends per second at most (SES account rate); unpaced when absent. */
  maxPerSecond?: number;
  onProgress?: (done: number, total: number) => void;
  /** Tries per message for retryable failures (default 5). */
  maxAttempts?: number;
  /** Injected by tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds on a monotonic clock, for pacing; injected by tests with `sleep`. Defaults to performance.now. */
  monotonic?: () => number;
  /** Injected by tests; defaults to Math.random. */
  random?: () => number;
}

type ClaimRecord = DeliveryClaim;

/** editions/<digest>/<edition>/sent/<hash>.json; an unsafe name or hash fails with INPUT_INVALID. */
export const claimKey = keys.sentClaim;

/** "Daily figures <daily.example.org>" as given, or a bare id wrapped in angle brackets (RFC 2919). */
export function listIdHeader(listId: string): string {
  return listId.includes('<') ? listId : `<${listId}>`;
}

function parseClaim(key: string, body: Buffer): ClaimRecord | undefined {
  try {
    return decodeJson(key, body, DeliveryClaimSchema);
  } catch {
    // An unreadable claim is treated like a claim without record: never send twice on a guess.
    return undefined;
  }
}

/** After a throttle the pace is at most 20 messages per second, and never slower than one every 2 s. */
const MIN_THROTTLED_INTERVAL_MS = 50;
const MAX_INTERVAL_MS = 2_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function deliverEdition(input: DeliverEditionInput): Promise<DeliveryReport> {
  const reportKey = keys.deliveryReport(input.digest, input.editionId);
  const sleep = input.sleep ?? defaultSleep;
  const random = input.random ?? Math.random;
  const monotonic = input.monotonic ?? (() => performance.now());
  const maxAttempts = input.maxAttempts ?? 5;
  let interval = input.maxPerSecond !== undefined && input.maxPerSecond > 0 ? 1000 / input.maxPerSecond : 0;
  const report: DeliveryReport = {
    digest: input.digest,
    editionId: input.editionId,
    sent: 0,
    alreadySent: 0,
    failed: [],
    claimedWithoutRecord: [],
    skipped: 0,
  };
  let nextSlot = 0;
  const pace = async () => {
    if (interval === 0) return;
    const now = monotonic();
    if (nextSlot > now) await sleep(nextSlot - now);
    nextSlot = Math.max(now, nextSlot) + interval;
  };
  const total = input.recipients.length;
  let done = 0;

  for (const recipient of input.recipients) {
    const key = claimKey(input.digest, input.editionId, recipient.hash);
    const outcome = await deliverOne(recipient, key);
    if (outcome === 'skipped') report.skipped = (report.skipped ?? 0) + 1;
    done++;
    input.onProgress?.(done, total);
  }

  async function deliverOne(recipient: Subscriber, key: string): Promise<'sent' | 'skipped' | 'other'> {
    // Read the record again: an unsubscribe or a bounce may have landed since the recipient list was made.
    const fresh = await readSubscriber(recipient.hash);
    const current = fresh ?? recipient;
    if (current.status !== 'active' || !current.digests.includes(input.digest)) return 'skipped';
    // Personalize before claiming: a message that cannot be built must leave no claim behind, or no rerun
    // would ever send it.
    let content: ReturnType<DeliverEditionInput['message']>;
    try {
      content = input.message(current);
    } catch (error) {
      const { code, message } = describeError(error);
      report.failed.push({ subscriber: recipient.hash, code, message: redactAddresses(message) });
      return 'other';
    }
    const claimedAt = input.clock.now().toISOString();
    const claimBody = `${JSON.stringify({ status: 'claimed', claimedAt } satisfies ClaimRecord)}\n`;
    try {
      const created = await input.store.putIfAbsent(key, claimBody, { contentType: 'application/json' });
      if (!created) {
        const existing = await input.store.get(key);
        const claim = existing ? parseClaim(key, existing.body) : undefined;
        if (claim?.status === 'sent') {
          report.alreadySent++;
          return 'other';
        }
        if (claim?.status !== 'failed' || existing === undefined) {
          report.claimedWithoutRecord.push(recipient.hash);
          return 'other';
        }
        // Take the failed claim over; another rerun doing the same at once loses on the etag.
        await input.store.put(key, claimBody, { contentType: 'application/json', ifMatch: existing.etag });
      }
    } catch (error) {
      if (error instanceof TallyError && error.code === 'STORE_PRECONDITION') {
        report.claimedWithoutRecord.push(recipient.hash);
        return 'other';
      }
      const { code, message } = describeError(error);
      report.failed.push({ subscriber: recipient.hash, code, message: redactAddresses(message) });
      return 'other';
    }

    let messageId: string;
    try {
      messageId = await sendWithRetry({
        from: input.from,
        to: current.email,
        subject: content.subject,
        html: content.html,
        text: content.text,
        headers: {
          'List-Unsubscribe': `<${content.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'List-Id': listIdHeader(input.listId),
        },
      });
    } catch (error) {
      const { code, message: raw } = describeError(error);
      // Server replies often quote the address ("550 <a@b> unknown"); the report sits beside the edition.
      const message = redactAddresses(raw);
      report.failed.push({ subscriber: recipient.hash, code, message });
      const failed: ClaimRecord = {
        status: 'failed',
        claimedAt,
        failedAt: input.clock.now().toISOString(),
        code,
        message,
      };
      try {
        await input.store.put(key, `${JSON.stringify(failed)}\n`, { contentType: 'application/json' });
      } catch {
        // The claim stays as "claimed": a rerun lists it without resending, which is the safe side.
      }
      return 'other';
    }

    const record: ClaimRecord = {
      status: 'sent',
      claimedAt,
      sentAt: input.clock.now().toISOString(),
      messageId,
    };
    report.sent++;
    try {
      await input.store.put(key, `${JSON.stringify(record)}\n`, { contentType: 'application/json' });
    } catch {
      // Sent, but the store did not take the record: the claim shows no id, exactly like a crash here.
      report.claimedWithoutRecord.push(recipient.hash);
    }
    return 'sent';
  }

  async function readSubscriber(hash: string): Promise<Subscriber | undefined> {
    try {
      return (await input.subscribers.get(hash))?.subscriber;
    } catch {
      return undefined;
    }
  }

  async function sendWithRetry(message: Parameters<Mailer['send']>[0]): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      await pace();
      try {
        return (await input.mailer.send(message)).messageId;
      } catch (error) {
        const retryable = error instanceof MailError && error.retryable;
        // Throttled: the account's rate is lower than we thought (or shared); halve ours for the rest of the run.
        if (error instanceof MailError && error.code === 'MAIL_THROTTLED') {
          interval = Math.min(MAX_INTERVAL_MS, Math.max(interval * 2, MIN_THROTTLED_INTERVAL_MS));
        }
        if (!retryable || attempt >= maxAttempts) throw error;
        // Full jitter (AWS architecture blog): spreads retries of many senders over the whole window.
        const ceiling = Math.min(20_000, 500 * 2 ** (attempt - 1));
        await sleep(Math.floor(random() * ceiling));
      }
    }
  }

  const stored: StoredDeliveryReport = {
    ...report,
    finishedAt: input.clock.now().toISOString(),
    mailer: input.mailer.describe(),
  };
  await input.store.put(reportKey, `${JSON.stringify(stored, null, 2)}\n`, {
    contentType: 'application/json',
    cacheControl: 'no-store',
  });
  return report;
}
