import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobSubscriberStore, subscriberHash } from '../../functions/adapters/blob-subscriber-store.js';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { MailError } from '../../functions/core/errors.js';
import { nodeListener } from '../../functions/subscriptions/node-http.js';
import {
  createSubscriptionRouter,
  type HttpRequest,
  type SubscriptionRouterDeps,
} from '../../functions/subscriptions/router.js';
import { signToken, subscriberLinks } from '../../functions/subscriptions/tokens.js';
import { ScriptedMailer } from '../helpers/mailers.js';

const SECRET = 'a-test-secret-of-32-characters!!';
const BASE = 'https://tally.example.org';
const EMAIL = 'reader@example.org';
const HASH = subscriberHash(EMAIL, SECRET);

let dir: string;
let store: BlobSubscriberStore;
let mailer: ScriptedMailer;
let now: Date;
let logs: Array<Record<string, unknown>>;
let router: ReturnType<typeof createSubscriptionRouter>;

function makeRouter(extra: Partial<SubscriptionRouterDeps> = {}) {
  return createSubscriptionRouter({
    store,
    mailer,
    from: 'Tally <digest@example.org>',
    secret: SECRET,
    publicBaseUrl: BASE,
    digests: [
      { name: 'daily', title: 'Daily Figures' },
      { name: 'weekly', title: 'Weekly Review' },
    ],
    clock: { now: () => now },
    confirmationMail: ({ digestTitles, confirmUrl }) => ({
      subject: 'Confirm your subscription',
      text: `Confirm ${digestTitles.join(', ')}: ${confirmUrl}`,
      html: `<a href="${confirmUrl}">Confirm</a>`,
    }),
    log: (entry) => logs.push(entry),
    ...extra,
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-router-'));
  store = new BlobSubscriberStore(new FsBlobStore(dir));
  mailer = new ScriptedMailer();
  now = new Date('2026-11-29T12:00:00Z');
  logs = [];
  router = makeRouter();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function request(
  method: string,
  target: string,
  body = '',
  headers: Record<string, string> = {},
): HttpRequest {
  const url = new URL(target, BASE);
  return {
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
    ip: '192.0.2.1',
  };
}

async function call(method: string, target: string, body = '', headers: Record<string, string> = {}) {
  const answer = await router(request(method, target, body, headers));
  if (answer === undefined) throw new Error('route not taken');
  return answer;
}

function confirmLink(): string {
  const text = mailer.sent.at(-1)?.text ?? '';
  const url = /https?:\/\/\S+/.exec(text)?.[0];
  if (!url) throw new Error('no confirm link in the mail');
  return url;
}

/** Subscribes EMAIL to the default digest. */
function subscribe() {
  return call('POST', '/subscribe', `email=${encodeURIComponent(EMAIL)}`);
}

/** Makes EMAIL an active subscriber: subscribe, then follow the link in the confirmation mail. */
async function subscribeAndConfirm(): Promise<void> {
  await subscribe();
  await call('GET', confirmLink());
}

async function statusOf(email = EMAIL) {
  return (await store.get(subscriberHash(email, SECRET)))?.subscriber.status;
}

describe('createSubscriptionRouter', () => {
  it('leaves other paths alone', async () => {
    expect(await router(request('GET', '/'))).toBeUndefined();
    expect(await router(request('GET', '/editions/daily/index.html'))).toBeUndefined();
  });

  it('subscribe → pending + confirmation mail → confirm → active', async () => {
    const answer = await call(
      'POST',
      '/subscribe',
      'email=Reader%40Example.org&digests=weekly&timezone=Europe%2FParis&sendHour=6',
    );
    expect(answer.status).toBe(202);
    expect(await statusOf()).toBe('pending');
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]).toMatchObject({ to: EMAIL, from: 'Tally <digest@example.org>' });
    expect(mailer.sent[0]?.text).toContain('Weekly Review');

    const confirmed = await call('GET', confirmLink());
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toContain('Weekly Review');
    const s = (await store.get(HASH))?.subscriber;
    expect(s).toMatchObject({ status: 'active', digests: ['weekly'], timezone: 'Europe/Paris', sendHour: 6 });
    expect(s?.confirmedAt).toBe(now.toISOString());
    // Confirming twice is harmless.
    expect((await call('GET', confirmLink())).status).toBe(200);
  });

  it('answers the same for a new, a pending, an active and a suppressed address (no enumeration)', async () => {
    const answers: string[] = [];
    const body = `email=${encodeURIComponent(EMAIL)}`;
    answers.push(JSON.stringify(await call('POST', '/subscribe', body)));
    answers.push(JSON.stringify(await call('POST', '/subscribe', body)));
    await call('GET', confirmLink());
    const sentBefore = mailer.sent.length;
    answers.push(JSON.stringify(await call('POST', '/subscribe', body)));
    // An active subscriber's settings do not change through the public form, and no mail goes out.
    expect(mailer.sent.length).toBe(sentBefore);
    expect(await statusOf()).toBe('active');
    const current = await store.get(HASH);
    if (!current) throw new Error('missing');
    await store.put({ ...current.subscriber, status: 'suppressed' }, current.etag);
    answers.push(JSON.stringify(await call('POST', '/subscribe', body)));
    expect(mailer.sent.length).toBe(sentBefore);
    expect(new Set(answers).size).toBe(1);
  });

  it('answers JSON to JSON requests', async () => {
    const answer = await call('POST', '/subscribe', JSON.stringify({ email: EMAIL, digests: ['daily'] }), {
      'content-type': 'application/json',
    });
    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true });
  });

  it.each([
    ['a missing address', ''],
    ['an address with CR/LF', `email=${encodeURIComponent('a@example.org\r\nBcc: b@example.org')}`],
    ['an unknown digest', 'email=a%40example.org&digests=nope'],
    ['a bad zone', 'email=a%40example.org&timezone=Nowhere%2FLand'],
  ])('refuses %s with 400 and sends nothing', async (_name, body) => {
    const answer = await call('POST', '/subscribe', body);
    expect(answer.status).toBe(400);
    expect(mailer.sent).toHaveLength(0);
  });

  it('rejects tampered, expired and wrong-purpose confirm tokens with 4xx', async () => {
    await subscribe();
    const link = new URL(confirmLink());
    const token = link.searchParams.get('token') ?? '';
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const wrongPurpose = signToken(
      { purpose: 'unsubscribe', subscriber: HASH, expiresAt: new Date('2027-01-01') },
      SECRET,
    );
    for (const t of [tampered, wrongPurpose, '', 'garbage']) {
      const answer = await call('GET', `/confirm?token=${encodeURIComponent(t)}`);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    now = new Date('2026-12-03T12:00:00Z');
    const expired = await call('GET', link.href);
    expect(expired.status).toBe(400);
    expect(expired.body).toContain('expired');
    expect(await statusOf()).toBe('pending');
  });

  it('GET /unsubscribe changes nothing; POST one-click unsubscribes at once and idempotently', async () => {
    await subscribeAndConfirm();
    const { unsubscribeUrl } = subscriberLinks(BASE, HASH, SECRET, now);
    const page = await call('GET', unsubscribeUrl);
    expect(page.status).toBe(200);
    expect(page.body).toContain('method="post"');
    expect(page.body).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(await statusOf()).toBe('active');

    // RFC 8058: the mail client POSTs the List-Unsubscribe URL with this body and no cookies.
    const first = await call('POST', unsubscribeUrl, 'List-Unsubscribe=One-Click');
    expect(first.status).toBe(200);
    expect(await statusOf()).toBe('unsubscribed');
    const second = await call('POST', unsubscribeUrl, 'List-Unsubscribe=One-Click');
    expect(second.status).toBe(200);
    expect(await statusOf()).toBe('unsubscribed');
    // Some clients send multipart/form-data; the token in the URL is all we need.
    const multipart = await call('POST', unsubscribeUrl, '--x\r\n', {
      'content-type': 'multipart/form-data; boundary=x',
    });
    expect(multipart.status).toBe(200);
  });

  it('an old confirm link does not undo an unsubscribe; subscribing again needs a new confirmation', async () => {
    await subscribe();
    const oldConfirm = confirmLink();
    await call('GET', oldConfirm);
    await call('POST', subscriberLinks(BASE, HASH, SECRET, now).unsubscribeUrl, 'List-Unsubscribe=One-Click');
    expect((await call('GET', oldConfirm)).status).toBe(409);
    expect(await statusOf()).toBe('unsubscribed');
    await subscribe();
    expect(await statusOf()).toBe('pending');
    await call('GET', confirmLink());
    expect(await statusOf()).toBe('active');
  });

  it('shows and saves preferences', async () => {
    await subscribeAndConfirm();
    const { preferencesUrl } = subscriberLinks(BASE, HASH, SECRET, now);
    const form = await call('GET', preferencesUrl);
    expect(form.status).toBe(200);
    expect(form.body).toContain('value="daily" checked');
    const saved = await call('POST', preferencesUrl, 'digests=weekly&timezone=Asia%2FTokyo&sendHour=21');
    expect(saved.status).toBe(200);
    expect((await store.get(HASH))?.subscriber).toMatchObject({
      status: 'active',
      digests: ['weekly'],
      timezone: 'Asia/Tokyo',
      sendHour: 21,
    });
    expect((await call('POST', preferencesUrl, 'sendHour=99')).status).toBe(400);
    // A preferences token does not unsubscribe.
    const prefToken = new URL(preferencesUrl).searchParams.get('token') ?? '';
    expect((await call('POST', `/unsubscribe?token=${prefToken}`)).status).toBe(400);
  });

  it('rate-limits per address and per IP', async () => {
    router = makeRouter({ limits: { perAddress: 2, perIpSubscribe: 3 } });
    const body = `email=${encodeURIComponent(EMAIL)}`;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call('POST', '/subscribe', body)).status);
    expect(statuses).toEqual([202, 202, 429]);
    expect(mailer.sent).toHaveLength(2);
    // Same IP, other address: the per-IP limit of 3 is reached on the next one.
    expect((await call('POST', '/subscribe', 'email=other%40example.org')).status).toBe(429);
    const elsewhere = await router({
      ...request('POST', '/subscribe', 'email=third%40example.org'),
      ip: '198.51.100.7',
    });
    expect(elsewhere?.status).toBe(202);
  });

  it('does not limit one-click unsubscribes by IP (providers send many users from one server)', async () => {
    router = makeRouter({ limits: { perIpSubscribe: 2 } });
    for (let i = 0; i < 50; i++) {
      const hash = subscriberHash(`user${i}@example.org`, SECRET);
      const { unsubscribeUrl } = subscriberLinks(BASE, hash, SECRET, now);
      expect((await call('POST', unsubscribeUrl, 'List-Unsubscribe=One-Click')).status).toBe(200);
    }
  });

  it('answers 503 when the confirmation mail cannot be sent, and logs no address', async () => {
    mailer.failNext(new MailError('MAIL_FAILED', 'mail: down', true));
    const answer = await subscribe();
    expect(answer.status).toBe(503);
    expect(JSON.stringify(logs)).not.toContain('example.org');
    expect(logs.some((l) => l.code === 'MAIL_FAILED')).toBe(true);
  });

  it('refuses other methods and oversized bodies', async () => {
    expect((await call('DELETE', '/subscribe')).status).toBe(405);
    expect((await call('POST', '/subscribe', 'x'.repeat(20_000))).status).toBe(413);
  });

  it('sends pages with no-referrer and a strict CSP (tokens are in the URL)', async () => {
    const { unsubscribeUrl } = subscriberLinks(BASE, HASH, SECRET, now);
    const page = await call('GET', unsubscribeUrl);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['cache-control']).toBe('no-store');
  });
});

describe('the router behind node:http', () => {
  let server: Server;
  let origin: string;

  beforeEach(async () => {
    router = makeRouter({ publicBaseUrl: 'http://127.0.0.1' });
    server = createServer(nodeListener((r) => router(r)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('runs subscribe, confirm and one-click unsubscribe over HTTP', async () => {
    const subscribed = await fetch(`${origin}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=${encodeURIComponent(EMAIL)}`,
    });
    expect(subscribed.status).toBe(202);
    const confirmPath = new URL(confirmLink());
    const confirmed = await fetch(`${origin}${confirmPath.pathname}${confirmPath.search}`);
    expect(confirmed.status).toBe(200);
    expect(await statusOf()).toBe('active');

    const unsubscribe = new URL(subscriberLinks('http://127.0.0.1', HASH, SECRET, now).unsubscribeUrl);
    const oneClick = await fetch(`${origin}${unsubscribe.pathname}${unsubscribe.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await statusOf()).toBe('unsubscribed');
    expect((await fetch(`${origin}/nothing-here`)).status).toBe(404);
  });

  it('hands other paths to the next listener (the archive browser in tally serve)', async () => {
    const other = createServer(
      nodeListener(
        (r) => router(r),
        (_request, response) => {
          response.writeHead(200, { 'content-type': 'text/plain' });
          response.end('archive');
        },
      ),
    );
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      expect(await (await fetch(`${base}/editions/daily/index.html`)).text()).toBe('archive');
      expect((await fetch(`${base}/subscribe`)).headers.get('content-security-policy')).toContain(
        "default-src 'none'",
      );
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
