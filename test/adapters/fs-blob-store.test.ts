import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheControlFor, contentTypeFor, FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { describeBlobStoreContract } from './s3/contract.js';

const roots: string[] = [];
async function freshRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'tally-fs-store-'));
  roots.push(root);
  return root;
}
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

describeBlobStoreContract('FsBlobStore', () => ({
  conditional: true,
  byteOrder: true,
  delimiter: true,
  fresh: async () => new FsBlobStore(await freshRoot()),
}));

describe('FsBlobStore on disk', () => {
  it('keeps objects at the same keys as S3, as plain files', async () => {
    const root = await freshRoot();
    const store = new FsBlobStore(root);
    await store.put('editions/world/2025-03-05/digest.txt', 'hello');
    expect(await readdir(join(root, 'editions', 'world', '2025-03-05'))).toEqual(['digest.txt']);
  });

  it('keeps explicit metadata in a sidecar that is never listed and goes with the object', async () => {
    const root = await freshRoot();
    const store = new FsBlobStore(root);
    await store.put('assets/x.bin', 'x', { contentType: 'application/x-y' });
    expect(await collect(store.list(''))).toEqual(['assets/x.bin']);
    await store.delete('assets/x.bin');
    await store.put('assets/x.bin', 'x');
    expect((await store.get('assets/x.bin'))?.contentType).toBe('application/octet-stream');
  });

  it('never lists temp or lock files left by an interrupted writer', async () => {
    const root = await freshRoot();
    const store = new FsBlobStore(root);
    await store.put('ledger/figures.json', '{}');
    await writeFile(join(root, 'ledger', 'figures.json.abc123.tmp'), 'partial');
    await writeFile(join(root, 'ledger', 'figures.json.lock'), '');
    expect(await collect(store.list('ledger/'))).toEqual(['ledger/figures.json']);
  });

  it('rejects keys that would collide with its own temp, lock and metadata files', async () => {
    const store = new FsBlobStore(await freshRoot());
    for (const key of ['a.tmp', 'a.lock', '.tally-meta/x.json']) {
      await expect(store.put(key, 'x')).rejects.toMatchObject({ code: 'STORE_FAILED' });
    }
  });

  it('takes over a lock left by a writer that died long ago', async () => {
    const root = await freshRoot();
    const store = new FsBlobStore(root);
    await store.put('subscribers/a.json', '1');
    const lock = join(root, 'subscribers', 'a.json.lock');
    await writeFile(lock, '');
    const { utimes } = await import('node:fs/promises');
    const old = new Date(Date.parse('2020-01-01T00:00:00Z'));
    await utimes(lock, old, old);
    await store.put('subscribers/a.json', '2');
    expect((await store.get('subscribers/a.json'))?.body.toString()).toBe('2');
  });

  it('treats a folder as no object', async () => {
    const store = new FsBlobStore(await freshRoot());
    await store.put('editions/world/x/digest.json', '{}');
    expect(await store.get('editions/world')).toBeUndefined();
  });
});

describe('contentTypeFor and cacheControlFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8', 'public, max-age=300'],
    ['editions/d/e/index.html', 'text/html; charset=utf-8', 'public, max-age=3600'],
    ['editions/d/e/digest.html', 'text/html; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['editions/d/e/digest.json', 'application/json', 'public, max-age=31536000, immutable'],
    ['editions/d/e/sent/h.json', 'application/json', 'private, no-store'],
    ['editions/d/e/delivery.json', 'application/json', 'private, no-store'],
    ['editions/d/feed.xml', 'application/atom+xml', 'public, max-age=300'],
    ['subscribers/h.json', 'application/json', 'private, no-store'],
    ['state/feeds/f.json', 'application/json', 'private, no-store'],
    ['items/2025/03/05/i.json', 'application/json', 'private, no-store'],
    ['ledger/figures.csv', 'text/csv; charset=utf-8', 'public, max-age=300'],
    ['assets/search.js', 'text/javascript; charset=utf-8', 'public, max-age=3600'],
    ['README', 'application/octet-stream', 'public, max-age=300'],
  ])('%s → %s, %s', (key, type, cache) => {
    expect(contentTypeFor(key)).toBe(type);
    expect(cacheControlFor(key)).toBe(cache);
  });
});

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}
