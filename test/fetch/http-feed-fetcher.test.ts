import { readFileSync } from 'node:fs';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedError } from '../../functions/core/errors.js';
import { HttpFeedFetcher, parseRetryAfter } from '../../functions/fetch/http-feed-fetcher.js';
import { blockedAddressReason, numericHostSpelling } from '../../functions/fetch/ssrf.js';
import { parseFeed } from '../../functions/parse/index.js';
import {
  FEED_ETAG,
  FEED_LAST_MODIFIED,
  type HostileServer,
  startHostileServer,
} from '../helpers/hostile-server.js';

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(async () => {
  await server.close();
});

const allowed = () =>
  new HttpFeedFetcher({ allowHosts: ['127.0.0.1'], timeoutMs: 1_500, connectTimeoutMs: 1_000 });

async function failure(promise: Promise<unknown>): Promise<FeedError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FeedError);
    return error as FeedError;
  }
  throw new Error('expected the fetch to fail');
}

describe('HttpFeedFetcher: faults of a hostile server', () => {
  it.each([
    ['/gzip-bomb', 'FEED_TOO_LARGE', /after decompression/],
    ['/endless', 'FEED_TOO_LARGE', /exceeds 10 MiB/],
    ['/declared-huge', 'FEED_TOO_LARGE', /declares 1073741824 bytes/],
    ['/drip', 'FEED_TIMEOUT', /not complete within 1500 ms/],
    ['/hang', 'FEED_TIMEOUT', /no response/],
    ['/redirect-loop', 'FEED_TOO_MANY_REDIRECTS', /more than 5 redirects/],
    ['/redirect-metadata', 'FEED_BLOCKED_ADDRESS', /169\.254\.169\.254/],
    ['/redirect-decimal', 'FEED_BLOCKED_ADDRESS', /numeric IP spelling/],
    ['/redirect-file', 'FEED_UNSUPPORTED_SCHEME', /not file:/],
    ['/404', 'FEED_HTTP_STATUS', /HTTP 404/],
    ['/truncated', 'FEED_NETWORK', /closed before the body was complete/],
  ])('%s fails with %s', async (path, code, message) => {
    const error = await failure(allowed().fetch({ url: `${server.origin}${path}` }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^fetch: /);
    expect(error.message).toMatch(message);
  });

  it('defers on 429 with the Retry-After seconds', async () => {
    const error = await failure(allowed().fetch({ url: `${server.origin}/429` }));
    expect(error).toMatchObject({ code: 'FEED_DEFERRED', status: 429, retryAfterSeconds: 120 });
  });

  it('defers on 503 with a Retry-After date', async () => {
    const error = await failure(allowed().fetch({ url: `${server.origin}/503` }));
    expect(error.code).toBe('FEED_DEFERRED');
    expect(error.status).toBe(503);
    expect(error.retryAfterSeconds).toBeGreaterThan(3000);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(3600);
  });

  it('honours a smaller byte cap', async () => {
    const fetcher = new HttpFeedFetcher({ allowHosts: ['127.0.0.1'], maxBytes: 100 });
    const error = await failure(fetcher.fetch({ url: `${server.origin}/feed.xml` }));
    expect(error.code).toBe('FEED_TOO_LARGE');
  });

  it('stops after maxRedirects even when each hop is allowed', async () => {
    const fetcher = new HttpFeedFetcher({ allowHosts: ['127.0.0.1'], maxRedirects: 0 });
    const error = await failure(fetcher.fetch({ url: `${server.origin}/redirect-once` }));
    expect(error.code).toBe('FEED_TOO_MANY_REDIRECTS');
  });
});

describe('HttpFeedFetcher: normal feeds', () => {
  it.each([
    ['/feed.xml', 'Plain feed'],
    ['/gzip.xml', 'Gzip feed'],
    ['/deflate.xml', 'Deflate feed'],
    ['/br.xml', 'Brotli feed'],
    ['/redirect-once', 'Plain feed'],
    ['/cp1252.xml', 'Caf\u00e9 \u201cquotes\u201d \u2013 \u20ac5'],
    ['/cp1252-decl.xml', 'Caf\u00e9 \u201cquotes\u201d'],
    ['/utf16le.xml', '\u0423\u043a\u0440\u0430\u0457\u043d\u0430 \u65e5\u672c'],
    ['/utf16be-nobom.xml', '\u0423\u043a\u0440\u0430\u0457\u043d\u0430'],
  ])('%s decodes to a feed titled %j', async (path, title) => {
    const result = await allowed().fetch({ url: `${server.origin}${path}` });
    if (result.status !== 'ok') throw new Error('expected a body');
    const feed = await parseFeed(result.body, { feedId: 'test', feedUrl: result.url });
    expect(feed.meta.title).toBe(title);
    expect(feed.items).toHaveLength(1);
  });

  it('returns validators and the final URL', async () => {
    const result = await allowed().fetch({ url: `${server.origin}/redirect-once` });
    expect(result).toMatchObject({
      status: 'ok',
      url: `${server.origin}/feed.xml`,
      etag: FEED_ETAG,
      lastModified: FEED_LAST_MODIFIED,
    });
  });

  it.each([[{ etag: FEED_ETAG }], [{ lastModified: FEED_LAST_MODIFIED }]])(
    'answers 304 as not_modified when asked with %j',
    async (validators) => {
      const result = await allowed().fetch({ url: `${server.origin}/feed.xml`, ...validators });
      expect(result).toEqual({ status: 'not_modified', url: `${server.origin}/feed.xml` });
    },
  );

  it('sends a User-Agent naming Tally and its URL', async () => {
    await allowed().fetch({ url: `${server.origin}/user-agent` });
    const seen = server.requests.filter((r) => r.path === '/user-agent').at(-1);
    expect(seen?.headers['user-agent']).toMatch(/^Tally\/\S+ \(.*\+https?:\/\//);
  });
});

describe('HttpFeedFetcher: SSRF guard', () => {
  it('refuses 127.0.0.1 without an allow list, before any request is sent', async () => {
    const before = server.requests.length;
    const error = await failure(new HttpFeedFetcher().fetch({ url: `${server.origin}/feed.xml` }));
    expect(error.code).toBe('FEED_BLOCKED_ADDRESS');
    expect(server.requests.length).toBe(before);
  });

  it('refuses a name that resolves to loopback (checked at connect time, after DNS)', async () => {
    const error = await failure(
      new HttpFeedFetcher().fetch({ url: `http://localhost:${server.port}/feed.xml` }),
    );
    expect(error.code).toBe('FEED_BLOCKED_ADDRESS');
    expect(error.message).toMatch(/localhost/);
  });

  it.each([
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0x7f.0x0.0x0.0x1/',
    'http://0177.0.0.1/',
    'http://017700000001/',
    'http://127.1/',
    'http://0/',
  ])('refuses the numeric spelling %s even with 127.0.0.1 allowed', async (url) => {
    const error = await failure(allowed().fetch({ url: url.replace(/\/$/, `:${server.port}/feed.xml`) }));
    expect(error.code).toBe('FEED_BLOCKED_ADDRESS');
  });

  it.each([
    'http://10.0.0.1/',
    'http://172.16.5.4/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://[::1]/',
    'http://[::]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://[ff02::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:8.8.8.8]/',
    'http://[64:ff9b::a9fe:a9fe]/',
  ])('refuses the address %s before connecting', async (url) => {
    const error = await failure(new HttpFeedFetcher({ connectTimeoutMs: 200 }).fetch({ url }));
    expect(error.code).toBe('FEED_BLOCKED_ADDRESS');
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/feed', 'gopher://example.com/', 'data:text/xml,<rss/>'])(
    'refuses the scheme of %s',
    async (url) => {
      const error = await failure(allowed().fetch({ url }));
      expect(error.code).toBe('FEED_UNSUPPORTED_SCHEME');
    },
  );
});

describe('blockedAddressReason', () => {
  it.each([
    ['8.8.8.8', false],
    ['1.1.1.1', false],
    ['2606:4700:4700::1111', false],
    ['127.0.0.1', true],
    ['10.255.255.255', true],
    ['172.31.0.1', true],
    ['172.32.0.1', false],
    ['100.127.255.255', true],
    ['100.128.0.0', false],
    ['169.254.169.254', true],
    ['fd12:3456::1', true],
    ['fe80::1%eth0', true],
    ['0:0:0:0:0:ffff:7f00:1', true],
  ])('%s blocked: %s', (address, isBlocked) => {
    expect(blockedAddressReason(address) !== undefined).toBe(isBlocked);
  });
});

describe('numericHostSpelling', () => {
  it.each([
    ['2130706433', true],
    ['0x7f000001', true],
    ['0177.0.0.1', true],
    ['127.1', true],
    ['127.0.0.1', false],
    ['8.8.8.8', false],
    ['example.com', false],
    ['0xfeed.example', false],
    ['123.example.com', false],
  ])('%s → %s', (host, expected) => {
    expect(numericHostSpelling(host)).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2022-01-01T00:00:00Z');
  it.each([
    ['120', 120],
    ['0', 0],
    ['Sat, 01 Jan 2022 00:10:00 GMT', 600],
    ['Fri, 31 Dec 2021 00:00:00 GMT', 0],
    ['soon', undefined],
    [undefined, undefined],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('HttpFeedFetcher: TLS', () => {
  const tls = join(import.meta.dirname, '..', 'fixtures', 'feeds', 'tls');

  it('refuses an untrusted certificate with FEED_NETWORK', async () => {
    const httpsServer = createTlsServer(
      {
        cert: readFileSync(join(tls, 'self-signed-cert.pem')),
        key: readFileSync(join(tls, 'self-signed-key.pem')),
      },
      (_req, res) => res.end('<rss version="2.0"><channel><title>x</title></channel></rss>'),
    );
    await new Promise<void>((resolve) => httpsServer.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = httpsServer.address() as AddressInfo;
      const error = await failure(allowed().fetch({ url: `https://127.0.0.1:${port}/feed.xml` }));
      expect(error.code).toBe('FEED_NETWORK');
      expect(error.message).toMatch(/TLS failure|certificate/i);
    } finally {
      httpsServer.closeAllConnections();
      await new Promise<void>((resolve) => httpsServer.close(() => resolve()));
    }
  });

  it('counts a TLS handshake that never completes against the connect timeout', async () => {
    const sockets: Socket[] = [];
    // Accepts the TCP connection and never speaks TLS.
    const silent = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const fetcher = new HttpFeedFetcher({
        allowHosts: ['127.0.0.1'],
        connectTimeoutMs: 300,
        timeoutMs: 5_000,
      });
      const error = await failure(fetcher.fetch({ url: `https://127.0.0.1:${port}/feed.xml` }));
      expect(error.code).toBe('FEED_TIMEOUT');
      expect(error.message).toMatch(/no connection to 127\.0\.0\.1 within 300 ms/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
