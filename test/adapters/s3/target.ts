// The S3 server a suite runs against: the endpoint in S3_ENDPOINT (a real implementation such as Ceph RGW, with
// credentials from the usual AWS_* variables), else an s3rver started on 127.0.0.1 for this suite.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';

export interface S3Target {
  endpoint: string;
  bucket: string;
  /** True against a real implementation: conditional writes (If-None-Match, If-Match) are honoured. */
  conditional: boolean;
  /** True where listings come in byte order across pages (not s3rver; see contract.ts). */
  byteOrder: boolean;
  /** True where ListObjectsV2 honours the '/' delimiter (not s3rver). */
  delimiter: boolean;
  /** Credentials the target accepts (also exported as AWS_* for code that builds its own client). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  /** A client without retries of its own, for setting up and checking behind the store's back. */
  client(endpoint?: string): S3Client;
  close(): Promise<void>;
}

export const realEndpoint = process.env.S3_ENDPOINT;

export function makeClient(endpoint: string, credentials: S3Target['credentials'], region: string): S3Client {
  return new S3Client({
    endpoint,
    region,
    credentials,
    forcePathStyle: true,
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export async function startS3Target(): Promise<S3Target> {
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const bucket = `tally-test-${randomBytes(5).toString('hex')}`;
  if (realEndpoint !== undefined) {
    const credentials = {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
    };
    const admin = makeClient(realEndpoint, credentials, region);
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
    return {
      endpoint: realEndpoint,
      bucket,
      conditional: true,
      byteOrder: true,
      delimiter: true,
      credentials,
      region,
      client: (endpoint = realEndpoint) => makeClient(endpoint, credentials, region),
      close: async () => {
        await emptyBucket(admin, bucket);
        await admin.send(new DeleteBucketCommand({ Bucket: bucket }));
        admin.destroy();
      },
    };
  }
  const directory = await mkdtemp(join(tmpdir(), 'tally-s3rver-'));
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      fileURLToPath(new URL('./s3rver-main.mjs', import.meta.url)),
      directory,
      bucket,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const { port } = JSON.parse(line) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return {
    endpoint,
    bucket,
    conditional: false,
    byteOrder: false,
    delimiter: false,
    credentials,
    region,
    client: (url = endpoint) => makeClient(url, credentials, region),
    close: async () => {
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export async function listAll(client: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const o of page.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys;
}

/** Multipart uploads still open in the bucket; undefined where the server cannot tell (s3rver). */
export async function openUploads(client: S3Client, bucket: string): Promise<number | undefined> {
  try {
    const out = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    return out.Uploads?.length ?? 0;
  } catch (error) {
    if ((error as { name?: string }).name === 'NotImplemented') return undefined;
    throw error;
  }
}

async function emptyBucket(client: S3Client, bucket: string): Promise<void> {
  const uploads = await client
    .send(new ListMultipartUploadsCommand({ Bucket: bucket }))
    .catch(() => undefined);
  for (const u of uploads?.Uploads ?? []) {
    if (u.Key !== undefined && u.UploadId !== undefined) {
      await client.send(
        new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }),
      );
    }
  }
  for (const key of await listAll(client, bucket)) {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }
}
