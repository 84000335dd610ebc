// A queue the handlers send messages to. SQS on AWS; an in-memory queue for tests and local wiring.
import type { SQSClient } from '@aws-sdk/client-sqs';
import { loadSqs } from '../adapters/aws-sdk.js';
import { TallyError } from '../core/errors.js';

export interface OutgoingMessage {
  body: unknown;
  /** Seconds before the message becomes visible (0–900). */
  delaySeconds?: number;
}

export interface MessageQueue {
  send(messages: OutgoingMessage[]): Promise<void>;
}

/** Keeps what was sent, in order. */
export class MemoryQueue implements MessageQueue {
  readonly sent: OutgoingMessage[] = [];

  async send(messages: OutgoingMessage[]): Promise<void> {
    this.sent.push(...messages.map((m) => ({ ...m, body: JSON.parse(JSON.stringify(m.body)) as unknown })));
  }

  /** Removes and returns everything sent so far. */
  drain(): OutgoingMessage[] {
    return this.sent.splice(0, this.sent.length);
  }
}

/** SendMessageBatch in tens (the SQS limit); entries SQS rejects are sent again, then reported. */
export class SqsQueue implements MessageQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly attempts = 3,
  ) {}

  async send(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const { SendMessageBatchCommand } = await loadSqs();
    for (let start = 0; start < messages.length; start += 10) {
      let pending = messages.slice(start, start + 10).map((message, i) => ({ id: String(i), message }));
      for (let attempt = 1; pending.length > 0; attempt++) {
        const out = await this.client.send(
          new SendMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: pending.map(({ id, message }) => ({
              Id: id,
              MessageBody: JSON.stringify(message.body),
              ...(message.delaySeconds !== undefined ? { DelaySeconds: message.delaySeconds } : {}),
            })),
          }),
        );
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        pending = pending.filter(({ id }) => failed.has(id));
        if (pending.length > 0 && attempt >= this.attempts) {
          const first = out.Failed?.[0];
          throw new TallyError(
            'STORE_FAILED',
            `queue: ${pending.length} message(s) not accepted by SQS (${first?.Code ?? 'unknown'}: ${first?.Message ?? ''})`,
          );
        }
      }
    }
  }
}
