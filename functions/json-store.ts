// JSON objects in the blob store: read with a clear error when an object is corrupt, write compact (the seen
// index holds up to 20,000 fingerprints per feed, rewritten every run) with a trailing newline.
import { StoreError } from './core/errors.js';
import type { BlobStore } from './ports.js';

export async function readJson<T>(store: BlobStore, key: string): Promise<T | undefined> {
  const blob = await store.get(key);
  if (!blob) return undefined;
  try {
    return JSON.parse(blob.body.toString('utf8')) as T;
  } catch (error) {
    throw new StoreError(
      'STORE_FAILED',
      `store: ${store.describe(key)} is not valid JSON; remove or repair it`,
      {
        cause: error,
      },
    );
  }
}

export async function writeJson(
  store: BlobStore,
  key: string,
  value: unknown,
  cacheControl?: string,
): Promise<string> {
  return store.put(key, `${JSON.stringify(value)}\n`, {
    contentType: 'application/json',
    ...(cacheControl ? { cacheControl } : {}),
  });
}
