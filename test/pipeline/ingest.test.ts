// ingestFeed against a folder store and a scripted fetcher: state, conditional GET, dedupe, failures, pause.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { parseConfig } from '../../functions/config.js';
import { FeedError } from '../../functions/core/errors.js';
import { type FeedState, ingestFeed } from '../../functions/pipeline/index.js';
import type { FeedFetcher, FetchRequest, FetchResult } from '../../functions/ports.js';

const NOW = new Date('2026-03-05T08:00:00Z');

function rss(items: Array<{ guid: string; title: string; body: string }>): string {
  const entries = items
    .map(
      (i) =>
        `<item><guid isPermaLink="false">${i.guid}</guid><title>${i.title}</title><link>https://wire.example.com/${i.guid}</link><pubDate>Wed, 04 Mar 2026 10:00:00 GMT</pubDate><description>${i.body}</description></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example.com/</link><description>d</description>${entries}</channel></rss>`;
}

class ScriptedFetcher implements FeedFetcher {
  readonly requests: FetchRequest[] = [];
  constructor(private readonly responses: Array<FetchResult | Error>) {}
  async fetch(request: FetchRequest): Promise<FetchResult> {
    this.requests.push(request);
    const next = this.responses.shift();
    if (!next) throw new Error('no scripted response left');
    if (next instanceof Error) throw next;
    return next;
  }
}

const config = parseConfig(
  {
    feeds: [{ name: 'Wire', url: 'https://wire.example.com/feed.xml' }],
    digests: [{ name: 'daily', title: 'Daily' }],
    sender: { from: 'digest@example.org' },
    pauseAfterFailures: 2,
  },
  '/tmp',
);
const feed = config.feeds[0] ?? (undefined as never);

describe('ingestFeed', () => {
  let dir: string;
  let store: FsBlobStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tally-ingest-'));
    store = new FsBlobStore(dir);
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const deps = (fetcher: FeedFetcher) => ({ config, store, fetcher, clock: { now: () => NOW } });

  it('stores new items with their figures, then sends the validators back and skips what it has seen', async () => {
    const body = rss([
      {
        guid: 'a1',
        title: 'Some 3,500 troops sent',
        body: 'North Korea sent some 3,500 soldiers to Russia, a lawmaker said.',
      },
      {
        guid: 'a2',
        title: 'Toll rises',
        body: 'At least 14 people were killed and 60 injured, officials said.',
      },
    ]);
    const fetcher = new ScriptedFetcher([
      { status: 'ok', url: feed.url, body, etag: '"v1"', lastModified: 'Wed, 04 Mar 2026 10:00:00 GMT' },
      { status: 'not_modified', url: feed.url },
      { status: 'ok', url: feed.url, body, etag: '"v2"' },
    ]);
    const first = await ingestFeed(feed, deps(fetcher));
    expect(first).toMatchObject({ status: 'ok', itemsNew: 2, itemsDuplicate: 0 });
    expect(first.items[0]?.figures.some((f) => f.value === 3500)).toBe(true);
    const items: string[] = [];
    for await (const key of store.list('items/2026/03/05/')) items.push(key);
    expect(items).toHaveLength(2);

    const second = await ingestFeed(feed, deps(fetcher));
    expect(second.status).toBe('not_modified');
    expect(fetcher.requests[1]).toMatchObject({
      etag: '"v1"',
      lastModified: 'Wed, 04 Mar 2026 10:00:00 GMT',
    });

    const third = await ingestFeed(feed, deps(fetcher));
    expect(third).toMatchObject({ status: 'ok', itemsNew: 0, itemsDuplicate: 2 });
  });

  it('records a failure on the feed, pauses it after repeated failures, and resumes on request', async () => {
    const invalid = new FeedError('FEED_INVALID', 'parse: not a feed');
    const fetcher = new ScriptedFetcher([
      invalid,
      invalid,
      { status: 'ok', url: feed.url, body: rss([{ guid: 'b', title: 'T', body: 'Two soldiers.' }]) },
    ]);
    expect(await ingestFeed(feed, deps(fetcher))).toMatchObject({ status: 'failed', consecutiveFailures: 1 });
    expect(await ingestFeed(feed, deps(fetcher))).toMatchObject({ status: 'failed', consecutiveFailures: 2 });
    const paused = await ingestFeed(feed, deps(fetcher));
    expect(paused.status).toBe('paused');
    expect(fetcher.requests).toHaveLength(2);
    const resumed = await ingestFeed(feed, { ...deps(fetcher), retryPaused: true });
    expect(resumed).toMatchObject({ status: 'ok', itemsNew: 1, consecutiveFailures: 0 });
  });

  it('defers a feed that answered 429 until its Retry-After has passed', async () => {
    const fetcher = new ScriptedFetcher([
      new FeedError('FEED_DEFERRED', 'fetch: HTTP 429', { retryAfterSeconds: 600, status: 429 }),
    ]);
    expect(await ingestFeed(feed, deps(fetcher))).toMatchObject({
      status: 'deferred',
      consecutiveFailures: 0,
    });
    const state = JSON.parse(
      (await store.get('state/feeds/wire.json'))?.body.toString() ?? '{}',
    ) as FeedState;
    expect(state.deferredUntil).toBe('2026-03-05T08:10:00.000Z');
    expect(await ingestFeed(feed, deps(fetcher))).toMatchObject({ status: 'deferred' });
    expect(fetcher.requests).toHaveLength(1);
  });

  it('replaces a teaser by the article text when the feed asks for full text', async () => {
    const teaser = rss([{ guid: 'c1', title: 'Aid arrives', body: 'Aid convoys reached the city.' }]);
    const paragraphs = Array.from(
      { length: 8 },
      (_, i) =>
        `<p>Paragraph ${i + 1}: roughly 1,200 tonnes of food and some 40,000 litres of fuel reached the city, the agency said, as convoys crossed the river after days of delay.</p>`,
    ).join('');
    const article = `<!doctype html><html><head><title>Aid arrives</title></head><body><nav>Home | World</nav><article><h1>Aid arrives</h1>${paragraphs}</article><footer>Copyright</footer></body></html>`;
    const fetcher = new ScriptedFetcher([
      { status: 'ok', url: feed.url, body: teaser },
      { status: 'ok', url: 'https://wire.example.com/c1', body: article, contentType: 'text/html' },
    ]);
    const result = await ingestFeed({ ...feed, fullText: true }, deps(fetcher));
    expect(fetcher.requests.map((r) => r.url)).toEqual([feed.url, 'https://wire.example.com/c1']);
    const text = result.items[0]?.item.text ?? '';
    expect(text).toContain('Paragraph 8');
    expect(text).not.toContain('Copyright');
    expect(result.items[0]?.figures.some((f) => f.value === 40_000)).toBe(true);
  });
});
