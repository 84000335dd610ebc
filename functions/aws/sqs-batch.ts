// SQS partial batch responses: each record is handled on its own; the ids of the failed ones go back to SQS,
// which retries only those (then parks them in the dead-letter queue).
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describeError } from '../core/errors.js';

export type Logger = (line: string) => void;

/** One JSON log line: the event name, then ids and codes. Never message bodies or addresses. */
export function logLine(
  event: string,
  fields: Record<string, string | number | boolean | undefined>,
): string {
  return JSON.stringify({ event, ...fields });
}

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
        const { code, message } = describeError(error);
        log(logLine('record.failed', { messageId: record.messageId, code, message: message.slice(0, 300) }));
        failures.push(record.messageId);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, event.Records.length)) }, worker));
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}
