// Serves the archive from any BlobStore on localhost, as CloudFront would: index.html for folder paths, content
// types and cache headers, ETag/304, HEAD. Extra routes (the subscription endpoints) are tried first.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { cacheControlFor, contentTypeFor, isPrivateKey } from '../adapters/fs-blob-store.js';
import type { StreamedBlob } from '../adapters/s3-blob-store.js';
import type { BlobStore, StoredBlob } from '../ports.js';

export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface ServerOptions {
  store: BlobStore;
  routes?: Route[];
}

const SEGMENT = /^[\w\-.@=+,]+$/;

/**
 * The archive key a request path names, or undefined when it cannot name one (traversal, encoded slashes,
 * characters keys never have). A folder path ("/", "/editions/daily/") names its index.html.
 */
export function keyForPath(pathname: string): string | undefined {
  if (!pathname.startsWith('/')) return undefined;
  const raw = pathname.slice(1).split('/');
  const parts: string[] = [];
  for (const [i, part] of raw.entries()) {
    if (part === '' && i === raw.length - 1) break;
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return undefined;
    }
    if (decoded === '' || decoded === '.' || decoded === '..' || !SEGMENT.test(decoded)) return undefined;
    parts.push(decoded);
  }
  if (parts.length === 0 || pathname.endsWith('/')) parts.push('index.html');
  return parts.join('/');
}

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // Pages load only their own stylesheet, script and search index; feed links go out as plain anchors.
  'content-security-policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' https: data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
};

function send(
  res: ServerResponse,
  status: number,
  text: string,
  head: boolean,
  extra: Record<string, string> = {},
): void {
  const body = Buffer.from(text);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(body.length),
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(head ? undefined : body);
}

/** If-None-Match holds one of our etags (or *): the client's copy is current. */
function notModified(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || strip(tag) === strip(etag));
}

async function serveArchive(store: BlobStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    send(res, 405, 'Method not allowed: the archive is read-only.\n', false, { allow: 'GET, HEAD' });
    return;
  }
  // The raw path, not URL-normalized: a request that spells out "..", in any encoding, is refused, not resolved.
  const pathname = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
  const key = keyForPath(pathname);
  if (key === undefined) {
    send(res, 400, 'Bad request path.\n', head);
    return;
  }
  // Subscriber files, send claims and feed state stay private, as the bucket policy keeps them on AWS.
  if (isPrivateKey(key)) {
    send(res, 404, 'Not found.\n', head);
    return;
  }
  if (canStream(store)) {
    const streamed = await store.getStream(key);
    if (streamed !== undefined) {
      sendStreamed(streamed, key, req, res, head);
      return;
    }
  }
  const blob: (StoredBlob & { cacheControl?: string }) | undefined = await store.get(key);
  if (blob === undefined && !pathname.endsWith('/') && !key.endsWith('index.html')) {
    // "/editions/daily" → "/editions/daily/" when that folder has an index, so relative links resolve.
    if ((await store.get(`${key}/index.html`)) !== undefined) {
      send(res, 301, 'Moved.\n', head, { location: `${pathname}/` });
      return;
    }
  }
  if (blob === undefined) {
    send(res, 404, `Not found: /${key}\n`, head);
    return;
  }
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    etag: blob.etag,
    'content-type': blob.contentType ?? contentTypeFor(key),
    'cache-control': blob.cacheControl ?? cacheControlFor(key),
  };
  if (blob.lastModified !== undefined) headers['last-modified'] = blob.lastModified.toUTCString();
  if (notModified(req.headers['if-none-match'], blob.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  headers['content-length'] = String(blob.body.length);
  res.writeHead(200, headers);
  res.end(head ? undefined : blob.body);
}

/** A store that can hand out a body as a stream (S3BlobStore): large objects are never held in memory. */
interface StreamingStore {
  getStream(key: string): Promise<StreamedBlob | undefined>;
}

function canStream(store: BlobStore): store is BlobStore & StreamingStore {
  return typeof (store as Partial<StreamingStore>).getStream === 'function';
}

function sendStreamed(
  blob: StreamedBlob,
  key: string,
  req: IncomingMessage,
  res: ServerResponse,
  head: boolean,
): void {
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    etag: blob.etag,
    'content-type': blob.contentType,
    'cache-control': blob.cacheControl ?? cacheControlFor(key),
  };
  if (blob.lastModified !== undefined) headers['last-modified'] = blob.lastModified.toUTCString();
  if (head || notModified(req.headers['if-none-match'], blob.etag)) {
    blob.stream.destroy();
    res.writeHead(head ? 200 : 304, {
      ...headers,
      ...(head && blob.size !== undefined ? { 'content-length': String(blob.size) } : {}),
    });
    res.end();
    return;
  }
  if (blob.size !== undefined) headers['content-length'] = String(blob.size);
  res.writeHead(200, headers);
  pipeline(blob.stream, res).catch(() => {
    // The store's connection dropped mid-body: the client sees a cut response, never a wrong one.
    res.destroy();
  });
}

export function createServer(options: ServerOptions): http.Server {
  const routes = options.routes ?? [];
  return http.createServer((req, res) => {
    const handle = async (): Promise<void> => {
      for (const route of routes) {
        if (await route(req, res)) return;
      }
      await serveArchive(options.store, req, res);
    };
    handle().catch((error: unknown) => {
      // Log the name and message only: never request bodies or addresses.
      const e = error instanceof Error ? error : new Error(String(error));
      process.stderr.write(
        `serve: ${req.method ?? '?'} ${(req.url ?? '').slice(0, 200)} failed: ${e.name}: ${e.message}\n`,
      );
      if (!res.headersSent) send(res, 500, 'Internal error.\n', req.method === 'HEAD');
      else res.destroy();
    });
  });
}
