import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BlobSubscriberStore, subscriberHash } from '../../functions/adapters/blob-subscriber-store.js';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { ConfigError } from '../../functions/core/errors.js';
import { readHandlerEnvironment } from '../../functions/subscriptions/environment.js';
import { subscriberLinks } from '../../functions/subscriptions/tokens.js';
import { clientIp, createHandler, environmentDeps } from '../../functions/subscriptions.js';
import { type SesEmulator, startSesEmulator } from '../helpers/ses-emulator.js';
import { outboxRouterDeps } from '../helpers/subscription-router.js';

const SECRET = 'a-test-secret-of-32-characters!!';
const BASE = 'https://tally.example.org';
const EMAIL = 'reader@example.org';

function event(method: string, target: string, body?: string, base64 = false): APIGatewayProxyEventV2 {
  const url = new URL(target, BASE);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'abc.lambda-url.us-east-1.on.aws' },
    requestContext: {
      accountId: '111122223333',
      apiId: 'abc',
      domainName: 'abc.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abc',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '29/Nov/2026:07:00:00 +0000',
      timeEpoch: 0,
    },
    isBase64Encoded: base64,
    ...(body !== undefined ? { body: base64 ? Buffer.from(body).toString('base64') : body } : {}),
  };
}

let dir: string;
let logs: Array<Record<string, unknown>>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-subscriptions-handler-'));
  logs = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('subscriptions handler (Function URL events)', () => {
  it('subscribes with a confirmation mail in the outbox, confirms, and unsubscribes in one click', async () => {
    const store = new BlobSubscriberStore(new FsBlobStore(join(dir, 'archive')));
    const now = new Date('2026-11-29T07:00:00Z');
    const handler = createHandler(
      async () =>
        outboxRouterDeps({
          store,
          outbox: join(dir, 'outbox'),
          secret: SECRET,
          publicBaseUrl: BASE,
          now: () => now,
        }),
      (entry) => logs.push(entry),
    );

    // Function URLs hand form bodies over base64-encoded.
    const subscribed = await handler(event('POST', '/subscribe', `email=${encodeURIComponent(EMAIL)}`, true));
    expect(subscribed.statusCode).toBe(202);
    const files = await readdir(join(dir, 'outbox'));
    expect(files).toHaveLength(1);
    const mail = await simpleParser(await readFile(join(dir, 'outbox', files[0] ?? '')));
    expect(mail.subject).toBe('Confirm your subscription to Daily Figures');
    const confirmUrl = /https:\/\/\S+confirm\S+/.exec(mail.text ?? '')?.[0] ?? '';

    expect((await handler(event('GET', confirmUrl))).statusCode).toBe(200);
    const hash = subscriberHash(EMAIL, SECRET);
    expect((await store.get(hash))?.subscriber.status).toBe('active');

    const { unsubscribeUrl } = subscriberLinks(BASE, hash, SECRET, now);
    expect((await handler(event('POST', unsubscribeUrl, 'List-Unsubscribe=One-Click'))).statusCode).toBe(200);
    expect((await store.get(hash))?.subscriber.status).toBe('unsubscribed');

    expect((await handler(event('GET', '/elsewhere'))).statusCode).toBe(404);
    expect(JSON.stringify(logs)).not.toContain('example.org"');
    expect(JSON.stringify(logs)).not.toContain(EMAIL);
  });

  it('answers 500 and starts again on the next request when the dependencies fail to load', async () => {
    let calls = 0;
    const handler = createHandler(
      async () => {
        calls++;
        throw new ConfigError('config: TALLY_ARCHIVE is missing');
      },
      (entry) => logs.push(entry),
    );
    expect((await handler(event('GET', '/subscribe'))).statusCode).toBe(500);
    expect((await handler(event('GET', '/subscribe'))).statusCode).toBe(500);
    expect(calls).toBe(2);
    expect(logs.at(-1)).toMatchObject({ code: 'CONFIG_INVALID', requestId: 'req-1' });
  });
});

describe('clientIp', () => {
  it.each([
    [undefined, '203.0.113.9', '203.0.113.9'],
    ['198.51.100.1', '130.176.0.1', '198.51.100.1'],
    ['10.0.0.1, 198.51.100.1', '130.176.0.1', '198.51.100.1'],
    ['2001:db8::1', '130.176.0.1', '2001:db8::1'],
    ['not-an-ip', '130.176.0.1', '130.176.0.1'],
  ])('X-Forwarded-For %j from %s → %s', (forwarded, source, expected) => {
    expect(clientIp(forwarded, source)).toBe(expected);
  });
});

describe('subscriptions handler from its environment, mailing through aws-ses-v2-local', () => {
  let emulator: SesEmulator;
  let endpoint: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    emulator = await startSesEmulator();
    endpoint = emulator.endpoint;
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) saved[k] = process.env[k];
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await emulator.close();
  });

  it('reads the deployed config from the archive and sends the confirmation through SES', async () => {
    const configJson = JSON.stringify({
      digests: [{ name: 'daily', title: 'Daily Figures' }],
      sender: { from: 'Tally <digest@tally.example.org>' },
    });
    await new FsBlobStore(join(dir, 'archive')).put('config/tally.config.json', configJson);
    const env = {
      TALLY_ARCHIVE: join(dir, 'archive'),
      TALLY_CONFIG_KEY: 'config/tally.config.json',
      TALLY_CONFIG_SHA256: createHash('sha256').update(configJson).digest('hex'),
      TALLY_PUBLIC_BASE_URL: BASE,
      TALLY_TOKEN_SECRET: SECRET,
      TALLY_SES_ENDPOINT: endpoint,
      TALLY_SES_CONFIGURATION_SET: 'tally-events',
      AWS_REGION: 'us-east-1',
    };
    const handler = createHandler(
      () => environmentDeps(env),
      () => {},
    );
    const answer = await handler(event('POST', '/subscribe', `email=${encodeURIComponent(EMAIL)}`));
    expect(answer.statusCode).toBe(202);
    const storeAnswer = (await (await fetch(`${endpoint}/store`)).json()) as {
      emails: Array<{ subject: string; destination: { to: string[] }; body: { text?: string } }>;
    };
    expect(storeAnswer.emails).toHaveLength(1);
    expect(storeAnswer.emails[0]?.subject).toBe('Confirm your subscription to Daily Figures');
    expect(storeAnswer.emails[0]?.destination.to.join()).toContain(EMAIL);
    expect(storeAnswer.emails[0]?.body.text).toContain(`${BASE}/confirm?token=`);

    // A config that is not the one this deployment expects is refused.
    await new FsBlobStore(join(dir, 'archive')).put('config/tally.config.json', `${configJson} `);
    const stale = createHandler(
      () => environmentDeps(env),
      () => {},
    );
    expect((await stale(event('GET', '/subscribe'))).statusCode).toBe(500);
  });

  it.each([
    [{ AWS_REGION: 'eu-west-1' }, /TALLY_BUCKET/],
    [{ AWS_REGION: 'eu-west-1', TALLY_BUCKET: 'tally-archive' }, /TALLY_TOKEN_SECRET_ARN/],
    [
      { AWS_REGION: 'eu-west-1', TALLY_BUCKET: 'tally-archive', TALLY_TOKEN_SECRET: 'short' },
      /16 characters/,
    ],
    [{ TALLY_BUCKET: 'tally-archive', TALLY_TOKEN_SECRET_ARN: 'arn:x' }, /AWS_REGION/],
  ])('names the variable that is missing or wrong (%#)', (env, message) => {
    expect(() => readHandlerEnvironment(env)).toThrow(message);
  });

  it('opens the bucket the stack names, in the function region', () => {
    const environment = readHandlerEnvironment({
      AWS_REGION: 'eu-west-1',
      TALLY_BUCKET: 'tally-archive',
      TALLY_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:tally',
      TALLY_SES_CONFIGURATION_SET: 'tally-events',
    });
    expect(environment.store.describe()).toBe('s3://tally-archive');
    expect(environment).toMatchObject({ region: 'eu-west-1', configurationSet: 'tally-events' });
  });
});
