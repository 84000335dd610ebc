// S3BlobStore through a proxy that injects 503s, slow answers, dropped connections and cut bodies: every write
// completes exactly once, nothing partial or duplicated is left, conditional writes keep their meaning.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../../functions/adapters/s3-blob-store.js';
import { type Fault, type FaultProxy, randomPlan, startFaultProxy } from '../../../scripts/fault-proxy.js';
import { listAll, openUploads, type S3Target, startS3Target } from './target.js';

let target: S3Target;
let proxy: FaultProxy | undefined;
beforeAll(async () => {
  target = await startS3Target();
}, 60_000);
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});
afterAll(async () => {
  await target?.close();
});

async function through(plan: (n: number) => Fault, slowMs = 1_500): Promise<FaultProxy> {
  proxy = await startFaultProxy({ target: target.endpoint, plan, slowMs });
  return proxy;
}

/** A store behind the proxy: short attempt timeout so "slow" answers count as lost, quick backoff. */
function storeVia(p: FaultProxy, prefix: string, maxAttempts = 12): S3BlobStore {
  return new S3BlobStore({
    bucket: target.bucket,
    prefix,
    client: target.client(p.url),
    maxAttempts,
    baseDelayMs: 5,
    maxDelayMs: 40,
    attemptTimeoutMs: 400,
  });
}

/** The same objects, seen directly (no proxy). */
function directStore(prefix: string): S3BlobStore {
  return new S3BlobStore({ bucket: target.bucket, prefix, client: target.client() });
}

describe('S3BlobStore through a faulty network', () => {
  it('completes every put and create-only put exactly once, leaving no partial or extra object', async () => {
    const p = await through(
      randomPlan(20251129, {
        '503': 0.12,
        slow: 0.06,
        'drop-before': 0.1,
        'drop-after': 0.12,
        truncate: 0.1,
      }),
    );
    const prefix = `faults/${randomBytes(4).toString('hex')}`;
    const store = storeVia(p, prefix);
    const expected = new Map<string, Buffer>();
    for (let i = 0; i < 20; i++) {
      const key = `items/2025/03/05/item-${String(i).padStart(2, '0')}.json`;
      const body = Buffer.from(JSON.stringify({ i, pad: randomBytes(64 + i * 97).toString('base64') }));
      await store.put(key, body);
      expected.set(key, body);
    }
    const created: boolean[] = [];
    for (let i = 0; i < 20; i++) {
      const key = `editions/world/2025-03-05/sent/sub-${String(i).padStart(2, '0')}.json`;
      const body = Buffer.from(JSON.stringify({ subscriber: i }));
      created.push(await store.putIfAbsent(key, body));
      expected.set(key, body);
    }
    // Reads through the same faults come back whole (cut bodies are detected and read again).
    for (const [key, body] of expected) expect((await store.get(key))?.body.equals(body)).toBe(true);

    expect(created.every(Boolean)).toBe(true);
    for (const fault of ['503', 'slow', 'drop-before', 'drop-after', 'truncate'] as const) {
      expect(p.stats[fault], `fault ${fault} injected`).toBeGreaterThan(0);
    }
    const direct = directStore(prefix);
    const keys = (await listAll(target.client(), target.bucket, `${prefix}/`)).map((k) =>
      k.slice(prefix.length + 1),
    );
    expect(keys.sort()).toEqual([...expected.keys()].sort());
    for (const [key, body] of expected) expect((await direct.get(key))?.body.equals(body)).toBe(true);
    const open = await openUploads(target.client(), target.bucket);
    if (open !== undefined) expect(open).toBe(0);
  }, 120_000);

  it('reports true for a create-only put whose answer was lost after it landed', async () => {
    // First request: the server stores the object, the client never hears. The retry must see its own write.
    const p = await through((n) => (n === 1 ? 'drop-after' : 'none'));
    const prefix = `faults/${randomBytes(4).toString('hex')}`;
    const store = storeVia(p, prefix);
    expect(await store.putIfAbsent('editions/world/e1/sent/a.json', '{"a":1}')).toBe(true);
    expect(p.stats['drop-after']).toBe(1);
    expect((await directStore(prefix).get('editions/world/e1/sent/a.json'))?.body.toString()).toBe('{"a":1}');
  });

  it('reports success for an ifMatch put whose answer was lost after it landed', async () => {
    const prefix = `faults/${randomBytes(4).toString('hex')}`;
    const etag = await directStore(prefix).put('subscribers/h.json', '{"v":1}');
    const p = await through((n) => (n === 1 ? 'drop-after' : 'none'));
    const store = storeVia(p, prefix);
    const next = await store.put('subscribers/h.json', '{"v":2}', { ifMatch: etag });
    expect(next).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await directStore(prefix).get('subscribers/h.json'))?.body.toString()).toBe('{"v":2}');
  });

  it('still says "exists" for a create-only put of a key someone else wrote, through faults', async (context) => {
    if (!target.conditional) context.skip();
    const prefix = `faults/${randomBytes(4).toString('hex')}`;
    await directStore(prefix).put('editions/world/e1/sent/b.json', '{"theirs":true}');
    const p = await through(randomPlan(7, { '503': 0.3, 'drop-after': 0.3 }));
    const store = storeVia(p, prefix);
    for (let i = 0; i < 5; i++)
      expect(await store.putIfAbsent('editions/world/e1/sent/b.json', '{"mine":true}')).toBe(false);
    expect((await directStore(prefix).get('editions/world/e1/sent/b.json'))?.body.toString()).toBe(
      '{"theirs":true}',
    );
  });

  it('lets exactly one of many concurrent create-only writers win, through faults', async (context) => {
    if (!target.conditional) context.skip();
    const p = await through(
      randomPlan(99, { '503': 0.15, 'drop-before': 0.1, 'drop-after': 0.15, slow: 0.05 }),
    );
    const prefix = `faults/${randomBytes(4).toString('hex')}`;
    const writers = Array.from({ length: 8 }, () => storeVia(p, prefix));
    const results = await Promise.all(
      writers.map((store, i) =>
        store.putIfAbsent('editions/world/e2/sent/c.json', JSON.stringify({ writer: i })),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const stored = await directStore(prefix).get('editions/world/e2/sent/c.json');
    expect(stored?.body.toString()).toBe(JSON.stringify({ writer: results.indexOf(true) }));
  }, 60_000);

  it('gives up after maxAttempts with STORE_FAILED when the server keeps answering 503', async () => {
    const p = await through(() => '503');
    const store = storeVia(p, 'faults/always', 4);
    await expect(store.put('index.html', 'x')).rejects.toMatchObject({
      code: 'STORE_FAILED',
      message: expect.stringMatching(/^store: cannot write s3:\/\/.+\/faults\/always\/index\.html: .*503/),
    });
    expect(p.stats.requests).toBe(4);
  });

  it('does not retry a request the server refused for good (403 bad credentials)', async (context) => {
    if (!target.conditional) context.skip(); // s3rver accepts any signature from its default keys
    const p = await through(() => 'none');
    const { makeClient } = await import('./target.js');
    const store = new S3BlobStore({
      bucket: target.bucket,
      client: makeClient(p.url, { accessKeyId: 'nobody', secretAccessKey: 'wrong' }, target.region),
      maxAttempts: 5,
      baseDelayMs: 1,
    });
    await expect(store.put('index.html', 'x')).rejects.toMatchObject({ code: 'STORE_FAILED' });
    expect(p.stats.requests).toBe(1);
  });
});
