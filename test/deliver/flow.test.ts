// The whole subscription flow on real local parts: the router behind node:http, the folder store, the outbox.
// subscribe → confirmation mail → confirm → edition with one-click headers → POST the List-Unsubscribe URL
// → the next edition is not sent. (`tally serve` wiring is the lead's; this uses the same pieces.)
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobSubscriberStore } from '../../functions/adapters/blob-subscriber-store.js';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { OutboxMailer } from '../../functions/adapters/outbox-mailer.js';
import type { Subscriber } from '../../functions/core/model.js';
import { deliverEdition, isDue } from '../../functions/deliver/index.js';
import { nodeListener } from '../../functions/subscriptions/node-http.js';
import { createSubscriptionRouter } from '../../functions/subscriptions/router.js';
import { subscriberLinks } from '../../functions/subscriptions/tokens.js';
import { outboxRouterDeps } from '../helpers/subscription-router.js';

const SECRET = 'a-test-secret-of-32-characters!!';

let dir: string;
let server: Server;
let origin: string;
let blobs: FsBlobStore;
let subscribers: BlobSubscriberStore;
let outbox: string;
let now: Date;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-flow-'));
  blobs = new FsBlobStore(join(dir, 'archive'));
  subscribers = new BlobSubscriberStore(blobs);
  outbox = join(dir, 'outbox');
  now = new Date('2026-11-29T06:10:00Z');
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const router = createSubscriptionRouter(
    outboxRouterDeps({ store: subscribers, outbox, secret: SECRET, publicBaseUrl: origin, now: () => now }),
  );
  server.on('request', nodeListener(router));
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

async function mails() {
  const files = (await readdir(outbox).catch(() => [] as string[])).sort();
  return Promise.all(files.map(async (f) => simpleParser(await readFile(join(outbox, f)))));
}

async function activeRecipients(): Promise<Subscriber[]> {
  const out: Subscriber[] = [];
  for await (const s of subscribers.list()) if (s.status === 'active') out.push(s);
  return out;
}

async function sendEdition(editionId: string) {
  const recipients = (await activeRecipients()).filter((s) => isDue(s, 'daily', now));
  return deliverEdition({
    digest: 'daily',
    editionId,
    recipients,
    store: blobs,
    subscribers,
    mailer: new OutboxMailer(outbox),
    from: 'Tally <digest@tally.example.org>',
    listId: 'daily.tally.example.org',
    clock: { now: () => now },
    message: (r) => {
      const links = subscriberLinks(origin, r.hash, SECRET, now);
      return {
        subject: `Daily Figures ${editionId}`,
        text: `Some 3,500 soldiers.\nUnsubscribe: ${links.unsubscribeUrl}`,
        html: `<p>Some 3,500 soldiers.</p><a href="${links.unsubscribeUrl}">Unsubscribe</a>`,
        unsubscribeUrl: links.unsubscribeUrl,
      };
    },
  });
}

describe('subscription flow', () => {
  it('subscribe → confirm → digest with one-click headers → one-click unsubscribe → next edition not sent', async () => {
    const subscribed = await fetch(`${origin}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email: 'reader@example.org',
        digests: 'daily',
        timezone: 'Europe/Paris',
        sendHour: '7',
      }).toString(),
    });
    expect(subscribed.status).toBe(202);

    const [confirmation] = await mails();
    const confirmUrl = /http:\/\/\S+\/confirm\?token=\S+/.exec(confirmation?.text ?? '')?.[0];
    expect(confirmUrl).toBeDefined();
    expect((await fetch(confirmUrl ?? '')).status).toBe(200);

    // 06:10 UTC is 07:10 in Paris: the subscriber's hour.
    const first = await sendEdition('2026-11-29');
    expect(first).toMatchObject({ sent: 1, failed: [] });
    const digest = (await mails()).find((m) => m.subject === 'Daily Figures 2026-11-29');
    if (!digest) throw new Error('no digest in the outbox');
    const header = (name: string) =>
      digest.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header('list-id')).toBe('<daily.tally.example.org>');
    const listUnsubscribe = /^<(.+)>$/.exec(header('list-unsubscribe') ?? '')?.[1];
    expect(listUnsubscribe).toBeDefined();

    // What a mail client does for RFC 8058: POST the URL, this body, no cookies.
    const oneClick = await fetch(listUnsubscribe ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);

    now = new Date('2026-11-30T06:10:00Z');
    const before = (await mails()).length;
    const second = await sendEdition('2026-11-30');
    expect(second.sent).toBe(0);
    expect((await mails()).length).toBe(before);
  });
});
