// One scheduled run of a digest across functions: the planner writes a manifest of the feeds it fanned out,
// each ingest marks its feed done, and whichever ingest sees the last mark requests the build, exactly once.
// Every marker is a create-only write, so retries and duplicate deliveries change nothing.
import type { FeedHealth } from '../core/model.js';
import type { BlobStore } from '../ports.js';

export interface RunManifest {
  digest: string;
  runId: string;
  feeds: string[];
  plannedAt: string;
}

export interface BuiltMarker {
  digest: string;
  runId: string;
  status: 'built' | 'skipped';
  editionId?: string;
  reason?: string;
  builtAt: string;
}

const base = (digest: string, runId: string) => `state/runs/${digest}/${runId}/`;

export const runKeys = {
  manifest: (digest: string, runId: string) => `${base(digest, runId)}manifest.json`,
  donePrefix: (digest: string, runId: string) => `${base(digest, runId)}done/`,
  done: (digest: string, runId: string, feedId: string) => `${base(digest, runId)}done/${feedId}.json`,
  buildRequested: (digest: string, runId: string) => `${base(digest, runId)}build-requested.json`,
  built: (digest: string, runId: string) => `${base(digest, runId)}built.json`,
};

const JSON_META = { contentType: 'application/json', cacheControl: 'no-store' };

async function readJson<T>(store: BlobStore, key: string): Promise<T | undefined> {
  const blob = await store.get(key);
  return blob === undefined ? undefined : (JSON.parse(blob.body.toString('utf8')) as T);
}

/** Writes the manifest unless this run already has one (a retried plan keeps the first). */
export async function startRun(store: BlobStore, manifest: RunManifest): Promise<RunManifest> {
  const created = await store.putIfAbsent(
    runKeys.manifest(manifest.digest, manifest.runId),
    `${JSON.stringify(manifest)}\n`,
    JSON_META,
  );
  if (created) return manifest;
  return (await readManifest(store, manifest.digest, manifest.runId)) ?? manifest;
}

export function readManifest(
  store: BlobStore,
  digest: string,
  runId: string,
): Promise<RunManifest | undefined> {
  return readJson<RunManifest>(store, runKeys.manifest(digest, runId));
}

/**
 * Marks one feed of the run done and says whether the run is now complete. The mark is written before the
 * listing, so of two ingests finishing together at least the later one sees both marks.
 */
export async function markFeedDone(
  store: BlobStore,
  digest: string,
  runId: string,
  health: Pick<FeedHealth, 'feedId' | 'status' | 'itemsNew'>,
): Promise<{ complete: boolean; done: number; expected: number }> {
  await store.putIfAbsent(
    runKeys.done(digest, runId, health.feedId),
    `${JSON.stringify({ feedId: health.feedId, status: health.status, itemsNew: health.itemsNew })}\n`,
    JSON_META,
  );
  const manifest = await readManifest(store, digest, runId);
  if (manifest === undefined) return { complete: false, done: 0, expected: 0 };
  const prefix = runKeys.donePrefix(digest, runId);
  const done = new Set<string>();
  for await (const key of store.list(prefix)) done.add(key.slice(prefix.length).replace(/\.json$/, ''));
  const expected = manifest.feeds.length;
  const complete = manifest.feeds.every((feedId) => done.has(feedId));
  return { complete, done: manifest.feeds.filter((f) => done.has(f)).length, expected };
}

/** True for exactly one caller per run. */
export function claimBuildRequest(
  store: BlobStore,
  digest: string,
  runId: string,
  at: Date,
): Promise<boolean> {
  return store.putIfAbsent(
    runKeys.buildRequested(digest, runId),
    `${JSON.stringify({ requestedAt: at.toISOString() })}\n`,
    JSON_META,
  );
}

export function readBuilt(store: BlobStore, digest: string, runId: string): Promise<BuiltMarker | undefined> {
  return readJson<BuiltMarker>(store, runKeys.built(digest, runId));
}

export async function recordBuilt(store: BlobStore, marker: BuiltMarker): Promise<void> {
  await store.putIfAbsent(
    runKeys.built(marker.digest, marker.runId),
    `${JSON.stringify(marker)}\n`,
    JSON_META,
  );
}
