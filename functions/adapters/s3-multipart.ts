// Large unconditional bodies written to S3 in parts: each part retried on its own with its MD5, the completion
// recognized by the write id when its answer was lost, and an upload that fails aborted so no parts are left.
import { createHash } from 'node:crypto';
import { StoreError } from '../core/errors.js';
import { isNotFound } from './s3-errors.js';
import type { S3Attempt, S3ErrorHandler, S3Sdk } from './s3-retry.js';

/** Part size: S3 takes 5 MiB to 5 GiB per part (the last may be smaller). */
const PART_SIZE = 8 * 1024 * 1024;

/** The store's view of the one object being written, as the upload needs it. */
export interface MultipartTarget {
  /** Runs one call with the store's retries; `what` names it in the error ("upload part of"). */
  retry<R>(what: string, attempt: S3Attempt<R>, onError?: S3ErrorHandler<R>): Promise<R>;
  /** The SDK, for the abort that runs outside the retries. */
  sdk(): Promise<S3Sdk>;
  /** The object's current head, to recognize our own completion. */
  head(): Promise<{ etag: string; writeId?: string } | undefined>;
  describe(): string;
}

/** What every request of the upload repeats: bucket, key and the object's headers and metadata. */
export interface UploadHeaders {
  Bucket: string;
  Key: string;
  ContentType: string;
  CacheControl: string;
  Metadata: Record<string, string>;
}

/** The MD5 digest S3 checks a body (ContentMD5) and a plain ETag against. */
export function md5(bytes: Buffer | Uint8Array): Buffer {
  return createHash('md5').update(bytes).digest();
}

/**
 * Writes `bytes` in parts; resolves to the new ETag or to what `onError` made of the completion's error.
 * `writeId` is the id in `common.Metadata` that tells our own completed upload from another writer's object.
 */
export async function writeMultipart<T extends string>(
  target: MultipartTarget,
  bytes: Buffer,
  common: UploadHeaders,
  writeId: string | undefined,
  condition: { IfMatch?: string; IfNoneMatch?: string },
  onError: S3ErrorHandler<T>,
): Promise<string | T> {
  const created = await target.retry('start upload of', (abortSignal, { s3, client }) =>
    client.send(new s3.CreateMultipartUploadCommand(common), { abortSignal }),
  );
  const UploadId = created.UploadId;
  if (UploadId === undefined)
    throw new StoreError('STORE_FAILED', `store: no upload id for ${target.describe()}`);
  let completed = false;
  try {
    const parts: Array<{ ETag: string; PartNumber: number }> = [];
    for (let offset = 0, PartNumber = 1; offset < bytes.length; offset += PART_SIZE, PartNumber++) {
      const chunk = bytes.subarray(offset, Math.min(bytes.length, offset + PART_SIZE));
      const ContentMD5 = md5(chunk).toString('base64');
      const part = await target.retry('upload part of', (abortSignal, { s3, client }) =>
        client.send(
          new s3.UploadPartCommand({
            Bucket: common.Bucket,
            Key: common.Key,
            UploadId,
            PartNumber,
            Body: chunk,
            ContentMD5,
            ContentLength: chunk.length,
          }),
          { abortSignal },
        ),
      );
      parts.push({ ETag: part.ETag ?? '', PartNumber });
    }
    const result = await target.retry<string | T>(
      'complete upload of',
      async (abortSignal, { s3, client }) => {
        const out = await client.send(
          new s3.CompleteMultipartUploadCommand({
            Bucket: common.Bucket,
            Key: common.Key,
            UploadId,
            MultipartUpload: { Parts: parts },
            ...condition,
          }),
          { abortSignal },
        );
        return out.ETag ?? '';
      },
      async (error, earlier) => {
        // A completion retried after its answer was lost finds the upload gone: look at what landed.
        if (earlier && isNotFound(error)) {
          const head = await target.head();
          if (head !== undefined && writeId !== undefined && head.writeId === writeId)
            return { value: head.etag };
        }
        return onError(error, earlier);
      },
    );
    completed = typeof result === 'string' && result.startsWith('"');
    return result;
  } finally {
    if (!completed) {
      await target
        .sdk()
        .then(({ s3, client }) =>
          client.send(
            new s3.AbortMultipartUploadCommand({ Bucket: common.Bucket, Key: common.Key, UploadId }),
          ),
        )
        .catch(() => undefined);
    }
  }
}
