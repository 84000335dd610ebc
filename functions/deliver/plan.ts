// Who gets which edition when: subscribers whose local send hour it is get the digest's latest edition, in
// SQS messages of at most SEND_BATCH_SIZE subscriber hashes (never addresses). Claim markers written when
// sending make a repeated plan harmless.

import { SEND_BATCH_SIZE, type SendMessage } from '../aws/messages.js';
import type { MessageQueue } from '../aws/queue.js';
import type { Subscriber } from '../core/model.js';
import type { SubscriberStore } from '../ports.js';

/** Whether a subscriber should get this digest in the hour containing `now` (deliver/schedule.ts's isDue). */
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
