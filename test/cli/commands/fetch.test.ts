import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchCommand, runFetch } from '../../../functions/cli/commands/fetch.js';
import { UsageError } from '../../../functions/core/errors.js';
import { HttpFeedFetcher } from '../../../functions/fetch/http-feed-fetcher.js';
import { memoryIO } from '../../helpers/cli.js';
import { type HostileServer, startHostileServer } from '../../helpers/hostile-server.js';

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(async () => {
  await server.close();
});

const quick = (allowHosts: string[]) => new HttpFeedFetcher({ allowHosts, timeoutMs: 1_000 });

describe('tally fetch', () => {
  it('prints the normalized feed as JSON', async () => {
    const io = memoryIO('/');
    const code = await fetchCommand.run(
      [`${server.origin}/feed.xml`, '--allow-host', '127.0.0.1', '--json'],
      io,
    );
    expect(code).toBe(0);
    const printed = JSON.parse(io.out()) as {
      url: string;
      feed: { title: string };
      items: Array<Record<string, string>>;
    };
    expect(printed.feed.title).toBe('Plain feed');
    expect(printed.items).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        url: 'http://example.com/1',
        title: 'Item one',
        publishedAt: '2022-01-03T10:00:00.000Z',
        text: 'Some 3,500 soldiers were sent.',
      },
    ]);
    expect(io.err()).toBe('');
  });

  it('prints a readable listing without --json', async () => {
    const io = memoryIO('/');
    expect(await fetchCommand.run([`${server.origin}/cp1252.xml`, '--allow-host=127.0.0.1'], io)).toBe(0);
    expect(io.out()).toMatch(/^Café “quotes” – €5 — 1 item\(s\) — http:\/\/127\.0\.0\.1:\d+\/cp1252\.xml\n/);
    expect(io.out()).toContain('1. Item one\n   http://example.com/1\n');
  });

  it.each([
    [['http://127.0.0.1:9/feed.xml'], 2, 'FEED_BLOCKED_ADDRESS'],
    [['http://169.254.169.254/latest/meta-data/', '--allow-host', '127.0.0.1'], 2, 'FEED_BLOCKED_ADDRESS'],
    [['file:///etc/passwd'], 2, 'FEED_UNSUPPORTED_SCHEME'],
    [['http://2130706433/', '--allow-host', '127.0.0.1'], 2, 'FEED_BLOCKED_ADDRESS'],
  ])('refuses %j: exit %i, one line naming %s', async (args, exit, code) => {
    const io = memoryIO('/');
    expect(await fetchCommand.run(args, io)).toBe(exit);
    expect(io.err()).toMatch(new RegExp(`^tally: ${code} fetch: [^\\n]+\\n$`));
    expect(io.out()).toBe('');
  });

  it.each([
    ['/gzip-bomb', 2, 'FEED_TOO_LARGE'],
    ['/redirect-loop', 2, 'FEED_TOO_MANY_REDIRECTS'],
    ['/redirect-metadata', 2, 'FEED_BLOCKED_ADDRESS'],
    ['/404', 1, 'FEED_HTTP_STATUS'],
    ['/429', 1, 'FEED_DEFERRED'],
    ['/hang', 1, 'FEED_TIMEOUT'],
  ])('on the hostile route %s exits %i with %s', async (path, exit, code) => {
    const io = memoryIO('/');
    const status = await runFetch([`${server.origin}${path}`, '--allow-host', '127.0.0.1'], io, quick);
    expect(status).toBe(exit);
    expect(io.err()).toMatch(new RegExp(`^tally: ${code} `));
    expect(io.err().split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('exits 2 with FEED_INVALID for a body that is not a feed', async () => {
    const io = memoryIO('/');
    expect(await runFetch([`${server.origin}/not-a-feed`, '--allow-host', '127.0.0.1'], io, quick)).toBe(2);
    expect(io.err()).toMatch(/^tally: FEED_INVALID parse: /);
  });

  it('names the feeds a web page links when given the page', async () => {
    const io = memoryIO('/');
    expect(await runFetch([`${server.origin}/site.html`, '--allow-host', '127.0.0.1'], io, quick)).toBe(2);
    expect(io.err()).toBe(
      `tally: FEED_INVALID parse: ${server.origin}/site.html is a web page, not a feed; it links ${server.origin}/feed.xml\n`,
    );
  });

  it.each([[[]], [['a', 'b']], [['--allow-host']], [['--bogus', 'http://x.example/']]])(
    'rejects the arguments %j as usage errors',
    async (args) => {
      await expect(fetchCommand.run(args, memoryIO('/'))).rejects.toBeInstanceOf(UsageError);
    },
  );
});
