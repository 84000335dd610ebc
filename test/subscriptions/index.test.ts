import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { OutboxMailer } from '../../functions/adapters/outbox-mailer.js';
import { parseConfig } from '../../functions/config.js';
import { routerDepsFromConfig, routerFromConfig } from '../../functions/subscriptions/index.js';

const SECRET = 'a-test-secret-of-32-characters!!';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-router-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const config = parseConfig(
  {
    digests: [
      { name: 'daily', title: 'Daily Figures' },
      { name: 'markets', title: 'Markets Desk' },
    ],
    sender: { from: 'Tally <digest@tally.example.org>' },
    publicBaseUrl: 'https://tally.example.org',
  },
  '/srv/tally',
);

describe('routerFromConfig', () => {
  it('takes digests, titles, sender and base URL from the config', () => {
    const deps = routerDepsFromConfig(config, {
      store: new FsBlobStore(dir),
      mailer: new OutboxMailer(dir),
      secret: SECRET,
    });
    expect(deps.digests).toEqual([
      { name: 'daily', title: 'Daily Figures' },
      { name: 'markets', title: 'Markets Desk' },
    ]);
    expect(deps.from).toBe('Tally <digest@tally.example.org>');
    expect(deps.publicBaseUrl).toBe('https://tally.example.org');
    expect(
      deps.confirmationMail({ digestTitles: ['Markets Desk'], confirmUrl: 'https://x.example/c' }).text,
    ).toContain('https://x.example/c');
  });

  it('serves subscribe with the config digests and mails through the given mailer', async () => {
    const route = routerFromConfig(config, {
      store: new FsBlobStore(join(dir, 'archive')),
      mailer: new OutboxMailer(join(dir, 'outbox')),
      secret: SECRET,
      clock: { now: () => new Date('2026-11-29T07:00:00Z') },
    });
    const subscribe = (body: string) =>
      route({
        method: 'POST',
        path: '/subscribe',
        query: new URLSearchParams(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        ip: '127.0.0.1',
      });
    const ok = await subscribe('email=a%40example.org&digests=markets');
    expect(ok?.status).toBe(202);
    expect(await readdir(join(dir, 'outbox'))).toHaveLength(1);
    const unknown = await subscribe('email=b%40example.org&digests=weekly');
    expect(unknown?.status).toBe(400);
  });
});
