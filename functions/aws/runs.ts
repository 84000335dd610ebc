// One scheduled run of a digest across functions: the planner writes a manifest of the feeds it fanned out,
// each ingest marks its feed done, and whichever ingest sees the last mark requests the build, exactly once.
// Every marker is a create-only write, so retries and duplicate deliveries change nothing.
import { keys } from '../core/keys.js';
import {
  type BuildRequest,
  type BuiltMarker,
  BuiltMarkerSchema,
  type FeedDoneMarker,
  type RunManifest,
  RunManifestSchema,
} from '../core/model.js';
import { jsonBody, readJson } from '../json-store.js';
import type { BlobStore } from '../ports.js';

export type { BuiltMarker, RunManifest } from '../core/model.js';

const JSON_META = { contentType: 'application/json', cacheControl: 'no-store' };

/** Writes the manifest unless this run already has one (a retried plan keeps the first). */
export async function startRun(store: BlobStore, manifest: RunManifest): Promise<RunManifest> {
  const created = await store.putIfAbsent(
    keys.runManifest(manifest.digest, manifest.runId),
    jsonBody(manifest),
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
  return readJson(store, keys.runManifest(digest, runId), RunManifestSchema);
}

/**
 * Marks one feed of the run done and says whether the run is now complete. The mark is written before the
 * listing, so of two ingests finishing together at least the later one sees both marks.
 */
export async function markFeedDone(
  store: BlobStore,
  digest: string,
  runId: string,
  health: FeedDoneMarker,
): Promise<{ complete: boolean; done: number; expected: number }> {
  const marker: FeedDoneMarker = { feedId: health.feedId, status: health.status, itemsNew: health.itemsNew };
  await store.putIfAbsent(keys.runDone(digest, runId, health.feedId), jsonBody(marker), JSON_META);
  const manifest = await readManifest(store, digest, runId);
  if (manifest === undefined) return { complete: false, done: 0, expected: 0 };
  const prefix = keys.runDonePrefix(digest, runId);
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
  const request: BuildRequest = { requestedAt: at.toISOString() };
  return store.putIfAbsent(keys.runBuildRequested(digest, runId), jsonBody(request), JSON_META);
}

export function readBuilt(store: BlobStore, digest: string, runId: string): Promise<BuiltMarker | undefined> {
  return readJson(store, keys.runBuilt(digest, runId), BuiltMarkerSchema);
}

export async function recordBuilt(store: BlobStore, marker: BuiltMarker): Promise<void> {
  await store.putIfAbsent(keys.runBuilt(marker.digest, marker.runId), jsonBody(marker), JSON_META);
}
