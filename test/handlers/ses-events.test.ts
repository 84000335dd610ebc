import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SNSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobSubscriberStore, subscriberHash } from '../../functions/adapters/blob-subscriber-store.js';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { StoreError } from '../../functions/core/errors.js';
import { createHandler } from '../../functions/ses-events.js';
import { readSesNotification } from '../../functions/subscriptions/suppress.js';
import { activeReader } from '../helpers/subscribers.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ses');
const SECRET = 'a-test-secret-of-32-characters!!';
const NOW = new Date('2026-11-29T09:00:00Z');

async function fixture(name: string): Promise<string> {
  return readFile(join(fixtures, name), 'utf8');
}

function snsEvent(...messages: string[]): SNSEvent {
  return {
    Records: messages.map((Message, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:111122223333:tally-ses-events:sub',
      Sns: {
        Type: 'Notification',
        MessageId: `sns-${i}`,
        TopicArn: 'arn:aws:sns:us-east-1:111122223333:tally-ses-events',
        Subject: 'Amazon SES Email Event Notification',
        Message,
        Timestamp: NOW.toISOString(),
        SignatureVersion: '1',
        Signature: 'x',
        SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/cert.pem',
        UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/unsubscribe',
        MessageAttributes: {},
      },
    })),
  };
}

let dir: string;
let store: BlobSubscriberStore;
let logs: Array<Record<string, unknown>>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-ses-events-'));
  store = new BlobSubscriberStore(new FsBlobStore(dir));
  logs = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function statusOf(email: string) {
  return (await store.get(subscriberHash(email, SECRET)))?.subscriber;
}

async function addActive(email: string) {
  await store.put(activeReader(email, subscriberHash(email, SECRET), NOW));
}

describe('readSesNotification', () => {
  it.each([
    ['bounce-permanent.json', 'suppress', 'bounce: Permanent/General', 1],
    ['event-bounce.json', 'suppress', 'bounce: Permanent/Suppressed', 2],
    ['complaint.json', 'suppress', 'complaint: abuse', 1],
    ['bounce-transient.json', 'ignore', undefined, 0],
    ['delivery.json', 'ignore', undefined, 0],
  ])('%s → %s', async (name, action, reason, count) => {
    const result = readSesNotification(JSON.parse(await fixture(name)));
    expect(result.action).toBe(action);
    if (result.action === 'suppress') {
      expect(result.suppression.reason).toBe(reason);
      expect(result.suppression.addresses).toHaveLength(count);
      expect(result.suppression.messageId).toMatch(/^0100018c-ses-message-/);
    }
  });

  it.each([[null], [[]], ['Bounce'], [{ notificationType: 'Bounce', bounce: { bounceType: 'Permanent' } }]])(
    'ignores a malformed message %j',
    (message) => {
      expect(readSesNotification(message).action).toBe('ignore');
    },
  );
});

describe('ses-events handler', () => {
  it('suppresses permanently bounced and complaining subscribers and ignores the rest', async () => {
    await addActive('gone@example.net');
    await addActive('angry@example.net');
    await addActive('full@example.net');
    const handler = createHandler({ store, secret: SECRET, clock: { now: () => NOW } }, (e) => logs.push(e));
    const summary = await handler(
      snsEvent(
        await fixture('bounce-permanent.json'),
        await fixture('complaint.json'),
        await fixture('bounce-transient.json'),
        await fixture('delivery.json'),
        'not json',
      ),
    );
    expect(summary).toEqual({ suppressed: 2, ignored: 3 });
    expect(await statusOf('gone@example.net')).toMatchObject({
      status: 'suppressed',
      suppressedReason: 'bounce: Permanent/General',
    });
    // "Angry Reader <Angry@Example.net>" resolves to the same subscriber.
    expect(await statusOf('angry@example.net')).toMatchObject({
      status: 'suppressed',
      suppressedReason: 'complaint: abuse',
    });
    expect((await statusOf('full@example.net'))?.status).toBe('active');
    expect(JSON.stringify(logs)).not.toMatch(/@example\.net/);
    expect(logs.some((l) => l.sesMessageId === '0100018c-ses-message-0001')).toBe(true);
  });

  it('records a suppression for an address it has never seen, and is idempotent', async () => {
    const handler = createHandler({ store, secret: SECRET, clock: { now: () => NOW } }, () => {});
    const event = snsEvent(await fixture('event-bounce.json'));
    await handler(event);
    await handler(event);
    expect(await statusOf('listed@example.net')).toMatchObject({ status: 'suppressed', digests: [] });
    expect((await statusOf('also-listed@example.net'))?.status).toBe('suppressed');
  });

  it('throws when the store fails, so Lambda retries the event', async () => {
    const failing = {
      get: async () => undefined,
      put: async () => {
        throw new StoreError('STORE_FAILED', 'store: down');
      },
      list: async function* () {},
    };
    const handler = createHandler({ store: failing, secret: SECRET, clock: { now: () => NOW } }, (e) =>
      logs.push(e),
    );
    await expect(handler(snsEvent(await fixture('bounce-permanent.json')))).rejects.toThrow('store: down');
    expect(logs.at(-1)).toMatchObject({ action: 'failed', code: 'STORE_FAILED' });
  });
});
