// Reads what the pipeline archived: editions/<digest>/<editionId>/digest.json, checked against the model's
// DigestSchema as it is read (json-store.ts), before any page uses it.

import { mapLimit } from '../../concurrency.js';
import { ARCHIVE_SEGMENT, keys } from '../../core/keys.js';
import { type Digest, DigestSchema } from '../../core/model.js';
import { readJson, StoredJsonError } from '../../json-store.js';
import type { BlobStore } from '../../ports.js';

/** editions/<digest>/<editionId>/<rest> → its parts, or undefined for any other key. */
export function parseEditionKey(
  key: string,
): { digest: string; editionId: string; rest: string } | undefined {
  const match = /^editions\/([^/]+)\/([^/]+)\/(.+)$/.exec(key);
  if (match === null) return undefined;
  const [, digest, editionId, rest] = match;
  if (digest === undefined || editionId === undefined || rest === undefined) return undefined;
  if (!ARCHIVE_SEGMENT.test(digest) || !ARCHIVE_SEGMENT.test(editionId)) return undefined;
  return { digest, editionId, rest };
}

export interface ArchivedEdition {
  digest: Digest;
  /** Key of its digest.json. */
  key: string;
}

export interface EditionRead {
  editions: ArchivedEdition[];
  /** digest.json objects that could not be used, with why. */
  broken: Array<{ key: string; problem: string }>;
  /** Every key under editions/, for checks that need the rest (digest.html, pages, claims). */
  keys: string[];
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

export function collectKeys(store: BlobStore, prefix: string): Promise<string[]> {
  return collect(store.list(prefix));
}

/**
 * One archived digest.json: the validated Digest, why it cannot be used (not JSON, a broken field, stored under
 * another edition's folder), or undefined when there is no such object.
 */
export async function loadArchivedDigest(
  store: BlobStore,
  key: string,
): Promise<{ digest: Digest } | { problem: string } | undefined> {
  let digest: Digest | undefined;
  try {
    digest = await readJson(store, key, DigestSchema);
  } catch (error) {
    if (error instanceof StoredJsonError) return { problem: `digest.json ${error.problem}` };
    throw error;
  }
  if (digest === undefined) return undefined;
  const where = parseEditionKey(key);
  if (where !== undefined && (where.digest !== digest.digest || where.editionId !== digest.editionId)) {
    return {
      problem: `digest.json says ${digest.digest}/${digest.editionId} but is stored under ${where.digest}/${where.editionId}`,
    };
  }
  return { digest };
}

/** Loads every archived edition; broken ones are reported, never fatal. */
export async function readEditions(store: BlobStore): Promise<EditionRead> {
  const listed = await collectKeys(store, keys.editions);
  const digestKeys = listed.filter((key) => parseEditionKey(key)?.rest === 'digest.json');
  const broken: EditionRead['broken'] = [];
  const loaded = await mapLimit(digestKeys, 8, async (key) => {
    const result = await loadArchivedDigest(store, key);
    if (result !== undefined && 'problem' in result) broken.push({ key, problem: result.problem });
    return result !== undefined && 'digest' in result ? { digest: result.digest, key } : undefined;
  });
  const editions = loaded.filter((e): e is ArchivedEdition => e !== undefined);
  broken.sort((a, b) => a.key.localeCompare(b.key));
  return { editions, broken, keys: listed };
}

/** Newest first: by generation time, then edition id. */
export function newestFirst(a: Digest, b: Digest): number {
  const t = Date.parse(b.generatedAt) - Date.parse(a.generatedAt);
  if (t !== 0) return t;
  return a.editionId < b.editionId ? 1 : a.editionId > b.editionId ? -1 : 0;
}

/** "2025-03" of an edition (UTC month of its generation time). */
export function editionMonth(digest: Digest): string {
  return new Date(digest.generatedAt).toISOString().slice(0, 7);
}
