// S3BlobStore against a real S3 server on 127.0.0.1: s3rver in `npm test`, the S3_ENDPOINT server (Ceph RGW)
// in `npm run test:s3`. s3rver ignores conditional writes, so those cases run only against the latter.
import { randomBytes } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../functions/adapters/open-store.js';
import { S3BlobStore } from '../../functions/adapters/s3-blob-store.js';
import { describeBlobStoreContract } from './s3/contract.js';
import { listAll, openUploads, type S3Target, startS3Target } from './s3/target.js';

let target: S3Target;
beforeAll(async () => {
  target = await startS3Target();
}, 60_000);
afterAll(async () => {
  await target?.close();
});

function storeAt(
  prefix: string,
  extra: Partial<ConstructorParameters<typeof S3BlobStore>[0]> = {},
): S3BlobStore {
  return new S3BlobStore({ bucket: target.bucket, prefix, client: target.client(), ...extra });
}

describeBlobStoreContract('S3BlobStore', () => ({
  conditional: target.conditional,
  byteOrder: target.byteOrder,
  delimiter: target.delimiter,
  // pageSize 5 makes every listing of more than five keys page.
  fresh: async () => storeAt(`contract/${randomBytes(6).toString('hex')}`, { pageSize: 5 }),
}));

describe('S3BlobStore on the wire', () => {
  it('writes under its prefix and sends content type and cache-control as object metadata', async () => {
    const store = storeAt('wire/a');
    await store.put('editions/world/2025-03-05/digest.html', '<p>hi</p>');
    const head = await target
      .client()
      .send(
        new HeadObjectCommand({ Bucket: target.bucket, Key: 'wire/a/editions/world/2025-03-05/digest.html' }),
      );
    expect(head.ContentType).toBe('text/html; charset=utf-8');
    expect(head.CacheControl).toBe('public, max-age=31536000, immutable');
    expect(Object.keys(head.Metadata ?? {})).toContain('tally-write-id');
  });

  it('works with no prefix, straight at the bucket root', async () => {
    const store = new S3BlobStore({ bucket: target.bucket, client: target.client() });
    await store.put('rootcheck/x.txt', 'x');
    expect(await listAll(target.client(), target.bucket, 'rootcheck/')).toEqual(['rootcheck/x.txt']);
    expect(store.describe()).toBe(`s3://${target.bucket}`);
    expect(store.describe('a/b.txt')).toBe(`s3://${target.bucket}/a/b.txt`);
  });

  it('uploads a body above the multipart threshold in parts and leaves no upload open', async () => {
    const store = storeAt('wire/big', { multipartThreshold: 5 * 1024 * 1024 });
    const body = randomBytes(11 * 1024 * 1024 + 17);
    await store.put('items/2025/03/05/big.bin', body);
    const blob = await store.get('items/2025/03/05/big.bin');
    expect(blob?.body.length).toBe(body.length);
    expect(blob?.body.equals(body)).toBe(true);
    const open = await openUploads(target.client(), target.bucket);
    if (open !== undefined) expect(open).toBe(0);
  }, 60_000);

  it('keeps create-only semantics for a body above the multipart threshold', async (context) => {
    if (!target.conditional) context.skip();
    const store = storeAt('wire/big-create', { multipartThreshold: 5 * 1024 * 1024 });
    const first = randomBytes(6 * 1024 * 1024);
    expect(await store.putIfAbsent('items/2025/03/05/big.bin', first)).toBe(true);
    expect(await store.putIfAbsent('items/2025/03/05/big.bin', randomBytes(6 * 1024 * 1024))).toBe(false);
    expect((await store.get('items/2025/03/05/big.bin'))?.body.equals(first)).toBe(true);
  }, 60_000);

  it('is what openStore builds for s3://bucket/prefix with an endpoint', async () => {
    process.env.AWS_ACCESS_KEY_ID ??= target.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY ??= target.credentials.secretAccessKey;
    const store = openStore(`s3://${target.bucket}/opened/here/`, {
      endpoint: target.endpoint,
      region: target.region,
    });
    expect(store).toBeInstanceOf(S3BlobStore);
    expect(store.describe()).toBe(`s3://${target.bucket}/opened/here`);
    await store.put('index.html', 'hello');
    expect(await listAll(target.client(), target.bucket, 'opened/')).toEqual(['opened/here/index.html']);
  });

  it('fails with STORE_FAILED naming the object when the bucket does not exist', async () => {
    const store = new S3BlobStore({
      bucket: 'no-such-bucket-tally',
      client: target.client(),
      maxAttempts: 2,
      baseDelayMs: 1,
    });
    await expect(store.put('index.html', 'x')).rejects.toMatchObject({
      code: 'STORE_FAILED',
      message: expect.stringMatching(/^store: cannot write s3:\/\/no-such-bucket-tally\/index\.html: /),
    });
  });
});
