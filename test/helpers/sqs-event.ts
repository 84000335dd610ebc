// SQS events as Lambda delivers them to the queue handlers, for handler tests.
import type { SQSEvent, SQSRecord } from 'aws-lambda';

function record(messageId: string, body: unknown): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:tally-test',
    awsRegion: 'eu-west-1',
  };
}

/** One record per body (strings as they are, anything else as JSON), with message ids m0, m1, … */
export function sqsEvent(...bodies: unknown[]): SQSEvent {
  return { Records: bodies.map((body, i) => record(`m${i}`, body)) };
}

/** One record with the given message id. */
export function sqsEventWithId(messageId: string, body: unknown): SQSEvent {
  return { Records: [record(messageId, body)] };
}
