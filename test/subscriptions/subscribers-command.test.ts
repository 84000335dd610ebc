import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobSubscriberStore, subscriberHash } from '../../functions/adapters/blob-subscriber-store.js';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { createSubscribersCommand, maskEmail } from '../../functions/cli/commands/subscribers.js';
import { verifyToken } from '../../functions/subscriptions/tokens.js';
import { memoryIO } from '../helpers/cli.js';

const SECRET = 'a-test-secret-of-32-characters!!';
const NOW = new Date('2026-11-29T07:00:00Z');

let dir: string;
let out: string;
let err: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-subscribers-cli-'));
  await writeFile(
    join(dir, 'tally.config.json'),
    JSON.stringify({
      digests: [
        { name: 'daily', title: 'Daily Figures' },
        { name: 'weekly', title: 'Weekly Review' },
      ],
      sender: { from: 'Tally <digest@example.org>' },
      archive: { location: 'archive' },
      publicBaseUrl: 'https://tally.example.org',
      subscribers: [{ email: 'configured@example.org', digests: ['daily'] }],
    }),
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tally(...args: string[]): Promise<number> {
  const io = memoryIO(dir, { env: { TALLY_TOKEN_SECRET: SECRET } });
  try {
    return await createSubscribersCommand({ now: () => NOW }).run(args, io);
  } finally {
    out = io.out();
    err = io.err();
  }
}

async function stored(email: string) {
  const store = new BlobSubscriberStore(new FsBlobStore(join(dir, 'archive')));
  return (await store.get(subscriberHash(email, SECRET)))?.subscriber;
}

describe('tally subscribers', () => {
  it('adds, lists (masked), removes and suppresses', async () => {
    expect(
      await tally(
        'add',
        'Reader@Example.org',
        '--digest',
        'weekly',
        '--timezone',
        'Europe/Paris',
        '--hour',
        '6',
      ),
    ).toBe(0);
    expect(await stored('reader@example.org')).toMatchObject({
      status: 'active',
      digests: ['weekly'],
      timezone: 'Europe/Paris',
      sendHour: 6,
    });
    expect(await tally('list')).toBe(0);
    expect(out).toContain('r•••••@example.org');
    expect(out).not.toContain('reader@example.org');
    expect(await tally('list', '--show-addresses')).toBe(0);
    expect(out).toContain('reader@example.org');

    expect(await tally('remove', 'reader@example.org')).toBe(0);
    expect((await stored('reader@example.org'))?.status).toBe('unsubscribed');
    expect(await tally('suppress', 'reader@example.org', '--reason', 'asked by phone')).toBe(0);
    expect(await stored('reader@example.org')).toMatchObject({
      status: 'suppressed',
      suppressedReason: 'asked by phone',
    });
    // A suppressed address is not re-added by hand.
    expect(await tally('add', 'reader@example.org')).toBe(1);
    expect((await stored('reader@example.org'))?.status).toBe('suppressed');
  });

  it('syncs the configured list and prints working links', async () => {
    expect(await tally('sync')).toBe(0);
    expect((await stored('configured@example.org'))?.status).toBe('active');
    expect(await tally('links', 'configured@example.org')).toBe(0);
    const url = /unsubscribe\s+(\S+)/.exec(out)?.[1] ?? '';
    const token = new URL(url).searchParams.get('token') ?? '';
    expect(verifyToken(token, 'unsubscribe', SECRET, NOW).subscriber).toBe(
      subscriberHash('configured@example.org', SECRET),
    );
  });

  it.each([
    [[], /name an action/],
    [['frobnicate'], /unknown action/],
    [['add'], /give an email/],
    [['add', 'not-an-address'], /not a valid email/],
    [['add', 'a@example.org', '--digest', 'monthly'], /not in the config/],
    [['add', 'a@example.org', '--timezone', 'Mars/Base'], /IANA/],
    [['add', 'a@example.org', '--hour', '25'], /0 to 23/],
    [['list', 'extra@example.org'], /takes no address/],
  ])('refuses %j', async (args, message) => {
    await expect(tally(...args)).rejects.toThrow(message);
  });

  it('says so when removing someone who is not there', async () => {
    expect(await tally('remove', 'nobody@example.org')).toBe(1);
    expect(err).toContain('n•••••@example.org');
  });

  it.each([
    ['reader@example.org', 'r•••••@example.org'],
    ['ab@example.org', 'a•@example.org'],
    ['a@example.org', 'a@example.org'],
  ])('masks %s as %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});
