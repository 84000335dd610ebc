// Fetch stage: one feed's conditional GET, sending back what its state remembers of the last answer (ETag,
// Last-Modified) so an unchanged feed costs a 304. The fetchers behind the FeedFetcher port live beside this file:
// http-feed-fetcher.ts (timeouts, byte cap, redirects, the SSRF guard of ssrf.ts on every hop), file-feed-fetcher.ts
// (file: feeds for local runs) and charset.ts (bytes → text).
import type { FeedFetcher, FetchResult } from '../ports.js';

/** The validators a feed's state keeps from its last successful answer. */
export interface FeedValidators {
  etag?: string;
  lastModified?: string;
}

/** Fetches the feed at `url`, conditional on the validators when there are any. Throws FeedError with a code. */
export function fetchFeed(fetcher: FeedFetcher, url: string, state: FeedValidators): Promise<FetchResult> {
  return fetcher.fetch({
    url,
    ...(state.etag ? { etag: state.etag } : {}),
    ...(state.lastModified ? { lastModified: state.lastModified } : {}),
  });
}
