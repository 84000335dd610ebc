// Opens the archive BlobStore for the Lambda handlers: a folder locally, s3://bucket/prefix on AWS.
import { FsBlobStore } from '../adapters/fs-blob-store.js';
import { ConfigError } from '../core/errors.js';
import type { BlobStore } from '../ports.js';

interface OpenStoreModule {
  openStore(location: string, options?: { endpoint?: string; region?: string }): BlobStore;
}

export async function openArchive(location: string, region: string): Promise<BlobStore> {
  let module: OpenStoreModule | undefined;
  try {
    // open-store.ts (the archive engineer's) picks FsBlobStore or S3BlobStore; it reaches this branch on merge.
    // biome-ignore lint/suspicious/noTsIgnore: @ts-expect-error would fail type-checking once the module exists.
    // @ts-ignore -- absent on the mail branch alone; a plain import once merged (esbuild bundles it then).
    module = (await import('../adapters/open-store.js')) as OpenStoreModule;
  } catch {
    module = undefined;
  }
  if (module !== undefined) return module.openStore(location, { region });
  if (location.startsWith('s3://')) {
    throw new ConfigError(`config: cannot open ${location}: the S3 store adapter is not in this build`);
  }
  return new FsBlobStore(location);
}
