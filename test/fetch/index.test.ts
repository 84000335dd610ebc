import { describe, expect, it } from 'vitest';
import { type FeedValidators, fetchFeed } from '../../functions/fetch/index.js';
import type { FeedFetcher, FetchRequest } from '../../functions/ports.js';

/** Records the requests it is sent and answers 304. */
function recorder(): { fetcher: FeedFetcher; requests: FetchRequest[] } {
  const requests: FetchRequest[] = [];
  return {
    requests,
    fetcher: {
      async fetch(request) {
        requests.push(request);
        return { status: 'not_modified', url: request.url };
      },
    },
  };
}

describe('fetchFeed', () => {
  const url = 'https://n.example/feed.xml';
  const date = 'Sat, 28 Nov 2026 06:00:00 GMT';
  const cases: Array<[string, FeedValidators, FetchRequest]> = [
    ['both validators', { etag: '"v1"', lastModified: date }, { url, etag: '"v1"', lastModified: date }],
    ['an etag only', { etag: '"v1"' }, { url, etag: '"v1"' }],
    ['a Last-Modified only', { lastModified: date }, { url, lastModified: date }],
    ['none (a first fetch)', {}, { url }],
    ['empty ones as none', { etag: '', lastModified: '' }, { url }],
  ];
  it.each(cases)('sends %s of the feed state', async (_name, state, expected) => {
    const { fetcher, requests } = recorder();
    expect(await fetchFeed(fetcher, url, state)).toEqual({ status: 'not_modified', url });
    expect(requests).toEqual([expected]);
  });
});
