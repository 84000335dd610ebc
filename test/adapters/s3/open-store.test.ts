import { describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../../functions/adapters/fs-blob-store.js';
import { openStore } from '../../../functions/adapters/open-store.js';
import { S3BlobStore } from '../../../functions/adapters/s3-blob-store.js';
import { ConfigError } from '../../../functions/core/errors.js';

describe('openStore', () => {
  it.each([
    ['/var/tally/archive', FsBlobStore, '/var/tally/archive'],
    ['./.tally/archive', FsBlobStore, undefined],
    ['file:///srv/archive', FsBlobStore, '/srv/archive'],
    ['s3://tally-archive', S3BlobStore, 's3://tally-archive'],
    ['s3://tally-archive/', S3BlobStore, 's3://tally-archive'],
    ['s3://tally-archive/prod/daily', S3BlobStore, 's3://tally-archive/prod/daily'],
    ['s3://tally-archive//prod/', S3BlobStore, 's3://tally-archive/prod'],
  ])('%s → %o', (location, kind, description) => {
    const store = openStore(location, { endpoint: 'http://127.0.0.1:7480' });
    expect(store).toBeInstanceOf(kind);
    if (description !== undefined) expect(store.describe()).toBe(description);
  });

  it.each([
    ['', /empty/],
    ['gs://bucket/prefix', /neither a folder nor s3:\/\/bucket\/prefix \(scheme gs: is not supported\)/],
    ['https://example.org/archive', /scheme https: is not supported/],
    ['s3://Bad_Bucket/x', /bucket "Bad_Bucket", which is not a valid S3 bucket name/],
    ['s3:///prefix-only', /bucket "", which is not a valid/],
    ['s3://bucket/../up', /invalid key prefix/],
    ['s3://bucket/sp ace', /invalid key prefix/],
    ['mailto:someone', /neither a folder nor s3/],
  ])('rejects %j with a ConfigError naming it', (location, message) => {
    let error: unknown;
    try {
      openStore(location);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^store: /);
    expect((error as ConfigError).message).toMatch(message);
  });

  it.each(['ftp://127.0.0.1', 'not a url'])('rejects the endpoint %j', (endpoint) => {
    expect(() => openStore('s3://tally-archive/x', { endpoint })).toThrow(ConfigError);
  });
});
