// Reads what the pipeline archived: editions/<digest>/<editionId>/digest.json, validated before any page uses it.

import { z } from 'zod';
import { mapLimit } from '../../concurrency.js';
import type { Digest } from '../../core/model.js';
import type { BlobStore } from '../../ports.js';

const SEGMENT = /^[\w\-.@=+,]+$/;

/** editions/<digest>/<editionId>/<rest> → its parts, or undefined for any other key. */
export function parseEditionKey(
  key: string,
): { digest: string; editionId: string; rest: string } | undefined {
  const match = /^editions\/([^/]+)\/([^/]+)\/(.+)$/.exec(key);
  if (match === null) return undefined;
  const [, digest, editionId, rest] = match;
  if (digest === undefined || editionId === undefined || rest === undefined) return undefined;
  if (!SEGMENT.test(digest) || !SEGMENT.test(editionId)) return undefined;
  return { digest, editionId, rest };
}

const iso = z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: 'must be an ISO timestamp' });

const figureSchema = z.looseObject({
  raw: z.string(),
  value: z.number().optional(),
  low: z.number().optional(),
  high: z.number().optional(),
  kind: z.string(),
  unit: z.string().optional(),
  counted: z.string().optional(),
  qualifier: z.string(),
  change: z.string(),
  concepts: z.array(z.string()).default([]),
  source: z.string().optional(),
  sentence: z.string().default(''),
  salience: z.number().default(0),
  start: z.number().default(0),
  end: z.number().default(0),
});

const storySchema = z.looseObject({
  id: z.string(),
  item: z.looseObject({
    id: z.string(),
    feedId: z.string(),
    url: z.string(),
    title: z.string(),
    author: z.string().optional(),
    publishedAt: z.string().optional(),
    text: z.string().default(''),
    categories: z.array(z.string()).default([]),
  }),
  alsoReportedBy: z
    .array(z.looseObject({ feedId: z.string(), feedName: z.string(), title: z.string(), url: z.string() }))
    .default([]),
  summary: z.string().default(''),
  figures: z.array(figureSchema).default([]),
  feedName: z.string(),
  score: z.number().default(0),
});

const sideSchema = z.looseObject({
  display: z.string(),
  editionId: z.string(),
  source: z.string().optional(),
  url: z.string(),
  seenAt: z.string(),
});

const digestSchema = z.looseObject({
  digest: z.string().regex(SEGMENT),
  title: z.string(),
  editionId: z.string().regex(SEGMENT),
  window: z.looseObject({ from: iso, to: iso }),
  generatedAt: iso,
  stories: z.array(storySchema),
  board: z
    .array(
      z.looseObject({
        storyId: z.string(),
        storyTitle: z.string(),
        storyUrl: z.string(),
        figure: figureSchema,
        display: z.string(),
      }),
    )
    .default([]),
  deltas: z
    .array(
      z.looseObject({
        measure: z.string(),
        label: z.string(),
        kind: z.enum(['change', 'conflict']),
        previous: sideSchema,
        current: sideSchema,
      }),
    )
    .default([]),
  feedHealth: z
    .array(
      z.looseObject({
        feedId: z.string(),
        feedName: z.string(),
        status: z.string(),
        itemsNew: z.number().default(0),
        itemsDuplicate: z.number().default(0),
        error: z.looseObject({ code: z.string(), message: z.string() }).optional(),
        lastSuccessAt: z.string().optional(),
        consecutiveFailures: z.number().default(0),
      }),
    )
    .default([]),
  archiveUrl: z.string().default(''),
});

/** Validates an archived digest.json; the message names the first broken field. */
export function parseArchivedDigest(
  json: unknown,
): { ok: true; digest: Digest } | { ok: false; problem: string } {
  const result = digestSchema.safeParse(json);
  if (result.success) return { ok: true, digest: result.data as unknown as Digest };
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '(top level)' : issue.path.join('.');
  return { ok: false, problem: `digest.json ${where}: ${issue?.message ?? 'is invalid'}` };
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
  const blob = await store.get(key);
  if (blob === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(blob.body.toString('utf8'));
  } catch (error) {
    return { problem: `digest.json is not JSON: ${(error as Error).message}` };
  }
  const parsed = parseArchivedDigest(json);
  if (!parsed.ok) return { problem: parsed.problem };
  const where = parseEditionKey(key);
  if (
    where !== undefined &&
    (where.digest !== parsed.digest.digest || where.editionId !== parsed.digest.editionId)
  ) {
    return {
      problem: `digest.json says ${parsed.digest.digest}/${parsed.digest.editionId} but is stored under ${where.digest}/${where.editionId}`,
    };
  }
  return { digest: parsed.digest };
}

/** Loads every archived edition; broken ones are reported, never fatal. */
export async function readEditions(store: BlobStore): Promise<EditionRead> {
  const keys = await collectKeys(store, 'editions/');
  const digestKeys = keys.filter((key) => parseEditionKey(key)?.rest === 'digest.json');
  const broken: EditionRead['broken'] = [];
  const loaded = await mapLimit(digestKeys, 8, async (key) => {
    const result = await loadArchivedDigest(store, key);
    if (result !== undefined && 'problem' in result) broken.push({ key, problem: result.problem });
    return result !== undefined && 'digest' in result ? { digest: result.digest, key } : undefined;
  });
  const editions = loaded.filter((e): e is ArchivedEdition => e !== undefined);
  broken.sort((a, b) => a.key.localeCompare(b.key));
  return { editions, broken, keys };
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
