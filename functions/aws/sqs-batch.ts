// SQS partial batch responses: each record is handled on its own; the ids of the failed ones go back to SQS,
// which retries only those (then parks them in the dead-letter queue).
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { errorFields, type Logger } from '../core/log.js';
import { parseBody } from './messages.js';

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

/**
 * A handler for a queue whose records each carry one JSON message: every body is parsed and checked against
 * `schema` before `handle` sees it (one that fails is a failed record), and the records go through handleBatch.
 */
export function messageHandler<T>(
  options: { schema: z.ZodType<T>; what: string; log: Logger; concurrency?: number },
  handle: (message: T) => Promise<void>,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const { schema, what, log, concurrency } = options;
  return (event) =>
    handleBatch(event, async (record) => handle(parseBody(schema, record.body, what)), log, concurrency);
}
