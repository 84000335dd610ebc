// JSON objects in the blob store, checked against their schema (core/model.ts) where they are read: the one
// place stored shapes are validated. Writes are compact (the seen index holds up to 20,000 fingerprints per
// feed, rewritten every run) with a trailing newline.
import type { z } from 'zod';
import { StoreError } from './core/errors.js';
import { firstIssue } from './core/model.js';
import type { BlobMeta, BlobStore } from './ports.js';

/** A stored object that is not JSON, or not of its shape: `problem` names the first thing wrong. */
export class StoredJsonError extends StoreError {
  readonly key: string;
  /** "is not JSON: Unexpected end of JSON input", or "<path>: <what is wrong>" ("window.from: must be …"). */
  readonly problem: string;

  constructor(key: string, problem: string, message: string, options?: ErrorOptions) {
    super('STORE_FAILED', message, options);
    this.name = 'StoredJsonError';
    this.key = key;
    this.problem = problem;
  }
}

/** Parses one stored body against its schema; throws StoredJsonError naming the key and the first problem. */
export function decodeJson<S extends z.ZodType>(
  key: string,
  body: Buffer | string,
  schema: S,
  describe: string = key,
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (error) {
    throw new StoredJsonError(
      key,
      `is not JSON: ${(error as Error).message}`,
      `store: ${describe} is not valid JSON; remove or repair it`,
      { cause: error },
    );
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const problem = firstIssue(result.error);
  throw new StoredJsonError(
    key,
    problem,
    `store: ${describe} is not what it should hold (${problem}); remove or repair it`,
    {
      cause: result.error,
    },
  );
}

/** The object at key checked against its schema, or undefined when there is none. */
export async function readJson<S extends z.ZodType>(
  store: BlobStore,
  key: string,
  schema: S,
): Promise<z.output<S> | undefined> {
  const blob = await store.get(key);
  if (blob === undefined) return undefined;
  return decodeJson(key, blob.body, schema, store.describe(key));
}

/** Serialized as every stored JSON object is: compact, one trailing newline. */
export function jsonBody(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

export async function writeJson(
  store: BlobStore,
  key: string,
  value: unknown,
  cacheControl?: string,
): Promise<string> {
  const meta: BlobMeta = { contentType: 'application/json', ...(cacheControl ? { cacheControl } : {}) };
  return store.put(key, jsonBody(value), meta);
}
