// BlobStore on S3 or any S3-compatible server (Ceph RGW, s3rver): the same keys as the folder store.
// Create-only writes are conditional PUTs (If-None-Match: *), replacements may be conditional (If-Match), every
// call is retried with jittered backoff on throttling, 5xx, timeouts and dropped connections, and a write whose
// outcome was lost with a dropped connection is recognized on retry by a write id stored in its metadata.
// Error classification lives in s3-errors.ts, the retry loop in s3-retry.ts, multipart uploads in s3-multipart.ts.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { StoreError } from '../core/errors.js';
import { once } from '../core/once.js';
import type { BlobMeta, BlobStore, StoredBlob } from '../ports.js';
import { loadS3 } from './aws-sdk.js';
import { assertKey, cacheControlFor, contentTypeFor, unquoteEtag } from './fs-blob-store.js';
import {
  isConditionalConflict,
  isNotFound,
  isPreconditionFailed,
  slimCause,
  TruncatedBody,
} from './s3-errors.js';
import { md5, writeMultipart } from './s3-multipart.js';
import {
  type RetryPolicy,
  retryS3Call,
  type S3Attempt,
  type S3ErrorHandler,
  type S3Sdk,
} from './s3-retry.js';

export { isRetryableS3Error } from './s3-errors.js';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix inside the bucket ("archive" → archive/index.html); no leading or trailing slash needed. */
  prefix?: string;
  /** Used as is (its own retry and checksum settings stay); otherwise one is built from the options below. */
  client?: S3Client;
  region?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Attempts per call, first included (default 6). */
  maxAttempts?: number;
  /** Backoff: full jitter over min(maxDelayMs, baseDelayMs · 2^attempt) (defaults 100 and 5,000 ms). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** One attempt is abandoned (and retried) after this long (default 30,000 ms). */
  attemptTimeoutMs?: number;
  /** Bodies above this size go up in parts (default 16 MiB, minimum 5 MiB as S3 requires). */
  multipartThreshold?: number;
  /** Keys per ListObjectsV2 page (default 1,000). */
  pageSize?: number;
}

/** What `get` returns here: the port's blob plus the stored cache-control. */
export interface S3StoredBlob extends StoredBlob {
  cacheControl?: string;
}

/** An object whose body is read as it arrives. */
export interface StreamedBlob {
  stream: Readable;
  etag: string;
  contentType: string;
  cacheControl?: string;
  size?: number;
  lastModified?: Date;
}

const WRITE_ID = 'tally-write-id';

function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

export class S3BlobStore implements BlobStore {
  readonly bucket: string;
  readonly prefix: string;
  private readonly clientOptions: S3BlobStoreOptions;
  private readonly policy: RetryPolicy;
  private readonly multipartThreshold: number;
  private readonly pageSize: number;
  /** Whether the server matched If-Match only without quotes (learned from the first conditional write). */
  private bareIfMatch = false;

  constructor(options: S3BlobStoreOptions) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket)) {
      throw new StoreError('STORE_FAILED', `store: "${options.bucket}" is not a valid S3 bucket name`);
    }
    this.bucket = options.bucket;
    this.prefix = normalizePrefix(options.prefix);
    this.clientOptions = options;
    this.policy = {
      maxAttempts: Math.max(1, options.maxAttempts ?? 6),
      baseDelayMs: options.baseDelayMs ?? 100,
      maxDelayMs: options.maxDelayMs ?? 5_000,
      attemptTimeoutMs: options.attemptTimeoutMs ?? 30_000,
    };
    this.multipartThreshold = Math.max(5 * 1024 * 1024, options.multipartThreshold ?? 16 * 1024 * 1024);
    this.pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
  }

  describe(key?: string): string {
    if (key !== undefined) return `s3://${this.bucket}/${this.prefix}${key}`;
    return `s3://${this.bucket}${this.prefix === '' ? '' : `/${this.prefix.slice(0, -1)}`}`;
  }

  /**
   * The SDK module and the client, made on the first call (importing this module does not load the SDK). A caller's
   * client is used as is; otherwise one is built from the options, once (again after a failure).
   */
  private readonly sdk = once(() =>
    loadS3().then((s3): S3Sdk => {
      const options = this.clientOptions;
      const client =
        options.client ??
        new s3.S3Client({
          region: options.region ?? 'us-east-1',
          ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
          forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
          // This class retries (with write ids that make retried conditional writes safe); the SDK must not also.
          maxAttempts: 1,
          // MD5 is sent with every PUT; S3-compatible servers do not all take the SDK's default CRC trailers.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        });
      return { s3, client };
    }),
  );

  private objectKey(key: string): string {
    assertKey(key);
    return `${this.prefix}${key}`;
  }

  /** One S3 call on `key` with the store's retries (see retryS3Call). */
  private retry<T>(
    what: string,
    key: string,
    attempt: S3Attempt<T>,
    onError?: S3ErrorHandler<T>,
  ): Promise<T> {
    return retryS3Call(
      this.policy,
      () => this.sdk(),
      () => `${what} ${this.describe(key)}`,
      attempt,
      onError,
    );
  }

  /** A read-side call on one object: its full key is passed in, and a missing object is `undefined`, not an error. */
  private onObject<T>(
    what: string,
    key: string,
    attempt: (Key: string, abortSignal: AbortSignal, sdk: S3Sdk) => Promise<T>,
  ): Promise<T | undefined> {
    const Key = this.objectKey(key);
    return this.retry<T | undefined>(
      what,
      key,
      (abortSignal, sdk) => attempt(Key, abortSignal, sdk),
      async (error) => (isNotFound(error) ? { value: undefined } : undefined),
    );
  }

  async get(key: string): Promise<S3StoredBlob | undefined> {
    return this.onObject('read', key, async (Key, abortSignal, { s3, client }) => {
      const out = await client.send(new s3.GetObjectCommand({ Bucket: this.bucket, Key }), {
        abortSignal,
      });
      if (out.Body === undefined) throw new TruncatedBody(`store: ${key} came without a body`);
      const body = Buffer.from(await out.Body.transformToByteArray());
      // A dropped connection can end a body early without an error from every stack: check length and MD5.
      if (out.ContentLength !== undefined && out.ContentLength !== body.length) {
        throw new TruncatedBody(`store: ${key} body was ${body.length} of ${out.ContentLength} bytes`);
      }
      const etag = out.ETag ?? `"${md5(body).toString('hex')}"`;
      const plainMd5 = /^"?([0-9a-f]{32})"?$/.exec(etag)?.[1];
      if (
        plainMd5 !== undefined &&
        out.ServerSideEncryption !== 'aws:kms' &&
        md5(body).toString('hex') !== plainMd5
      ) {
        throw new TruncatedBody(`store: ${key} body does not match its ETag`);
      }
      const blob: S3StoredBlob = { body, etag };
      blob.contentType = out.ContentType ?? contentTypeFor(key);
      if (out.LastModified !== undefined) blob.lastModified = out.LastModified;
      if (out.CacheControl !== undefined) blob.cacheControl = out.CacheControl;
      return blob;
    });
  }

  /**
   * The object as a stream, for large bodies (the server pipes it out without holding it in memory). Only the
   * request is retried; a body cut short surfaces as a stream error to the reader.
   */
  async getStream(key: string): Promise<StreamedBlob | undefined> {
    return this.onObject('read', key, async (Key, _abortSignal, { s3, client }) => {
      const out = await client.send(new s3.GetObjectCommand({ Bucket: this.bucket, Key }));
      if (out.Body === undefined) throw new TruncatedBody(`store: ${key} came without a body`);
      const blob: StreamedBlob = {
        stream: out.Body as Readable,
        etag: out.ETag ?? '',
        contentType: out.ContentType ?? contentTypeFor(key),
      };
      if (out.CacheControl !== undefined) blob.cacheControl = out.CacheControl;
      if (out.ContentLength !== undefined) blob.size = out.ContentLength;
      if (out.LastModified !== undefined) blob.lastModified = out.LastModified;
      return blob;
    });
  }

  /** The stored metadata without the body; undefined when absent. */
  async head(
    key: string,
  ): Promise<
    { etag: string; contentType?: string; cacheControl?: string; size?: number; writeId?: string } | undefined
  > {
    return this.onObject('inspect', key, async (Key, abortSignal, { s3, client }) => {
      const out = await client.send(new s3.HeadObjectCommand({ Bucket: this.bucket, Key }), {
        abortSignal,
      });
      const head: {
        etag: string;
        contentType?: string;
        cacheControl?: string;
        size?: number;
        writeId?: string;
      } = { etag: out.ETag ?? '' };
      if (out.ContentType !== undefined) head.contentType = out.ContentType;
      if (out.CacheControl !== undefined) head.cacheControl = out.CacheControl;
      if (out.ContentLength !== undefined) head.size = out.ContentLength;
      const writeId = out.Metadata?.[WRITE_ID];
      if (writeId !== undefined) head.writeId = writeId;
      return head;
    });
  }

  async put(key: string, body: string | Buffer, meta?: BlobMeta & { ifMatch?: string }): Promise<string> {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const writeId = randomUUID();
    const ifMatch = meta?.ifMatch;
    if (ifMatch === undefined) return this.write(key, bytes, meta, writeId, {}, async () => undefined);
    const bare = unquoteEtag(ifMatch);
    // S3 takes the quoted etag; Ceph RGW (16.x) compares If-Match with the bare hex. Start with what worked last.
    const forms = this.bareIfMatch ? [bare, `"${bare}"`] : [`"${bare}"`, bare];
    for (const [i, form] of forms.entries()) {
      try {
        const etag = await this.write(
          key,
          bytes,
          meta,
          writeId,
          { IfMatch: form },
          async (error, earlier) => {
            if (!isPreconditionFailed(error)) return undefined;
            // Our own earlier attempt may have landed before its answer was lost: then the etag moved because of us.
            if (earlier) {
              const head = await this.head(key);
              if (head?.writeId === writeId) return { value: head.etag };
            }
            throw new StoreError(
              'STORE_PRECONDITION',
              `store: ${this.describe(key)} changed since it was read (expected ${ifMatch})`,
              {
                cause: slimCause(error),
              },
            );
          },
        );
        this.bareIfMatch = form === bare;
        return etag;
      } catch (error) {
        if (!(error instanceof StoreError) || error.code !== 'STORE_PRECONDITION' || i === forms.length - 1)
          throw error;
        // Refused although the object still carries that etag: the server wants the other spelling.
        const head = await this.head(key);
        if (head === undefined || unquoteEtag(head.etag) !== bare) throw error;
      }
    }
    throw new StoreError(
      'STORE_PRECONDITION',
      `store: ${this.describe(key)} changed since it was read (expected ${ifMatch})`,
    );
  }

  async putIfAbsent(key: string, body: string | Buffer, meta?: BlobMeta): Promise<boolean> {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const writeId = randomUUID();
    let conflicts = 0;
    const created = await this.write(
      key,
      bytes,
      meta,
      writeId,
      { IfNoneMatch: '*' },
      async (error, earlier) => {
        if (isConditionalConflict(error)) {
          // S3's 409: another conditional write on the key was in flight. Ask again; its outcome decides.
          conflicts++;
          if (conflicts < this.policy.maxAttempts) return undefined;
          return { value: 'exists' };
        }
        if (!isPreconditionFailed(error)) return undefined;
        if (earlier) {
          const head = await this.head(key);
          if (head?.writeId === writeId) return { value: 'created' };
        }
        return { value: 'exists' };
      },
    );
    return created !== 'exists';
  }

  /** One PUT (or multipart upload) with retries; resolves to the new ETag. */
  private async write<T extends string>(
    key: string,
    bytes: Buffer,
    meta: BlobMeta | undefined,
    writeId: string,
    condition: { IfMatch?: string; IfNoneMatch?: string },
    onError: S3ErrorHandler<T>,
  ): Promise<string | T> {
    const Key = this.objectKey(key);
    const common = {
      Bucket: this.bucket,
      Key,
      ContentType: meta?.contentType ?? contentTypeFor(key),
      CacheControl: meta?.cacheControl ?? cacheControlFor(key),
      Metadata: { [WRITE_ID]: writeId },
    };
    // Conditional writes stay single PUTs (S3 takes up to 5 GiB in one): Ceph RGW 16 ignores If-None-Match and
    // If-Match on CompleteMultipartUpload, which would let a second create-only writer replace the first.
    const conditional = condition.IfMatch !== undefined || condition.IfNoneMatch !== undefined;
    if (!conditional && bytes.length > this.multipartThreshold) {
      return writeMultipart(
        {
          retry: (what, attempt, handler) => this.retry(what, key, attempt, handler),
          sdk: () => this.sdk(),
          head: () => this.head(key),
          describe: () => this.describe(key),
        },
        bytes,
        common,
        writeId,
        condition,
        onError,
      );
    }
    const ContentMD5 = md5(bytes).toString('base64');
    return this.retry<string | T>(
      'write',
      key,
      async (abortSignal, { s3, client }) => {
        const out = await client.send(
          new s3.PutObjectCommand({
            ...common,
            ...condition,
            Body: bytes,
            ContentMD5,
            ContentLength: bytes.length,
          }),
          { abortSignal },
        );
        return out.ETag ?? `"${md5(bytes).toString('hex')}"`;
      },
      onError,
    );
  }

  async *list(prefix: string): AsyncIterable<string> {
    const seen = new Set<string>();
    for await (const page of this.listPages(prefix)) {
      for (const object of page.Contents ?? []) {
        // Some S3-compatible servers (s3rver) repeat keys across pages; a key is yielded once.
        if (object.Key === undefined || !object.Key.startsWith(this.prefix) || seen.has(object.Key)) continue;
        seen.add(object.Key);
        yield object.Key.slice(this.prefix.length);
      }
    }
  }

  /**
   * The "folders" directly under a prefix ending in '/' (S3 common prefixes with delimiter '/'), e.g.
   * listFolders('editions/') → 'editions/world/', … Lets the archive find editions without listing every
   * claim marker beside them.
   */
  async *listFolders(prefix: string): AsyncIterable<string> {
    for await (const page of this.listPages(prefix, '/')) {
      for (const common of page.CommonPrefixes ?? []) {
        if (common.Prefix?.startsWith(this.prefix)) yield common.Prefix.slice(this.prefix.length);
      }
    }
  }

  /** Every page of a ListObjectsV2 under the prefix, each request with the store's retries. */
  private async *listPages(prefix: string, Delimiter?: string) {
    const Prefix = `${this.prefix}${prefix}`;
    let ContinuationToken: string | undefined;
    do {
      const token = ContinuationToken;
      const page = await this.retry('list', prefix, (abortSignal, { s3, client }) =>
        client.send(
          new s3.ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix,
            ...(Delimiter !== undefined ? { Delimiter } : {}),
            MaxKeys: this.pageSize,
            ...(token !== undefined ? { ContinuationToken: token } : {}),
          }),
          { abortSignal },
        ),
      );
      yield page;
      ContinuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (ContinuationToken !== undefined);
  }

  async delete(key: string): Promise<void> {
    await this.onObject('delete', key, async (Key, abortSignal, { s3, client }) => {
      await client.send(new s3.DeleteObjectCommand({ Bucket: this.bucket, Key }), { abortSignal });
    });
  }
}
