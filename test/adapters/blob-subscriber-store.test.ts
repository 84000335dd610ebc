import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BlobSubscriberStore,
  subscriberHash,
  syncConfiguredSubscribers,
  updateSubscriber,
} from '../../functions/adapters/blob-subscriber-store.js';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { StoreError } from '../../functions/core/errors.js';
import type { Subscriber } from '../../functions/core/model.js';
import { activeReader } from '../helpers/subscribers.js';

const SECRET = 'a-test-secret-of-32-characters!!';
const NOW = new Date('2026-11-29T12:00:00Z');

let dir: string;
let blobs: FsBlobStore;
let store: BlobSubscriberStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-subscribers-'));
  blobs = new FsBlobStore(dir);
  store = new BlobSubscriberStore(blobs);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function subscriber(email: string, patch: Partial<Subscriber> = {}): Subscriber {
  return activeReader(email, subscriberHash(email, SECRET), NOW, patch);
}

describe('subscriberHash', () => {
  it.each([
    ['Reader@Example.ORG', 'reader@example.org'],
    ['  reader@example.org ', 'reader@example.org'],
  ])('keys %j like %j', (a, b) => {
    expect(subscriberHash(a, SECRET)).toBe(subscriberHash(b, SECRET));
  });
  it('depends on the secret and on the address', () => {
    const h = subscriberHash('reader@example.org', SECRET);
    expect(h).toMatch(/^[a-f0-9]{64}$/);
    expect(subscriberHash('reader@example.org', `${SECRET}x`)).not.toBe(h);
    expect(subscriberHash('reader2@example.org', SECRET)).not.toBe(h);
  });
});

describe('BlobSubscriberStore', () => {
  it('stores subscribers/<hash>.json with no address in the key', async () => {
    const s = subscriber('reader@example.org');
    await store.put(s);
    const keys: string[] = [];
    for await (const key of blobs.list('subscribers/')) keys.push(key);
    expect(keys).toEqual([`subscribers/${s.hash}.json`]);
    expect((await store.get(s.hash))?.subscriber).toEqual(s);
  });

  it('refuses a write with a stale etag', async () => {
    const s = subscriber('reader@example.org');
    const first = await store.put(s);
    await store.put({ ...s, sendHour: 9 }, first);
    await expect(store.put({ ...s, sendHour: 10 }, first)).rejects.toMatchObject({
      code: 'STORE_PRECONDITION',
    });
  });

  it('lists every subscriber and rejects a record that is not one', async () => {
    await store.put(subscriber('a@example.org'));
    await store.put(subscriber('b@example.org'));
    const listed: string[] = [];
    for await (const s of store.list()) listed.push(s.email);
    expect(listed.sort()).toEqual(['a@example.org', 'b@example.org']);
    const hash = subscriberHash('c@example.org', SECRET);
    await blobs.put(`subscribers/${hash}.json`, '{"email":1}');
    await expect(store.get(hash)).rejects.toBeInstanceOf(StoreError);
  });

  it('updateSubscriber reads again after a concurrent change', async () => {
    const s = subscriber('reader@example.org');
    await store.put(s);
    let interfered = false;
    // Another writer lands between our read and our write, once.
    const racing = {
      get: (hash: string) => store.get(hash),
      list: () => store.list(),
      put: async (next: Subscriber, ifMatch?: string) => {
        if (!interfered) {
          interfered = true;
          await blobs.put(`subscribers/${s.hash}.json`, JSON.stringify({ ...s, timezone: 'Europe/Paris' }));
        }
        return store.put(next, ifMatch);
      },
    };
    const seen: string[] = [];
    const result = await updateSubscriber(racing, s.hash, (current) => {
      seen.push(current?.timezone ?? 'none');
      return current && { ...current, sendHour: 8 };
    });
    expect(seen).toEqual(['UTC', 'Europe/Paris']);
    expect(result).toMatchObject({ sendHour: 8, timezone: 'Europe/Paris' });
    expect((await store.get(s.hash))?.subscriber).toMatchObject({ sendHour: 8, timezone: 'Europe/Paris' });
  });
});

describe('syncConfiguredSubscribers', () => {
  const configured = [
    { email: 'A@example.org', digests: ['daily'], timezone: 'Europe/Paris', sendHour: 6 },
    { email: 'b@example.org', digests: ['daily', 'weekly'], timezone: 'UTC', sendHour: 7 },
  ];

  it('creates active subscribers from the local list', async () => {
    await syncConfiguredSubscribers(store, configured, SECRET, NOW);
    const a = (await store.get(subscriberHash('a@example.org', SECRET)))?.subscriber;
    expect(a).toMatchObject({
      email: 'a@example.org',
      status: 'active',
      timezone: 'Europe/Paris',
      sendHour: 6,
    });
    expect(a?.confirmedAt).toBe(NOW.toISOString());
  });

  it('never re-activates one who unsubscribed or was suppressed', async () => {
    await store.put(subscriber('a@example.org', { status: 'unsubscribed' }));
    await store.put(subscriber('b@example.org', { status: 'suppressed', suppressedReason: 'bounce' }));
    await syncConfiguredSubscribers(store, configured, SECRET, NOW);
    expect((await store.get(subscriberHash('a@example.org', SECRET)))?.subscriber.status).toBe(
      'unsubscribed',
    );
    expect((await store.get(subscriberHash('b@example.org', SECRET)))?.subscriber.status).toBe('suppressed');
  });

  it('updates settings of an active one and leaves an unchanged one untouched', async () => {
    await syncConfiguredSubscribers(store, configured, SECRET, NOW);
    const hash = subscriberHash('b@example.org', SECRET);
    const before = await store.get(hash);
    await syncConfiguredSubscribers(store, configured, SECRET, new Date('2026-11-30T00:00:00Z'));
    expect((await store.get(hash))?.etag).toBe(before?.etag);
    await syncConfiguredSubscribers(
      store,
      [{ email: 'b@example.org', digests: ['weekly'], timezone: 'Asia/Tokyo', sendHour: 20 }],
      SECRET,
      NOW,
    );
    expect((await store.get(hash))?.subscriber).toMatchObject({
      digests: ['weekly'],
      timezone: 'Asia/Tokyo',
      sendHour: 20,
    });
  });
});
