// One edition of one digest: the items that arrived since the last edition → stories (dedupe across feeds)
// → compose → ledger → render → archive. Deterministic edition ids make a rerun after a crash rebuild the
// same edition instead of a second one.
import { createHash } from 'node:crypto';
import { updateArchive } from '../archive/site/index.js';
import { composeDigest } from '../compose/index.js';
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
  RenderedEditionSchema,
  type StoredItem,
  StoredItemSchema,
  type Story,
} from '../core/model.js';
import { groupStories } from '../dedupe/index.js';
import { readJson, writeJson } from '../json-store.js';
import { publicEdition, renderDigest } from '../render/index.js';
import { emptyLedger, ledgerToCsv, ledgerToJson, trackFigures } from '../track/index.js';
import type { PipelineDeps } from './types.js';

export type { DigestState } from '../core/model.js';

export type EditionResult =
  | { status: 'skipped'; reason: string }
  | { status: 'built'; editionId: string; digest: Digest; rendered: RenderedEdition; keys: string[] };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Item reads in flight at once when an edition loads its window. */
const ITEM_READS = 16;

export async function buildEdition(digestConfig: DigestConfig, deps: PipelineDeps): Promise<EditionResult> {
  const { store, clock, config } = deps;
  const now = clock.now();
  const stateKey = keys.digestState(digestConfig.name);
  const state = (await readJson(store, stateKey, DigestStateSchema)) ?? { digest: digestConfig.name };

  const windowFrom = new Date(now.getTime() - digestConfig.windowHours * HOUR);
  const since =
    state.lastBuiltAt && new Date(state.lastBuiltAt) > windowFrom ? new Date(state.lastBuiltAt) : windowFrom;
  const records = (await loadItems(deps, windowFrom, now)).filter((r) => new Date(r.fetchedAt) > since);

  if (records.length === 0 && digestConfig.skipWhenEmpty) {
    return { status: 'skipped', reason: 'nothing new since the last edition' };
  }

  const editionId = editionIdFor(digestConfig, now, records);
  const stories = toStories(records);
  const archiveUrl = `${config.publicBaseUrl.replace(/\/+$/, '')}/${keys.edition(digestConfig.name, editionId)}`;
  const digest = composeDigest({
    digest: digestConfig,
    editionId,
    window: { from: since.toISOString(), to: now.toISOString() },
    generatedAt: now.toISOString(),
    stories,
    feeds: config.feeds,
    feedHealth: await feedHealth(deps, records),
    archiveUrl,
  });
  if (digest.stories.length === 0 && digestConfig.skipWhenEmpty) {
    return { status: 'skipped', reason: 'no new story matches the digest tags' };
  }

  const previous = await readJson(store, keys.ledgerJson, LedgerSchema);
  const tracked = trackFigures(previous ?? emptyLedger(), digest);
  digest.deltas = tracked.deltas;

  const rendered = renderDigest(digest, { publicBaseUrl: config.publicBaseUrl });
  // The archive copy is addressed to nobody: where the mail has its unsubscribe link, the page invites to subscribe.
  const subscribeUrl = `${config.publicBaseUrl.replace(/\/+$/, '')}/subscribe`;
  const archived = publicEdition(rendered, { subscribeUrl });

  const written: string[] = [];
  const put = async (key: string, body: string, contentType: string, cacheControl = IMMUTABLE) => {
    await store.put(key, body, { contentType, cacheControl });
    written.push(key);
  };
  const name = digestConfig.name;
  await put(
    keys.editionFile(name, editionId, 'digest.json'),
    `${JSON.stringify(digest)}\n`,
    'application/json',
  );
  await put(keys.editionFile(name, editionId, 'digest.html'), archived.html, 'text/html; charset=utf-8');
  await put(keys.editionFile(name, editionId, 'digest.txt'), archived.text, 'text/plain; charset=utf-8');
  await put(
    keys.editionFile(name, editionId, 'mail.json'),
    `${JSON.stringify(rendered)}\n`,
    'application/json',
  );
  await put(keys.ledgerJson, ledgerToJson(tracked.ledger), 'application/json', 'public, max-age=300');
  await put(keys.ledgerCsv, ledgerToCsv(tracked.ledger), 'text/csv; charset=utf-8', 'public, max-age=300');

  await writeJson(store, stateKey, {
    digest: name,
    lastEditionId: editionId,
    lastBuiltAt: now.toISOString(),
  });
  const archive = await updateArchive(store, {
    publicBaseUrl: config.publicBaseUrl,
    digests: config.digests.map((d) => ({ name: d.name, title: d.title })),
    now,
  });
  written.push(...archive.written);
  return { status: 'built', editionId, digest, rendered, keys: written };
}

/** The latest edition of a digest, as the sender needs it. */
export async function loadEdition(
  deps: Pick<PipelineDeps, 'store'>,
  digest: string,
  editionId?: string,
): Promise<{ editionId: string; rendered: RenderedEdition } | undefined> {
  const id =
    editionId ?? (await readJson(deps.store, keys.digestState(digest), DigestStateSchema))?.lastEditionId;
  if (!id) return undefined;
  const rendered = await readJson(
    deps.store,
    keys.editionFile(digest, id, 'mail.json'),
    RenderedEditionSchema,
  );
  return rendered ? { editionId: id, rendered } : undefined;
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
  const loaded = await mapLimit(itemKeys, ITEM_READS, (key) => readJson(deps.store, key, StoredItemSchema));
  const fromMs = from.getTime();
  const toMs = to.getTime();
  return loaded.filter((record): record is StoredItem => {
    if (record?.version !== 1) return false;
    const at = new Date(record.fetchedAt).getTime();
    return at >= fromMs && at <= toMs;
  });
}

/** Near-duplicates across feeds collapse into one story; the others are listed as also reported by. */
export function toStories(records: StoredItem[]): Story[] {
  const byId = new Map(records.map((r) => [r.item.id, r]));
  return groupStories(records.map((r) => r.item)).flatMap((group) => {
    const [first, ...rest] = group;
    const canonical = first && byId.get(first.id);
    if (!canonical) return [];
    return [
      {
        id: canonical.item.id,
        item: canonical.item,
        feedName: canonical.feedName,
        summary: canonical.summary,
        figures: canonical.figures,
        score: 0,
        alsoReportedBy: rest.flatMap((other) => {
          const record = byId.get(other.id);
          return record
            ? [{ feedId: other.feedId, feedName: record.feedName, title: other.title, url: other.url }]
            : [];
        }),
      },
    ];
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
