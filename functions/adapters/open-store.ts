// Picks the BlobStore a location names: a folder path → FsBlobStore, s3://bucket/prefix → S3BlobStore.
import { ConfigError } from '../core/errors.js';
import type { BlobStore } from '../ports.js';
import { FsBlobStore } from './fs-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

export interface OpenStoreOptions {
  /** S3-compatible endpoint (Ceph RGW, s3rver); path-style addressing is then the default. */
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function openStore(location: string, options: OpenStoreOptions = {}): BlobStore {
  const trimmed = location.trim();
  if (trimmed === '')
    throw new ConfigError('store: the archive location is empty; give a folder or s3://bucket/prefix');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(trimmed) && !/^[a-zA-Z]:[\\/]/.test(trimmed)) {
      throw new ConfigError(`store: "${location}" is neither a folder nor s3://bucket/prefix`);
    }
    return new FsBlobStore(trimmed);
  }
  if (scheme === 'file') return new FsBlobStore(new URL(trimmed).pathname);
  if (scheme !== 's3') {
    throw new ConfigError(
      `store: "${location}" is neither a folder nor s3://bucket/prefix (scheme ${scheme}: is not supported)`,
    );
  }
  const rest = trimmed.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/^\/+|\/+$/g, '');
  if (!BUCKET.test(bucket)) {
    throw new ConfigError(
      `store: "${location}" names bucket "${bucket}", which is not a valid S3 bucket name`,
    );
  }
  if (
    prefix.split('/').some((part) => part === '.' || part === '..') ||
    /\/\//.test(prefix) ||
    /[^\w\-./@=+,]/.test(prefix)
  ) {
    throw new ConfigError(`store: "${location}" has an invalid key prefix "${prefix}"`);
  }
  if (options.endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(options.endpoint);
    } catch {
      throw new ConfigError(`store: endpoint "${options.endpoint}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError(`store: endpoint "${options.endpoint}" is not http(s)`);
    }
  }
  return new S3BlobStore({
    bucket,
    prefix,
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.forcePathStyle !== undefined ? { forcePathStyle: options.forcePathStyle } : {}),
  });
}
