// One edition of one digest, orchestrated: the items that arrived since the last edition → dedupe across feeds →
// select the stories → track their figures in the ledger → compose → render → archive. Deterministic edition ids
// make a rerun after a crash rebuild the same edition instead of a second one.
import { createHash } from 'node:crypto';
import { archiveEdition } from '../archive/index.js';
import { composeDigest, selectStories } from '../compose/index.js';
import { mapLimit } from '../concurrency.js';
import type { DigestConfig } from '../config.js';
import { keys } from '../core/keys.js';
import {
  type Digest,
  DigestStateSchema,
  type FeedHealth,
  FeedStateSchema,
  LedgerSchema,
  type RenderedEdition,
  type StoredItem,
  StoredItemSchema,
} from '../core/model.js';
import { dedupeStories } from '../dedupe/index.js';
import { readJson, StoredJsonError } from '../json-store.js';
import { renderDigest } from '../render/index.js';
import { emptyLedger, trackFigures } from '../track/index.js';
import type { PipelineDeps } from './types.js';

export type EditionResult =
  | { status: 'skipped'; reason: string }
  | { status: 'built'; editionId: string; digest: Digest; rendered: RenderedEdition; keys: string[] };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Item reads in flight at once when an edition loads its window. */
const ITEM_READS = 16;

export async function buildEdition(digestConfig: DigestConfig, deps: PipelineDeps): Promise<EditionResult> {
  const { store, clock, config } = deps;
  const now = clock.now();
  const state = (await readJson(store, keys.digestState(digestConfig.name), DigestStateSchema)) ?? {
    digest: digestConfig.name,
  };

  const windowFrom = new Date(now.getTime() - digestConfig.windowHours * HOUR);
  const since =
    state.lastBuiltAt && new Date(state.lastBuiltAt) > windowFrom ? new Date(state.lastBuiltAt) : windowFrom;
  const records = (await loadItems(deps, windowFrom, now)).filter((r) => new Date(r.fetchedAt) > since);

  if (records.length === 0 && digestConfig.skipWhenEmpty) {
    return { status: 'skipped', reason: 'nothing new since the last edition' };
  }

  const editionId = editionIdFor(digestConfig, now, records);
  const window = { from: since.toISOString(), to: now.toISOString() };
  const generatedAt = now.toISOString();
  const stories = selectStories({
    digest: digestConfig,
    stories: dedupeStories(records),
    feeds: config.feeds,
    window,
  });
  if (stories.length === 0 && digestConfig.skipWhenEmpty) {
    return { status: 'skipped', reason: 'no new story matches the digest tags' };
  }

  // Track before compose: the deltas are an input of the digest, not written into it afterwards.
  const previous = await readJson(store, keys.ledgerJson, LedgerSchema);
  const tracked = trackFigures(previous ?? emptyLedger(), {
    digest: digestConfig.name,
    editionId,
    generatedAt,
    stories,
  });

  const archiveUrl = `${config.publicBaseUrl.replace(/\/+$/, '')}/${keys.edition(digestConfig.name, editionId)}`;
  const digest = composeDigest({
    digest: digestConfig,
    editionId,
    window,
    generatedAt,
    stories,
    feeds: config.feeds,
    feedHealth: await feedHealth(deps, records),
    archiveUrl,
    deltas: tracked.deltas,
  });

  const rendered = renderDigest(digest, { publicBaseUrl: config.publicBaseUrl });
  const written = await archiveEdition(
    store,
    { digest, rendered, ledger: tracked.ledger },
    {
      publicBaseUrl: config.publicBaseUrl,
      digests: config.digests.map((d) => ({ name: d.name, title: d.title })),
      now,
    },
  );
  return { status: 'built', editionId, digest, rendered, keys: written };
}

async function loadItems(deps: PipelineDeps, from: Date, to: Date): Promise<StoredItem[]> {
  const days: string[] = [];
  const firstDay = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  for (let t = firstDay; t <= to.getTime(); t += DAY) days.push(keys.itemDay(new Date(t).toISOString()));
  const itemKeys: string[] = [];
  for (const prefix of days) for await (const key of deps.store.list(prefix)) itemKeys.push(key);
  // Read ITEM_READS at a time (the store's I/O runs off the main thread), kept in key order. Keeping the items
  // ingested in this process in memory instead was measured slower: holding them all through ingest made the
  // peak heap half again as large and the garbage collector cost more than the reads.
  // An item record that does not validate (another version's format, a damaged object) is reported and left
  // out: one bad record must not stop every edition that would include it.
  const loaded = await mapLimit(itemKeys, ITEM_READS, async (key) => {
    try {
      return await readJson(deps.store, key, StoredItemSchema);
    } catch (error) {
      if (!(error instanceof StoredJsonError)) throw error;
      deps.log?.({ event: 'edition.item-unreadable', key, code: error.code });
      return undefined;
    }
  });
  const fromMs = from.getTime();
  const toMs = to.getTime();
  return loaded.filter((record): record is StoredItem => {
    if (record === undefined) return false;
    const at = new Date(record.fetchedAt).getTime();
    return at >= fromMs && at <= toMs;
  });
}

async function feedHealth(deps: PipelineDeps, records: StoredItem[]): Promise<FeedHealth[]> {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.item.feedId, (counts.get(r.item.feedId) ?? 0) + 1);
  return Promise.all(
    deps.config.feeds.map(async (feed): Promise<FeedHealth> => {
      const state = await readJson(deps.store, keys.feedState(feed.id), FeedStateSchema);
      const failures = state?.consecutiveFailures ?? 0;
      const paused = failures >= deps.config.pauseAfterFailures;
      const deferred = state?.deferredUntil !== undefined && new Date(state.deferredUntil) > deps.clock.now();
      return {
        feedId: feed.id,
        feedName: feed.name,
        status: paused ? 'paused' : deferred ? 'deferred' : failures > 0 ? 'failed' : 'ok',
        itemsNew: counts.get(feed.id) ?? 0,
        itemsDuplicate: 0,
        consecutiveFailures: failures,
        ...(state?.lastSuccessAt ? { lastSuccessAt: state.lastSuccessAt } : {}),
        ...(failures > 0 && state?.lastError
          ? { error: { code: state.lastError.code, message: state.lastError.message } }
          : {}),
      };
    }),
  );
}

/** <local date of the digest's zone>-<hash of its items>: readable, and the same for the same content. */
export function editionIdFor(digest: DigestConfig, now: Date, records: StoredItem[]): string {
  const local = new Intl.DateTimeFormat('en-CA', {
    timeZone: digest.schedule.timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  const hash = createHash('sha256');
  hash.update(digest.name);
  for (const id of records.map((r) => r.item.id).sort()) hash.update(`\n${id}`);
  if (records.length === 0) hash.update(`\n${now.toISOString()}`);
  return `${local}-${hash.digest('hex').slice(0, 6)}`;
}
