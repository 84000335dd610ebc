// The BlobStore contract both adapters keep (ARCHITECTURE.md: same keys, same conditional-create semantics).
// Each case gets a store of its own (a fresh folder or key prefix), so cases never see each other's objects.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../functions/core/errors.js';
import type { BlobStore, StoredBlob } from '../../../functions/ports.js';

export interface ContractTarget {
  /** A store no other case uses. */
  fresh(): Promise<BlobStore>;
  /** False where the server ignores If-None-Match/If-Match (s3rver): those cases are skipped. */
  conditional: boolean;
  /**
   * False where the server lists siblings out of byte order (s3rver puts "world/…" before "world-extra/…" while
   * S3 and the folder store sort "-" before "/"): only that ordering assertion is skipped.
   */
  byteOrder: boolean;
  /** False where the server ignores the '/' delimiter (s3rver 3.7 returns no common prefixes). */
  delimiter: boolean;
}

async function keysOf(store: BlobStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.list(prefix)) keys.push(key);
  return keys;
}

function md5Etag(body: Buffer | string): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

async function storeError(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError');
}

export function describeBlobStoreContract(name: string, target: () => ContractTarget): void {
  describe(`${name}: BlobStore contract`, () => {
    it('returns undefined for a key that does not exist', async () => {
      const store = await target().fresh();
      expect(await store.get('editions/none/x/digest.json')).toBeUndefined();
    });

    it.each([
      ['index.html', 'text/html; charset=utf-8'],
      ['editions/world/2025-03-05/digest.json', 'application/json'],
      ['editions/world/2025-03-05/digest.txt', 'text/plain; charset=utf-8'],
      ['ledger/figures.csv', 'text/csv; charset=utf-8'],
      ['editions/world/feed.xml', 'application/atom+xml'],
    ])('stores %s with its body, MD5 etag and content type %s', async (key, contentType) => {
      const store = await target().fresh();
      const body = `body of ${key} ✓`;
      const etag = await store.put(key, body);
      expect(etag).toBe(md5Etag(body));
      const blob = await store.get(key);
      expect(blob?.body.toString('utf8')).toBe(body);
      expect(blob?.etag).toBe(etag);
      expect(blob?.contentType).toBe(contentType);
      expect(blob?.lastModified).toBeInstanceOf(Date);
    });

    it('keeps an explicit content type and cache-control', async () => {
      const store = await target().fresh();
      await store.put('assets/data.bin', Buffer.from([1, 2, 3]), {
        contentType: 'application/x-tally',
        cacheControl: 'public, max-age=60',
      });
      const blob = (await store.get('assets/data.bin')) as StoredBlob & { cacheControl?: string };
      expect(blob.contentType).toBe('application/x-tally');
      expect(blob.cacheControl).toBe('public, max-age=60');
    });

    it.each([
      ['editions/world/2025-03-05/digest.html', 'immutable'],
      ['index.html', 'max-age=300'],
      ['subscribers/abc.json', 'no-store'],
    ])('derives cache-control for %s (%s)', async (key, expected) => {
      const store = await target().fresh();
      await store.put(key, 'x');
      const blob = (await store.get(key)) as StoredBlob & { cacheControl?: string };
      expect(blob.cacheControl).toContain(expected);
    });

    it('round-trips binary bodies byte for byte', async () => {
      const store = await target().fresh();
      const body = randomBytes(300_000);
      await store.put('items/2025/03/05/blob.bin', body);
      const blob = await store.get('items/2025/03/05/blob.bin');
      expect(blob?.body.equals(body)).toBe(true);
    });

    it('replaces an object and changes its etag', async () => {
      const store = await target().fresh();
      const first = await store.put('state/feeds/upi.json', '{"n":1}');
      const second = await store.put('state/feeds/upi.json', '{"n":2}');
      expect(second).not.toBe(first);
      expect((await store.get('state/feeds/upi.json'))?.body.toString()).toBe('{"n":2}');
    });

    it('lists keys under a prefix in lexicographic order, without the store prefix', async () => {
      const store = await target().fresh();
      const keys = [
        'editions/world/2025-03-05/digest.json',
        'editions/world/2025-03-05/digest.html',
        'editions/world/2025-02-27/digest.json',
        'editions/world-extra/2025-03-05/digest.json',
        'editions/markets/2025-03-05/digest.json',
        'index.html',
      ];
      for (const key of keys) await store.put(key, key);
      expect(await keysOf(store, 'editions/world/')).toEqual([
        'editions/world/2025-02-27/digest.json',
        'editions/world/2025-03-05/digest.html',
        'editions/world/2025-03-05/digest.json',
      ]);
      // A prefix that is not a folder boundary matches as S3 does: by string prefix.
      expect(await keysOf(store, 'editions/world')).toHaveLength(4);
      const all = await keysOf(store, '');
      if (target().byteOrder) expect(all).toEqual([...keys].sort());
      else expect([...all].sort()).toEqual([...keys].sort());
      expect(await keysOf(store, 'nothing/')).toEqual([]);
    });

    it('lists more keys than one page holds', async () => {
      const store = await target().fresh();
      const keys = Array.from(
        { length: 23 },
        (_, i) => `items/2025/03/05/item-${String(i).padStart(3, '0')}.json`,
      );
      await Promise.all(keys.map((key) => store.put(key, key)));
      expect(await keysOf(store, 'items/')).toEqual(keys);
    });

    it('lists the folders directly under a prefix, as S3 common prefixes', async (context) => {
      if (!target().delimiter) context.skip();
      const store = (await target().fresh()) as BlobStore & {
        listFolders(prefix: string): AsyncIterable<string>;
      };
      for (const key of [
        'editions/world/2025-03-05/digest.json',
        'editions/world/2025-03-05/sent/a.json',
        'editions/world/2025-03-06/digest.json',
        'editions/world-extra/2025-03-05/digest.json',
        'editions/markets/2025-03-05/digest.json',
        'editions/readme.txt',
      ]) {
        await store.put(key, key);
      }
      expect(
        (await keysOf({ ...store, list: (p: string) => store.listFolders(p) }, 'editions/')).sort(),
      ).toEqual(['editions/markets/', 'editions/world-extra/', 'editions/world/']);
      expect(
        await keysOf({ ...store, list: (p: string) => store.listFolders(p) }, 'editions/world/'),
      ).toEqual(['editions/world/2025-03-05/', 'editions/world/2025-03-06/']);
      expect(await keysOf({ ...store, list: (p: string) => store.listFolders(p) }, 'nothing/')).toEqual([]);
    });

    it('deletes objects, and deleting a missing key is not an error', async () => {
      const store = await target().fresh();
      await store.put('editions/world/x/digest.txt', 'x');
      await store.delete('editions/world/x/digest.txt');
      expect(await store.get('editions/world/x/digest.txt')).toBeUndefined();
      expect(await keysOf(store, 'editions/')).toEqual([]);
      await expect(store.delete('editions/world/x/digest.txt')).resolves.toBeUndefined();
    });

    it.each([
      '../escape.json',
      '/absolute.json',
      'a//b.json',
      'editions/./x',
      'editions/../x',
      'sp ace.json',
      '',
    ])('rejects the invalid key %j', async (key) => {
      const store = await target().fresh();
      const error = await storeError(store.put(key, 'x'));
      expect(error.code).toBe('STORE_FAILED');
      expect(error.message).toMatch(/^store: invalid key/);
    });

    it('describes itself and a key', async () => {
      const store = await target().fresh();
      expect(store.describe('index.html')).toMatch(/index\.html$/);
      expect(store.describe()).not.toBe('');
    });

    describe('conditional writes', () => {
      it('create-only: the first write wins and the second leaves the object alone', async (context) => {
        if (!target().conditional) context.skip();
        const store = await target().fresh();
        const key = 'editions/world/2025-03-05/sent/abc.json';
        expect(await store.putIfAbsent(key, '{"first":true}')).toBe(true);
        expect(await store.putIfAbsent(key, '{"second":true}')).toBe(false);
        expect((await store.get(key))?.body.toString()).toBe('{"first":true}');
      });

      it('create-only: of concurrent writers of one key exactly one wins', async (context) => {
        if (!target().conditional) context.skip();
        const store = await target().fresh();
        const key = 'editions/world/2025-03-05/sent/race.json';
        const bodies = Array.from({ length: 12 }, (_, i) => JSON.stringify({ writer: i }));
        const results = await Promise.all(bodies.map((body) => store.putIfAbsent(key, body)));
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        expect((await store.get(key))?.body.toString()).toBe(bodies[winner]);
      });

      it('ifMatch: replaces when the etag matches, fails with STORE_PRECONDITION when it moved', async (context) => {
        if (!target().conditional) context.skip();
        const store = await target().fresh();
        const key = 'subscribers/hash1.json';
        const v1 = await store.put(key, '{"v":1}');
        const v2 = await store.put(key, '{"v":2}', { ifMatch: v1 });
        expect(v2).toBe(md5Etag('{"v":2}'));
        const error = await storeError(store.put(key, '{"v":3}', { ifMatch: v1 }));
        expect(error.code).toBe('STORE_PRECONDITION');
        expect(error.message).toMatch(/^store: /);
        expect((await store.get(key))?.body.toString()).toBe('{"v":2}');
      });

      it('ifMatch takes the etag bare as well as quoted', async (context) => {
        if (!target().conditional) context.skip();
        const store = await target().fresh();
        const v1 = await store.put('subscribers/bare.json', '{"v":1}');
        await store.put('subscribers/bare.json', '{"v":2}', { ifMatch: v1.replace(/"/g, '') });
        expect((await store.get('subscribers/bare.json'))?.body.toString()).toBe('{"v":2}');
      });

      it('ifMatch on a missing key fails with STORE_PRECONDITION', async (context) => {
        if (!target().conditional) context.skip();
        const store = await target().fresh();
        const error = await storeError(store.put('subscribers/none.json', '{}', { ifMatch: md5Etag('{}') }));
        expect(error.code).toBe('STORE_PRECONDITION');
      });

      it('ifMatch: of concurrent read-modify-write updates exactly one lands per version', async (context) => {
        if (!target().conditional) context.skip();
        const store = await target().fresh();
        const key = 'subscribers/counter.json';
        const etag = await store.put(key, '0');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) => store.put(key, String(i + 1), { ifMatch: etag })),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes) {
          if (o.status === 'rejected') expect((o.reason as StoreError).code).toBe('STORE_PRECONDITION');
        }
      });
    });
  });
}
