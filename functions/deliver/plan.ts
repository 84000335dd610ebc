// Who gets which edition when: subscribers whose local send hour it is get the digest's latest edition, in
// SQS messages of at most SEND_BATCH_SIZE subscriber hashes (never addresses). Claim markers written when
// sending make a repeated plan harmless.

import { SEND_BATCH_SIZE, type SendMessage } from '../aws/messages.js';
import type { MessageQueue } from '../aws/queue.js';
import type { DigestConfig } from '../config.js';
import { keys } from '../core/keys.js';
import { DigestStateSchema, type Subscriber } from '../core/model.js';
import { readJson } from '../json-store.js';
import type { BlobStore, SubscriberStore } from '../ports.js';

/** Whether a subscriber should get this digest in the hour containing `now` (delivery/schedule.ts's isDue). */
export type DueCheck = (subscriber: Subscriber, digest: string, now: Date) => boolean;

export interface DeliveryPlanDeps {
  subscribers: SubscriberStore;
  sendQueue: MessageQueue;
  isDue: DueCheck;
}

export async function planDeliveries(
  digest: string,
  editionId: string,
  now: Date,
  deps: DeliveryPlanDeps,
): Promise<{ recipients: number; messages: number }> {
  const due: string[] = [];
  for await (const subscriber of deps.subscribers.list()) {
    if (deps.isDue(subscriber, digest, now)) due.push(subscriber.hash);
  }
  const messages: Array<{ body: SendMessage }> = [];
  for (let i = 0; i < due.length; i += SEND_BATCH_SIZE) {
    messages.push({
      body: { kind: 'send', digest, editionId, subscribers: due.slice(i, i + SEND_BATCH_SIZE) },
    });
  }
  if (messages.length > 0) await deps.sendQueue.send(messages);
  return { recipients: due.length, messages: messages.length };
}

/**
 * The digest's latest edition if it was built within the digest's window (a reader whose hour comes round
 * gets today's news, never last week's), else undefined.
 */
export async function recentEdition(
  store: BlobStore,
  digest: DigestConfig,
  now: Date,
): Promise<{ editionId: string; builtAt: string } | undefined> {
  const { lastEditionId, lastBuiltAt } =
    (await readJson(store, keys.digestState(digest.name), DigestStateSchema)) ?? {};
  if (lastEditionId === undefined || lastBuiltAt === undefined) return undefined;
  const age = now.getTime() - Date.parse(lastBuiltAt);
  if (!(age >= 0 && age < digest.windowHours * 3_600_000)) return undefined;
  return { editionId: lastEditionId, builtAt: lastBuiltAt };
}
