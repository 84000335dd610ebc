// One feed, one pass: fetch (conditional) → parse → clean → dedupe → extract → items/…, with the feed's
// health kept in state/feeds/<feedId>.json. A feed's failure is recorded on that feed and returned as a value.

import { cleanFullText, cleanItem } from '../clean/index.js';
import { mapLimit } from '../concurrency.js';
import type { FeedConfig } from '../config.js';
import { describeError, FeedError, isTallyError } from '../core/errors.js';
import { keys } from '../core/keys.js';
import {
  type FeedHealth,
  type FeedItem,
  type FeedState,
  FeedStateSchema,
  SeenIndexSchema,
  type StoredItem,
} from '../core/model.js';
import { dedupeItems } from '../dedupe/index.js';
import { extractItem } from '../extract/index.js';
import { fetchFeed } from '../fetch/index.js';
import { readJson, writeJson } from '../json-store.js';
import { parseFeed } from '../parse/index.js';
import type { PipelineDeps } from './types.js';

export type { FeedState, StoredItem } from '../core/model.js';

/** Enough to remember several months of a busy feed; older items have long left every window. */
const MAX_SEEN = 20_000;
/** Item writes of one feed in flight at once. */
const ITEM_WRITES = 8;

export interface IngestResult extends FeedHealth {
  items: StoredItem[];
}

export async function ingestFeed(feed: FeedConfig, deps: PipelineDeps): Promise<IngestResult> {
  const { store, clock, config } = deps;
  const now = clock.now();
  const stateKey = keys.feedState(feed.id);
  const previous = await readJson(store, stateKey, FeedStateSchema);
  const state: FeedState =
    previous?.url === feed.url ? previous : { feedId: feed.id, url: feed.url, consecutiveFailures: 0 };
  const base = {
    feedId: feed.id,
    feedName: feed.name,
    itemsNew: 0,
    itemsDuplicate: 0,
    items: [] as StoredItem[],
  };

  if (state.consecutiveFailures >= config.pauseAfterFailures && !deps.retryPaused) {
    return {
      ...base,
      status: 'paused',
      consecutiveFailures: state.consecutiveFailures,
      ...(state.lastSuccessAt ? { lastSuccessAt: state.lastSuccessAt } : {}),
      error: {
        code: state.lastError?.code ?? 'FEED_PAUSED',
        message: `paused after ${state.consecutiveFailures} failures in a row; check it with \`tally fetch URL\`, then \`tally run --retry-paused\``,
      },
    };
  }
  if (state.deferredUntil && new Date(state.deferredUntil) > now) {
    return {
      ...base,
      status: 'deferred',
      consecutiveFailures: state.consecutiveFailures,
      ...(state.lastSuccessAt ? { lastSuccessAt: state.lastSuccessAt } : {}),
    };
  }

  try {
    const result = await fetchFeed(deps.fetcher, feed.url, state);
    const success: FeedState = {
      ...state,
      lastFetchAt: now.toISOString(),
      lastSuccessAt: now.toISOString(),
      consecutiveFailures: 0,
    };
    delete success.deferredUntil;
    delete success.lastError;
    if (result.status === 'not_modified') {
      await writeJson(store, stateKey, success);
      return { ...base, status: 'not_modified', consecutiveFailures: 0, lastSuccessAt: now.toISOString() };
    }
    const parsed = await parseFeed(result.body, { feedId: feed.id, feedUrl: result.url });
    const cleaned = await Promise.all(parsed.items.map((item) => withFullText(cleanItem(item), feed, deps)));

    const seenKey = keys.seenIndex(feed.id);
    const seen = (await readJson(store, seenKey, SeenIndexSchema)) ?? { version: 1, fingerprints: [] };
    const { fresh, duplicates, freshFingerprints } = dedupeItems(cleaned, new Set(seen.fingerprints));

    const fetchedAt = now.toISOString();
    const stored = fresh.map((item) => extractItem(item, feed.name, fetchedAt));
    // The writes overlap (the store's I/O runs off the main thread) instead of one await per item.
    await mapLimit(stored, ITEM_WRITES, async (record) => {
      const key = keys.item(fetchedAt, record.item.id);
      // Create-only: a crash after this write and before the seen index is saved cannot duplicate the item.
      await store.putIfAbsent(key, `${JSON.stringify(record)}\n`, { contentType: 'application/json' });
    });
    if (fresh.length > 0) {
      await writeJson(store, seenKey, {
        version: 1,
        fingerprints: [...seen.fingerprints, ...freshFingerprints].slice(-MAX_SEEN),
      });
    }
    success.etag = result.etag;
    success.lastModified = result.lastModified;
    await writeJson(store, stateKey, dropUndefined(success));
    return {
      ...base,
      status: 'ok',
      itemsNew: fresh.length,
      itemsDuplicate: duplicates.length,
      consecutiveFailures: 0,
      lastSuccessAt: fetchedAt,
      items: stored,
    };
  } catch (error) {
    // Anything thrown for one feed stays with that feed; unexpected errors are logged with their stack.
    if (!isTallyError(error))
      deps.log?.({
        event: 'ingest.unexpected',
        feedId: feed.id,
        stack: (error as Error)?.stack ?? String(error),
      });
    const failure = describeError(error);
    const deferred = error instanceof FeedError && error.code === 'FEED_DEFERRED';
    const next: FeedState = {
      ...state,
      lastFetchAt: now.toISOString(),
      consecutiveFailures: deferred ? state.consecutiveFailures : state.consecutiveFailures + 1,
      lastError: { ...failure, at: now.toISOString() },
    };
    if (deferred) {
      const seconds = (error as FeedError).retryAfterSeconds ?? 3600;
      next.deferredUntil = new Date(now.getTime() + seconds * 1000).toISOString();
    }
    await writeJson(store, stateKey, next);
    return {
      ...base,
      status: deferred ? 'deferred' : 'failed',
      error: failure,
      consecutiveFailures: next.consecutiveFailures,
      ...(state.lastSuccessAt ? { lastSuccessAt: state.lastSuccessAt } : {}),
    };
  }
}

async function withFullText(item: FeedItem, feed: FeedConfig, deps: PipelineDeps): Promise<FeedItem> {
  if (!feed.fullText) return item;
  try {
    return await cleanFullText(item, deps.fetcher);
  } catch (error) {
    // The teaser is still a usable item; the article page failing is not the feed failing.
    deps.log?.({
      event: 'ingest.fulltext-unavailable',
      feedId: feed.id,
      itemId: item.id,
      code: describeError(error).code,
    });
    return item;
  }
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
