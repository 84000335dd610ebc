// The local server in front of an S3 archive: pages, conditional GETs, and a large object streamed through.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../../functions/adapters/s3-blob-store.js';
import { createServer } from '../../../functions/server/index.js';
import { type S3Target, startS3Target } from './target.js';

let target: S3Target;
let server: Server;
let base: string;
const big = randomBytes(12 * 1024 * 1024 + 5);

beforeAll(async () => {
  target = await startS3Target();
  const store = new S3BlobStore({
    bucket: target.bucket,
    prefix: `serve-${randomBytes(3).toString('hex')}`,
    client: target.client(),
  });
  await store.put('index.html', '<!doctype html><title>Tally archive</title>');
  await store.put('assets/big.bin', big);
  await store.put('subscribers/abc.json', '{"email":"a@example.org"}');
  server = createServer({ store });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done));
  await target?.close();
});

describe('createServer over S3', () => {
  it('serves index.html for / with the stored content type and cache-control, and 304 on a match', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await res.text()).toContain('Tally archive');
    const again = await fetch(`${base}/`, { headers: { 'if-none-match': res.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
  });

  it('streams a large object whole', async () => {
    const res = await fetch(`${base}/assets/big.bin`);
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(big.length);
    const body = Buffer.from(await res.arrayBuffer());
    expect(createHash('md5').update(body).digest('hex')).toBe(createHash('md5').update(big).digest('hex'));
  }, 60_000);

  it('answers HEAD with the length and no body', async () => {
    const res = await fetch(`${base}/assets/big.bin`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(big.length);
    expect(await res.text()).toBe('');
  });

  it('keeps private objects private and answers 404 for missing ones', async () => {
    expect((await fetch(`${base}/subscribers/abc.json`)).status).toBe(404);
    expect((await fetch(`${base}/nothing.html`)).status).toBe(404);
  });
});
