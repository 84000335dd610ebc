import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../functions/adapters/fs-blob-store.js';
import { StoreError } from '../functions/core/errors.js';
import { keys } from '../functions/core/keys.js';
import { DigestStateSchema, FeedStateSchema } from '../functions/core/model.js';
import { readJson, StoredJsonError, writeJson } from '../functions/json-store.js';

let dir = '';
let store: FsBlobStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-json-store-'));
  store = new FsBlobStore(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readJson', () => {
  it('gives undefined for a key that holds nothing', async () => {
    expect(await readJson(store, keys.digestState('none'), DigestStateSchema)).toBeUndefined();
  });

  it('reads back what writeJson wrote, fields outside the shape dropped', async () => {
    const key = keys.feedState('wire');
    await writeJson(store, key, { feedId: 'wire', url: 'https://x.org/f', consecutiveFailures: 0, stray: 1 });
    expect((await store.get(key))?.body.toString('utf8')).toBe(
      '{"feedId":"wire","url":"https://x.org/f","consecutiveFailures":0,"stray":1}\n',
    );
    expect(await readJson(store, key, FeedStateSchema)).toEqual({
      feedId: 'wire',
      url: 'https://x.org/f',
      consecutiveFailures: 0,
    });
  });

  it('refuses an object that is not JSON with a typed error naming it', async () => {
    const key = keys.digestState('cut');
    await store.put(key, '{"digest":');
    const error = await readJson(store, key, DigestStateSchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoredJsonError);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'STORE_FAILED',
      key,
      problem: expect.stringMatching(/^is not JSON: /),
    });
    expect((error as Error).message).toContain(key);
  });

  it('refuses an object of the wrong shape, naming the key and the first problem', async () => {
    const key = keys.feedState('odd');
    await store.put(
      key,
      JSON.stringify({ feedId: 'odd', url: 'https://x.org/f', consecutiveFailures: 'two' }),
    );
    const error = await readJson(store, key, FeedStateSchema).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'STORE_FAILED',
      key,
      problem: expect.stringMatching(/^consecutiveFailures: /),
    });
    expect((error as Error).message).toMatch(/^store: .*state\/feeds\/odd\.json.*consecutiveFailures/);
  });
});
