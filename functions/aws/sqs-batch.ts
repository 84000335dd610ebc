// SQS partial batch responses: each record is handled on its own; the ids of the failed ones go back to SQS,
// which retries only those (then parks them in the dead-letter queue).
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { errorFields, type Logger } from '../core/log.js';

export async function handleBatch(
  event: SQSEvent,
  handle: (record: SQSRecord) => Promise<void>,
  log: Logger,
  concurrency = 1,
): Promise<SQSBatchResponse> {
  const failures: string[] = [];
  const records = [...event.Records];
  const worker = async (): Promise<void> => {
    for (let record = records.shift(); record !== undefined; record = records.shift()) {
      try {
        await handle(record);
      } catch (error) {
        // Ids and codes only, never the record's body.
        log({ event: 'record.failed', messageId: record.messageId, ...errorFields(error) });
        failures.push(record.messageId);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, event.Records.length)) }, worker));
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}
