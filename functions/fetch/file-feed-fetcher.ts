// Reads feeds from disk (file:// URLs): the sample feeds and any local file in the config.
// Same contract as the HTTP fetcher: a size cap, charset decoding, typed errors.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FeedError } from '../core/errors.js';
import type { FeedFetcher, FetchRequest, FetchResult } from '../ports.js';
import { decodeFeedBody } from './charset.js';

export class FileFeedFetcher implements FeedFetcher {
  constructor(private readonly maxBytes: number = 10 * 1024 * 1024) {}

  async fetch(request: FetchRequest): Promise<FetchResult> {
    const url = new URL(request.url);
    if (url.protocol !== 'file:') {
      throw new FeedError('FEED_UNSUPPORTED_SCHEME', `fetch: ${url.protocol} is not a file URL`);
    }
    const path = fileURLToPath(url);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new FeedError(
        code === 'ENOENT' ? 'FEED_NOT_FOUND' : 'FEED_NETWORK',
        `fetch: cannot read ${path} (${code ?? 'error'})`,
        { cause: error },
      );
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new FeedError('FEED_NOT_FOUND', `fetch: ${path} is not a file`);
      if (info.size > this.maxBytes) {
        throw new FeedError(
          'FEED_TOO_LARGE',
          `fetch: ${path} is ${info.size} bytes, over the ${this.maxBytes}-byte cap`,
        );
      }
      const bytes = await handle.readFile();
      // A content hash, not the mtime: a file rewritten within the same second is still a change.
      const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;
      if (request.etag === etag) return { status: 'not_modified', url: request.url };
      return { status: 'ok', url: request.url, body: decodeFeedBody(bytes), etag };
    } finally {
      await handle.close();
    }
  }
}

/** Sends file: URLs to one fetcher and everything else to another. */
export class SchemeRoutingFetcher implements FeedFetcher {
  constructor(
    private readonly file: FeedFetcher,
    private readonly network: FeedFetcher,
  ) {}

  fetch(request: FetchRequest): Promise<FetchResult> {
    return request.url.startsWith('file:') ? this.file.fetch(request) : this.network.fetch(request);
  }
}
