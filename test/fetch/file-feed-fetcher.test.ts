import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedError } from '../../functions/core/errors.js';
import { FileFeedFetcher } from '../../functions/fetch/file-feed-fetcher.js';

describe('FileFeedFetcher', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tally-file-fetch-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const url = (name: string) => pathToFileURL(join(dir, name)).href;

  it('reads a file, then answers not_modified for the same content and ok for a rewrite in the same second', async () => {
    const fetcher = new FileFeedFetcher();
    await writeFile(join(dir, 'a.xml'), '<rss version="2.0"><channel><title>A</title></channel></rss>');
    const first = await fetcher.fetch({ url: url('a.xml') });
    expect(first.status).toBe('ok');
    const etag = first.status === 'ok' ? first.etag : undefined;
    expect(await fetcher.fetch({ url: url('a.xml'), ...(etag ? { etag } : {}) })).toEqual({
      status: 'not_modified',
      url: url('a.xml'),
    });
    await writeFile(join(dir, 'a.xml'), '<rss version="2.0"><channel><title>B</title></channel></rss>');
    const third = await fetcher.fetch({ url: url('a.xml'), ...(etag ? { etag } : {}) });
    expect(third.status === 'ok' && third.body).toContain('<title>B</title>');
  });

  it('decodes the charset the XML declaration names', async () => {
    const latin1 = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Caf\xe9</title></channel></rss>',
      'latin1',
    );
    await writeFile(join(dir, 'latin1.xml'), latin1);
    const result = await new FileFeedFetcher().fetch({ url: url('latin1.xml') });
    expect(result.status === 'ok' && result.body).toContain('Café');
  });

  const failures: Array<[string, () => Promise<unknown>, string]> = [
    ['a missing file', () => new FileFeedFetcher().fetch({ url: url('missing.xml') }), 'FEED_NOT_FOUND'],
    ['a folder', () => new FileFeedFetcher().fetch({ url: pathToFileURL(dir).href }), 'FEED_NOT_FOUND'],
    [
      'a file over the cap',
      async () => {
        await writeFile(join(dir, 'big.xml'), 'x'.repeat(4096));
        return new FileFeedFetcher(1024).fetch({ url: url('big.xml') });
      },
      'FEED_TOO_LARGE',
    ],
    [
      'an http URL',
      () => new FileFeedFetcher().fetch({ url: 'http://127.0.0.1/feed' }),
      'FEED_UNSUPPORTED_SCHEME',
    ],
  ];
  it.each(failures)('refuses %s with a typed error', async (_name, run, code) => {
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).code).toBe(code);
    expect((error as FeedError).message).toMatch(/^fetch: /);
  });
});
