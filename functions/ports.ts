// The edges of the system: small interfaces the core and the handlers depend on, with adapters behind them.
import type { Subscriber } from './core/model.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface BlobMeta {
  contentType?: string;
  cacheControl?: string;
}

export interface StoredBlob {
  body: Buffer;
  etag: string;
  contentType?: string;
  lastModified?: Date;
}

/**
 * Object storage with S3 semantics. Keys are '/'-separated, no leading slash (see ARCHITECTURE.md).
 * Both adapters (folder and S3) keep the same keys and the same conditional-create semantics.
 */
export interface BlobStore {
  /** The object, or undefined when the key does not exist. */
  get(key: string): Promise<StoredBlob | undefined>;
  /** Writes (replaces) the object; returns its new etag. With ifMatch, fails with STORE_PRECONDITION if the etag differs. */
  put(key: string, body: string | Buffer, meta?: BlobMeta & { ifMatch?: string }): Promise<string>;
  /** Create-only write: true if this call created the key, false if it already existed. */
  putIfAbsent(key: string, body: string | Buffer, meta?: BlobMeta): Promise<boolean>;
  /** Every key under the prefix, in lexicographic order. */
  list(prefix: string): AsyncIterable<string>;
  delete(key: string): Promise<void>;
  /** Human description for summaries ("/path/to/archive" or "s3://bucket/prefix"). */
  describe(key?: string): string;
}

/** One message to one recipient, as every Mailer takes it and the MIME builder (deliver/mime) writes it. */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe, List-Id …); checked, never allowed to replace the builder's own. */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Sends one message; returns a message id. Throws MailError (retryable or not). */
  send(message: MailMessage): Promise<{ messageId: string }>;
  describe(): string;
}

export interface FetchRequest {
  url: string;
  etag?: string;
  lastModified?: string;
}

export type FetchResult =
  | { status: 'not_modified'; url: string }
  | {
      status: 'ok';
      /** Final URL after redirects. */
      url: string;
      /** Decoded text of the body. */
      body: string;
      contentType?: string;
      etag?: string;
      lastModified?: string;
    };

/** Fetches feed documents. Throws FeedError with a stable code. */
export interface FeedFetcher {
  fetch(request: FetchRequest): Promise<FetchResult>;
}

export interface SubscriberStore {
  get(hash: string): Promise<{ subscriber: Subscriber; etag: string } | undefined>;
  /** Writes the subscriber; with ifMatch, fails with STORE_PRECONDITION on a concurrent change. */
  put(subscriber: Subscriber, ifMatch?: string): Promise<string>;
  list(): AsyncIterable<Subscriber>;
}
