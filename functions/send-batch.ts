// Lambda: one SQS message = one edition for up to 50 subscriber hashes → each record is read again (an
// unsubscribe since planning wins), then the deliver stage (deliver/index.ts's deliverTo) claims and sends, one
// mail per subscriber. The real dependencies are built in aws/wire-send-batch.ts on the first invocation.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lazyHandler } from './aws/lazy.js';
import { sendMessageSchema } from './aws/messages.js';
import { messageHandler } from './aws/sqs-batch.js';
import { TallyError } from './core/errors.js';
import type { Logger } from './core/log.js';
import type { Subscriber } from './core/model.js';
import type { DeliveryReport } from './deliver/index.js';
import type { SubscriberStore } from './ports.js';

/** What the handler needs of a delivery report. */
export type DeliverySummary = Pick<
  DeliveryReport,
  'sent' | 'alreadySent' | 'failed' | 'claimedWithoutRecord'
>;

export type DeliverStage = (
  digest: string,
  editionId: string,
  recipients: Subscriber[],
) => Promise<DeliverySummary | undefined>;

export interface SendBatchDeps {
  subscribers: SubscriberStore;
  deliver: DeliverStage;
  log: Logger;
}

export function createHandler(deps: SendBatchDeps): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return messageHandler({ schema: sendMessageSchema, what: 'send-batch', log: deps.log }, async (message) => {
    const recipients: Subscriber[] = [];
    for (const hash of message.subscribers) {
      const found = await deps.subscribers.get(hash);
      const subscriber = found?.subscriber;
      if (subscriber?.status === 'active' && subscriber.digests.includes(message.digest)) {
        recipients.push(subscriber);
      }
    }
    const skipped = message.subscribers.length - recipients.length;
    if (recipients.length === 0) {
      deps.log({ event: 'send.nobody', digest: message.digest, editionId: message.editionId, skipped });
      return;
    }
    const report = await deps.deliver(message.digest, message.editionId, recipients);
    if (report === undefined) {
      // The planner named an edition that is not in the archive: retrying cannot help, the DLQ alarm should.
      throw new TallyError(
        'STORE_NOT_FOUND',
        `send: edition ${message.digest}/${message.editionId} is not in the archive`,
      );
    }
    deps.log({
      event: 'send.batch',
      digest: message.digest,
      editionId: message.editionId,
      sent: report.sent,
      alreadySent: report.alreadySent,
      failed: report.failed.length,
      firstFailure: report.failed[0]?.code,
      claimedWithoutRecord: report.claimedWithoutRecord.length,
      skipped,
    });
  });
}

export const handler = lazyHandler(async () => {
  const { sendBatchDeps } = await import('./aws/wire-send-batch.js');
  return createHandler(await sendBatchDeps(process.env));
});
