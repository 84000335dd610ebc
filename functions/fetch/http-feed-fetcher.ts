// Fetches feeds over http(s) the careful way (Miniflux is the model): an SSRF guard on the resolved address of
// every hop, connect timeout and total deadline, a body cap counted after decompression, a redirect limit,
// conditional GET, polite deferral on 429/503, and charset decoding. Every failure is a FeedError with a code.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { FeedError } from '../core/errors.js';
import type { FeedFetcher, FetchRequest, FetchResult } from '../ports.js';
import { decodeFeedBody } from './charset.js';
import { blockedAddressReason, normalizeHost, numericHostSpelling, rawHostOf } from './ssrf.js';

export interface HttpFeedFetcherOptions {
  /** Time to establish the connection (TCP + TLS), per hop. Default 5 s. */
  connectTimeoutMs?: number;
  /** Deadline for the whole fetch, redirects and body included. Default 20 s. */
  timeoutMs?: number;
  /** Largest body accepted, counted after decompression. Default 10 MiB. */
  maxBytes?: number;
  /** Redirects followed before giving up. Default 5. */
  maxRedirects?: number;
  /** Host names or IP addresses that may be fetched although they are private (tests: 127.0.0.1). */
  allowHosts?: string[];
  userAgent?: string;
}

export const DEFAULT_USER_AGENT = 'Tally/0.1 (news digest; +https://github.com/tally-digest/tally)';

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.3';

function mib(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed), 7 * 24 * 3600);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.min(Math.ceil((date - now) / 1000), 7 * 24 * 3600));
}

interface Hop {
  status: number;
  headers: IncomingMessage['headers'];
  response: IncomingMessage;
  request: http.ClientRequest;
}

export class HttpFeedFetcher implements FeedFetcher {
  private readonly connectTimeoutMs: number;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxRedirects: number;
  private readonly allowHosts: ReadonlySet<string>;
  private readonly userAgent: string;

  constructor(options: HttpFeedFetcherOptions = {}) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.allowHosts = new Set((options.allowHosts ?? []).map(normalizeHost));
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  }

  async fetch(request: FetchRequest): Promise<FetchResult> {
    const deadline = Date.now() + this.timeoutMs;
    let current = request.url;
    for (let redirects = 0; ; redirects++) {
      const url = this.checkUrl(current);
      const hop = await this.open(url, request, deadline, redirects === 0);
      const { status, headers, response } = hop;
      if (status >= 300 && status < 400 && status !== 304 && headers.location !== undefined) {
        response.destroy();
        if (redirects >= this.maxRedirects) {
          throw new FeedError(
            'FEED_TOO_MANY_REDIRECTS',
            `fetch: more than ${this.maxRedirects} redirects (last hop ${url.href})`,
          );
        }
        // The Location as written: "http://2130706433/" must not slip through as the 127.0.0.1 it parses to.
        const rawTarget = rawHostOf(headers.location);
        if (
          rawTarget !== undefined &&
          numericHostSpelling(rawTarget) &&
          !this.allowHosts.has(normalizeHost(rawTarget))
        ) {
          throw new FeedError(
            'FEED_BLOCKED_ADDRESS',
            `fetch: redirect to host "${rawTarget}", a numeric IP spelling; refused`,
          );
        }
        try {
          current = new URL(headers.location, url).href;
        } catch {
          throw new FeedError(
            'FEED_HTTP_STATUS',
            `fetch: redirect to an unreadable location from ${url.href}`,
            {
              status,
            },
          );
        }
        continue;
      }
      if (status === 304) {
        response.destroy();
        return { status: 'not_modified', url: url.href };
      }
      if (status === 429 || status === 503) {
        response.destroy();
        const retryAfterSeconds = parseRetryAfter(headerValue(headers['retry-after']), Date.now());
        const wait = retryAfterSeconds === undefined ? '' : ` (retry after ${retryAfterSeconds} s)`;
        throw new FeedError(
          'FEED_DEFERRED',
          `fetch: server asked to come back later: HTTP ${status}${wait}`,
          {
            status,
            ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
          },
        );
      }
      if (status < 200 || status >= 300) {
        response.destroy();
        throw new FeedError('FEED_HTTP_STATUS', `fetch: HTTP ${status} from ${url.href}`, { status });
      }
      const bytes = await this.readBody(hop, url, deadline);
      const contentType = headerValue(headers['content-type']);
      const result: FetchResult = { status: 'ok', url: url.href, body: decodeFeedBody(bytes, contentType) };
      if (contentType !== undefined) result.contentType = contentType;
      const etag = headerValue(headers.etag);
      if (etag !== undefined) result.etag = etag;
      const lastModified = headerValue(headers['last-modified']);
      if (lastModified !== undefined) result.lastModified = lastModified;
      return result;
    }
  }

  /** Scheme and host checks that need no network: unsupported schemes, numeric spellings, literal IPs. */
  private checkUrl(input: string): URL {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new FeedError('FEED_INVALID', `fetch: not a URL: ${JSON.stringify(input.slice(0, 200))}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new FeedError(
        'FEED_UNSUPPORTED_SCHEME',
        `fetch: only http and https URLs are fetched, not ${url.protocol.replace(/:$/, '')}:`,
      );
    }
    const raw = rawHostOf(input);
    if (raw !== undefined && numericHostSpelling(raw) && !this.allowHosts.has(normalizeHost(raw))) {
      throw new FeedError('FEED_BLOCKED_ADDRESS', `fetch: host "${raw}" is a numeric IP spelling; refused`);
    }
    const host = normalizeHost(url.hostname);
    if (isIP(host) !== 0) this.checkAddress(host, host);
    return url;
  }

  private checkAddress(host: string, address: string): void {
    if (this.allowHosts.has(host) || this.allowHosts.has(normalizeHost(address))) return;
    const reason = blockedAddressReason(address);
    if (reason !== undefined) {
      throw new FeedError('FEED_BLOCKED_ADDRESS', `fetch: ${host} resolves to ${reason}; refused`);
    }
  }

  /** DNS lookup that only ever hands permitted addresses to the socket: the guard sits at connect time. */
  private guardedLookup(host: string): LookupFunction {
    return (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
        if (error) {
          callback(error, '', 0);
          return;
        }
        const permitted: LookupAddress[] = [];
        let refusal: FeedError | undefined;
        for (const entry of addresses) {
          try {
            this.checkAddress(host, entry.address);
            permitted.push(entry);
          } catch (guard) {
            refusal = guard as FeedError;
          }
        }
        const first = permitted[0];
        if (first === undefined) {
          callback(refusal ?? new FeedError('FEED_NETWORK', `fetch: ${host} has no address`), '', 0);
          return;
        }
        if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, permitted);
        else callback(null, first.address, first.family);
      });
    };
  }

  private open(url: URL, request: FetchRequest, deadline: number, firstHop: boolean): Promise<Hop> {
    const host = normalizeHost(url.hostname);
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
    };
    // Validators belong to the URL they came from; a redirect target gets an unconditional GET.
    if (firstHop && request.etag) headers['if-none-match'] = request.etag;
    if (firstHop && request.lastModified) headers['if-modified-since'] = request.lastModified;
    const transport = url.protocol === 'https:' ? https : http;

    return new Promise<Hop>((resolve, reject) => {
      let settled = false;
      const fail = (error: FeedError) => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        clearTimeout(deadlineTimer);
        req.destroy();
        reject(error);
      };
      const req = transport.request(url, {
        method: 'GET',
        headers,
        agent: false,
        lookup: this.guardedLookup(host),
      });
      const connectTimer = setTimeout(
        () =>
          fail(
            new FeedError(
              'FEED_TIMEOUT',
              `fetch: no connection to ${host} within ${this.connectTimeoutMs} ms`,
            ),
          ),
        Math.max(0, Math.min(this.connectTimeoutMs, deadline - Date.now())),
      );
      const deadlineTimer = setTimeout(
        () =>
          fail(
            new FeedError('FEED_TIMEOUT', `fetch: no response from ${url.href} within ${this.timeoutMs} ms`),
          ),
        Math.max(0, deadline - Date.now()),
      );
      req.on('socket', (socket: Socket) => {
        const onConnect = () => {
          // For https the connect timeout covers the TLS handshake too.
          if (url.protocol === 'https:') socket.once('secureConnect', () => clearTimeout(connectTimer));
          else clearTimeout(connectTimer);
          // Second line of defence: the peer we actually reached must be permitted too.
          const remote = socket.remoteAddress;
          if (remote !== undefined) {
            try {
              this.checkAddress(host, remote);
            } catch (guard) {
              fail(guard as FeedError);
            }
          }
        };
        if (socket.connecting) socket.once('connect', onConnect);
        else onConnect();
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof FeedError) return fail(error);
        fail(networkError(error, url));
      });
      req.on('response', (response) => {
        if (settled) {
          response.destroy();
          return;
        }
        settled = true;
        clearTimeout(connectTimer);
        clearTimeout(deadlineTimer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, response, request: req });
      });
      req.end();
    });
  }

  private readBody(hop: Hop, url: URL, deadline: number): Promise<Uint8Array> {
    const { response, headers } = hop;
    const max = this.maxBytes;
    const declared = Number(headerValue(headers['content-length']) ?? Number.NaN);
    if (Number.isFinite(declared) && declared > max) {
      response.destroy();
      return Promise.reject(
        new FeedError(
          'FEED_TOO_LARGE',
          `fetch: response declares ${declared} bytes, over the ${mib(max)} limit`,
        ),
      );
    }
    let stream: Readable;
    try {
      stream = decoded(response, headerValue(headers['content-encoding']));
    } catch (error) {
      response.destroy();
      return Promise.reject(error);
    }
    return new Promise<Uint8Array>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let total = 0;
      let compressed = 0;
      let settled = false;
      const finish = (error?: FeedError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          response.destroy();
          stream.destroy();
          reject(error);
        } else resolve(Buffer.concat(chunks, total));
      };
      const timer = setTimeout(
        () =>
          finish(
            new FeedError(
              'FEED_TIMEOUT',
              `fetch: body of ${url.href} not complete within ${this.timeoutMs} ms`,
            ),
          ),
        Math.max(0, deadline - Date.now()),
      );
      response.on('data', (chunk: Buffer) => {
        compressed += chunk.length;
        if (compressed > max) {
          finish(new FeedError('FEED_TOO_LARGE', `fetch: response exceeds ${mib(max)} (${url.href})`));
        }
      });
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > max) {
          finish(
            new FeedError(
              'FEED_TOO_LARGE',
              `fetch: response exceeds ${mib(max)} after decompression (${url.href})`,
            ),
          );
          return;
        }
        chunks.push(chunk);
      });
      stream.on('end', () => finish());
      stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof FeedError) finish(error);
        else if (
          error.code?.startsWith('Z_') ||
          /incorrect header|invalid|unexpected end/i.test(error.message)
        ) {
          finish(
            new FeedError(
              'FEED_INVALID',
              `fetch: body is not valid ${headerValue(headers['content-encoding'])} data (${error.message})`,
            ),
          );
        } else finish(networkError(error, url));
      });
      response.on('error', (error: NodeJS.ErrnoException) => finish(networkError(error, url)));
      response.on('close', () => {
        if (!response.complete) {
          finish(
            new FeedError(
              'FEED_NETWORK',
              `fetch: connection closed before the body was complete (${url.href})`,
            ),
          );
        }
      });
      response.on('aborted', () =>
        finish(
          new FeedError(
            'FEED_NETWORK',
            `fetch: connection closed before the body was complete (${url.href})`,
          ),
        ),
      );
    });
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value[0];
  return value;
}

/** The response body with its Content-Encoding undone (gzip, deflate, br; stacked encodings too). */
function decoded(response: IncomingMessage, encoding: string | undefined): Readable {
  const codings = (encoding ?? '')
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity');
  let stream: Readable = response;
  for (const coding of codings.reverse()) {
    let next: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress;
    if (coding === 'gzip' || coding === 'x-gzip') next = zlib.createGunzip();
    // zlib-wrapped or raw deflate: servers send both under "deflate".
    else if (coding === 'deflate') next = zlib.createUnzip();
    else if (coding === 'br') next = zlib.createBrotliDecompress();
    else throw new FeedError('FEED_INVALID', `fetch: unsupported Content-Encoding "${coding}"`);
    const source = stream;
    source.on('error', (error) => next.destroy(error));
    stream = source.pipe(next);
  }
  return stream;
}

function networkError(error: NodeJS.ErrnoException, url: URL): FeedError {
  const code = error.code ?? error.name;
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    return new FeedError('FEED_TIMEOUT', `fetch: ${url.host} timed out (${code})`, { cause: error });
  }
  const what =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? 'host not found'
      : code === 'ECONNREFUSED'
        ? 'connection refused'
        : code === 'ECONNRESET'
          ? 'connection reset'
          : /CERT|SSL|TLS/i.test(code)
            ? 'TLS failure'
            : 'network error';
  return new FeedError('FEED_NETWORK', `fetch: ${what} for ${url.host} (${code}: ${error.message})`, {
    cause: error,
  });
}
