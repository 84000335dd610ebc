import { once } from 'node:events';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateArchive } from '../../functions/archive/site/index.js';
import { createServer, keyForPath } from '../../functions/server/index.js';
import { BASE, DIGESTS, fixtureStore, NOW, removeStores } from '../archive/helpers.js';

describe('keyForPath', () => {
  it.each([
    ['/', 'index.html'],
    ['/index.html', 'index.html'],
    ['/editions/world/', 'editions/world/index.html'],
    ['/editions/world/2025-03-05/digest.json', 'editions/world/2025-03-05/digest.json'],
    ['/editions/world', 'editions/world'],
    ['/ledger/figures.csv', 'ledger/figures.csv'],
    ['/../etc/passwd', undefined],
    ['/editions/../../etc/passwd', undefined],
    ['/%2e%2e/secret', undefined],
    ['/editions%2fworld/index.html', undefined],
    ['/a//b', undefined],
    ['/%E0%A4%A', undefined],
    ['/a%00b', undefined],
    ['/a\\b', undefined],
    ['relative', undefined],
  ])('%s → %s', (path, key) => {
    expect(keyForPath(path)).toBe(key);
  });
});

let server: Server;
let base: string;
const routed: string[] = [];

beforeAll(async () => {
  const store = await fixtureStore();
  await updateArchive(store, { publicBaseUrl: BASE, digests: DIGESTS, now: NOW });
  await store.put('subscribers/abc.json', '{"email":"a@example.org"}');
  await store.put('editions/world/2025-03-05/sent/abc.json', '{}');
  server = createServer({
    store,
    routes: [
      async (req, res) => {
        if (!/^\/subscribe(\?|$)/.test(req.url ?? '')) return false;
        routed.push(`${req.method} ${req.url}`);
        res.writeHead(202, { 'content-type': 'text/plain' });
        res.end('routed');
        return true;
      },
    ],
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done));
  await removeStores();
});

describe('createServer', () => {
  it('serves index.html for / with its content type, cache policy and security headers', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await res.text()).toContain('<h1>Tally archive</h1>');
  });

  it.each([
    ['/editions/world/feed.xml', 'application/atom+xml', 'public, max-age=300'],
    ['/editions/world/2025-03-05/digest.json', 'application/json', 'public, max-age=31536000, immutable'],
    ['/editions/world/2025-03-05/', 'text/html; charset=utf-8', 'public, max-age=3600'],
    ['/assets/search.js', 'text/javascript; charset=utf-8', 'public, max-age=3600'],
    ['/search/index.json', 'application/json', 'public, max-age=300'],
  ])('serves %s as %s with %s', async (path, type, cache) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('cache-control')).toBe(cache);
    await res.arrayBuffer();
  });

  it('answers If-None-Match with 304 and no body', async () => {
    const first = await fetch(`${base}/editions/world/index.html`);
    const etag = first.headers.get('etag') ?? '';
    await first.text();
    const second = await fetch(`${base}/editions/world/index.html`, { headers: { 'if-none-match': etag } });
    expect(second.status).toBe(304);
    expect(await second.text()).toBe('');
    const other = await fetch(`${base}/editions/world/index.html`, { headers: { 'if-none-match': '"abc"' } });
    expect(other.status).toBe(200);
    await other.text();
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await fetch(`${base}/index.html`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(100);
    expect(await res.text()).toBe('');
  });

  it('redirects a folder path without its slash', async () => {
    const res = await fetch(`${base}/editions/world`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/editions/world/');
  });

  it.each(['/nothing-here.html', '/editions/world/2099-01-01/'])('answers 404 for %s', async (path) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(404);
    await res.text();
  });

  it.each(['/subscribers/abc.json', '/editions/world/2025-03-05/sent/abc.json'])(
    'never serves private objects such as %s',
    async (path) => {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('example.org');
    },
  );

  it.each([
    '/%2e%2e/%2e%2e/etc/passwd',
    '/../../etc/passwd',
    '/editions%2f..%2f..%2fetc/passwd',
    '/a%00b',
    '/a%5cb',
  ])('refuses the traversal attempt %s', async (path) => {
    // Sent byte for byte: fetch() would normalize the dots away before the server saw them.
    const status = await new Promise<number | undefined>((done, fail) => {
      http
        .get(`${base}${path}`, { path }, (res) => {
          res.resume();
          done(res.statusCode);
        })
        .on('error', fail);
    });
    expect(status).toBe(400);
  });

  it('refuses to be written to', async () => {
    const res = await fetch(`${base}/index.html`, { method: 'PUT', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    await res.text();
  });

  it('tries routes first and serves the archive when none answers', async () => {
    const res = await fetch(`${base}/subscribe?d=world`, { method: 'POST', body: 'email=a' });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('routed');
    expect(routed).toEqual(['POST /subscribe?d=world']);
  });

  it('answers 500 without details when the store fails', async () => {
    const failing = createServer({
      store: {
        get: async () => {
          throw new Error('disk on fire');
        },
        put: async () => '',
        putIfAbsent: async () => true,
        list: async function* () {},
        delete: async () => undefined,
        describe: () => 'broken',
      },
    });
    failing.listen(0, '127.0.0.1');
    await once(failing, 'listening');
    const stderr = process.stderr.write;
    process.stderr.write = () => true;
    try {
      const res = await fetch(`http://127.0.0.1:${(failing.address() as AddressInfo).port}/`);
      expect(res.status).toBe(500);
      expect(await res.text()).not.toContain('disk on fire');
    } finally {
      process.stderr.write = stderr;
      failing.closeAllConnections();
      await new Promise((done) => failing.close(done));
    }
  });
});
