// A BlobStore in memory, so the in-process ingest bench measures the stages and not the disk.
import { createHash } from 'node:crypto';
import { StoreError } from '../../functions/core/errors.js';
import type { BlobMeta, BlobStore, StoredBlob } from '../../functions/ports.js';

export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, StoredBlob>();

  async get(key: string): Promise<StoredBlob | undefined> {
    return this.blobs.get(key);
  }

  async put(key: string, body: string | Buffer, meta?: BlobMeta & { ifMatch?: string }): Promise<string> {
    if (meta?.ifMatch !== undefined && this.blobs.get(key)?.etag !== meta.ifMatch) {
      throw new StoreError('STORE_PRECONDITION', `store: ${key} changed since it was read (etag differs)`);
    }
    return this.write(key, body, meta);
  }

  async putIfAbsent(key: string, body: string | Buffer, meta?: BlobMeta): Promise<boolean> {
    if (this.blobs.has(key)) return false;
    this.write(key, body, meta);
    return true;
  }

  async *list(prefix: string): AsyncIterable<string> {
    const keys = [...this.blobs.keys()].filter((k) => k.startsWith(prefix)).sort();
    yield* keys;
  }

  async delete(key: string): Promise<void> {
    this.blobs.delete(key);
  }

  describe(key?: string): string {
    return `memory:${key ?? ''}`;
  }

  get size(): number {
    return this.blobs.size;
  }

  private write(key: string, body: string | Buffer, meta?: BlobMeta): string {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    this.blobs.set(key, {
      body: bytes,
      etag,
      ...(meta?.contentType ? { contentType: meta.contentType } : {}),
      lastModified: new Date(0),
    });
    return etag;
  }
}
