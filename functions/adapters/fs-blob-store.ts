// BlobStore on a local folder: the embedded default. Same keys and semantics as S3: create-only writes are
// atomic (temp file + link, EEXIST means "exists"), replacements go through temp file + rename so a reader never
// sees a half-written object, and ifMatch writes are checked under a per-key lock.
//
// Durability: objects are not fsynced. A crash of the process cannot lose a write that returned (the kernel has
// it); only a power loss or kernel crash can, and an fsync per item cost more than the rest of the write. The one
// exception is the create-only send claim (editions/<digest>/<id>/sent/<hash>.json): it is written before the
// mail goes out, so losing it after the mail left would send that mail a second time on the next run. Claims
// are fsynced, file and folder, before putIfAbsent returns.
import { createHash, randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { StoreError } from '../core/errors.js';
import { isPrivateKey } from '../core/keys.js';
import type { BlobMeta, BlobStore, StoredBlob } from '../ports.js';

const KEY = /^(?!\/)(?!.*\/\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[\w\-./@=+,]+$/;

/** Folder under the root holding metadata sidecars; never a key, never listed. */
const META_DIR = '.tally-meta';

export function assertKey(key: string): void {
  if (
    !KEY.test(key) ||
    key.length > 1024 ||
    key === META_DIR ||
    key.startsWith(`${META_DIR}/`) ||
    // The folder store's own temp and lock files end so; no object may look like one.
    /\.(tmp|lock)$/.test(key)
  ) {
    throw new StoreError('STORE_FAILED', `store: invalid key "${key.slice(0, 80)}"`);
  }
}

/** An etag without quotes or weak prefix: S3 servers differ in which spelling If-Match wants. */
export function unquoteEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}

export function etagOf(body: Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/atom+xml',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.eml': 'message/rfc822',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export function contentTypeFor(key: string): string {
  const dot = key.lastIndexOf('.');
  return (dot >= 0 && CONTENT_TYPES[key.slice(dot)]) || 'application/octet-stream';
}

export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
export const CACHE_PAGE = 'public, max-age=3600';
export const CACHE_INDEX = 'public, max-age=300';
export const CACHE_PRIVATE = 'private, no-store';

/**
 * Cache-Control derived from the key (ARCHITECTURE.md layout): an edition's rendered files never change once
 * written; edition pages change only when a neighbour appears; indexes, feeds and the ledger change every edition;
 * state, items, claims and subscribers are never for caches.
 */
export function cacheControlFor(key: string): string {
  if (isPrivateKey(key)) return CACHE_PRIVATE;
  if (/^editions\/[^/]+\/[^/]+\/digest\.(html|txt|json)$/.test(key)) return CACHE_IMMUTABLE;
  if (/^editions\/[^/]+\/[^/]+\/index\.html$/.test(key)) return CACHE_PAGE;
  if (/^assets\//.test(key)) return CACHE_PAGE;
  return CACHE_INDEX;
}

/** Keys a public reader must never get (subscriber files, send claims, feed state). */
/** Private keys (state, items, subscribers, claims, delivery reports, mail payloads) are never served. */
export { isPrivateKey };

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function storeFailed(action: string, key: string, error: unknown): StoreError {
  return new StoreError('STORE_FAILED', `store: cannot ${action} ${key}: ${(error as Error).message}`, {
    cause: error,
  });
}

/** A folder's entries when listing `prefix`: none where the folder, or one on its path, does not exist. */
async function entriesOf(dir: string, prefix: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') return [];
    throw storeFailed('list', prefix, error);
  }
}

const LOCK_STALE_MS = 30_000;

/** Keys whose loss after a power cut would cause a double send: the create-only send claims. */
const DURABLE_KEY = /^editions\/[^/]+\/[^/]+\/sent\//;

/** Runs work; when it fails because the folder is missing (ENOENT), creates the folder and runs it once more. */
async function inFolder<T>(dir: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (errno(error) !== 'ENOENT') throw error;
    await mkdir(dir, { recursive: true });
    return work();
  }
}

/** Makes a created or renamed entry of dir survive a power cut. */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class FsBlobStore implements BlobStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    assertKey(key);
    return join(this.root, ...key.split('/'));
  }

  private metaPathOf(key: string): string {
    return join(this.root, META_DIR, ...`${key}.json`.split('/'));
  }

  describe(key?: string): string {
    return key === undefined ? this.root : this.pathOf(key);
  }

  async get(key: string): Promise<(StoredBlob & { cacheControl: string }) | undefined> {
    const path = this.pathOf(key);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR' || errno(error) === 'EISDIR')
        return undefined;
      throw storeFailed('read', key, error);
    }
    try {
      // One handle for both: a rename between two calls cannot pair one version's bytes with another's time.
      const info = await handle.stat();
      if (!info.isFile()) return undefined;
      const body = await handle.readFile();
      const meta = await this.readMeta(key);
      return {
        body,
        etag: etagOf(body),
        contentType: meta.contentType ?? contentTypeFor(key),
        cacheControl: meta.cacheControl ?? cacheControlFor(key),
        lastModified: info.mtime,
      };
    } catch (error) {
      if (errno(error) === 'EISDIR') return undefined;
      throw storeFailed('read', key, error);
    } finally {
      await handle.close();
    }
  }

  /** Content type and cache-control as S3 would return them: the stored sidecar, else derived from the key. */
  async head(key: string): Promise<Required<BlobMeta> | undefined> {
    try {
      await stat(this.pathOf(key));
    } catch (error) {
      if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') return undefined;
      throw storeFailed('stat', key, error);
    }
    const meta = await this.readMeta(key);
    return {
      contentType: meta.contentType ?? contentTypeFor(key),
      cacheControl: meta.cacheControl ?? cacheControlFor(key),
    };
  }

  private async readMeta(key: string): Promise<BlobMeta> {
    let text: string;
    try {
      text = await readFile(this.metaPathOf(key), 'utf8');
    } catch {
      return {};
    }
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null) return {};
      const record = value as Record<string, unknown>;
      const meta: BlobMeta = {};
      if (typeof record.contentType === 'string') meta.contentType = record.contentType;
      if (typeof record.cacheControl === 'string') meta.cacheControl = record.cacheControl;
      return meta;
    } catch {
      return {};
    }
  }

  /** Keeps a sidecar only when the caller's metadata differs from what the key derives; removes a stale one. */
  private async writeMeta(key: string, meta: BlobMeta | undefined): Promise<void> {
    const path = this.metaPathOf(key);
    const explicit: BlobMeta = {};
    if (meta?.contentType !== undefined && meta.contentType !== contentTypeFor(key)) {
      explicit.contentType = meta.contentType;
    }
    if (meta?.cacheControl !== undefined && meta.cacheControl !== cacheControlFor(key)) {
      explicit.cacheControl = meta.cacheControl;
    }
    if (explicit.contentType === undefined && explicit.cacheControl === undefined) {
      await rm(path, { force: true });
      return;
    }
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify(explicit));
    await rename(temp, path);
  }

  /** A new temp file beside path holding bytes; the folder is created only when missing (no mkdir per write). */
  private async writeTemp(path: string, bytes: Buffer, durable = false): Promise<string> {
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    if (!durable) {
      await inFolder(dirname(path), () => writeFile(temp, bytes, { flag: 'wx' }));
      return temp;
    }
    const handle = await inFolder(dirname(path), () => open(temp, 'wx'));
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return temp;
  }

  async put(key: string, body: string | Buffer, meta?: BlobMeta & { ifMatch?: string }): Promise<string> {
    const path = this.pathOf(key);
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const write = async (): Promise<void> => {
      if (meta?.ifMatch !== undefined) {
        const current = await this.get(key);
        // Quoted or bare, as S3 servers accept it.
        if (current === undefined || unquoteEtag(current.etag) !== unquoteEtag(meta.ifMatch)) {
          throw new StoreError(
            'STORE_PRECONDITION',
            current === undefined
              ? `store: ${key} does not exist, so it cannot match ${meta.ifMatch}`
              : `store: ${key} changed since it was read (etag ${current.etag}, expected ${meta.ifMatch})`,
          );
        }
      }
      let temp: string | undefined;
      try {
        temp = await this.writeTemp(path, bytes);
        await this.writeMeta(key, meta);
        await rename(temp, path);
        temp = undefined;
      } catch (error) {
        throw storeFailed('write', key, error);
      } finally {
        if (temp !== undefined) await rm(temp, { force: true });
      }
    };
    // Every write takes the key's lock, so a conditional write's check and rename are atomic against all writers.
    await this.withLock(path, key, write);
    return etagOf(bytes);
  }

  async putIfAbsent(key: string, body: string | Buffer, meta?: BlobMeta): Promise<boolean> {
    const path = this.pathOf(key);
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const durable = DURABLE_KEY.test(key);
    let temp: string | undefined;
    try {
      temp = await this.writeTemp(path, bytes, durable);
      // link() fails with EEXIST atomically, and the object appears whole: never a partially written file.
      await link(temp, path);
    } catch (error) {
      if (errno(error) === 'EEXIST') return false;
      throw storeFailed('create', key, error);
    } finally {
      if (temp !== undefined) await unlink(temp).catch(() => undefined);
    }
    if (durable)
      await syncFolder(dirname(path)).catch((error) => Promise.reject(storeFailed('create', key, error)));
    await this.writeMeta(key, meta);
    return true;
  }

  private async withLock<T>(path: string, key: string, work: () => Promise<T>): Promise<T> {
    const lock = `${path}.lock`;
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await inFolder(dirname(path), () => open(lock, 'wx'));
        await handle.close();
        break;
      } catch (error) {
        if (errno(error) !== 'EEXIST') throw storeFailed('lock', key, error);
        // A writer that died leaves its lock behind; after LOCK_STALE_MS it no longer counts.
        const info = await stat(lock).catch(() => undefined);
        if (info !== undefined && Date.now() - info.mtimeMs > LOCK_STALE_MS) {
          await unlink(lock).catch(() => undefined);
          continue;
        }
        if (attempt > 2000) {
          throw new StoreError('STORE_FAILED', `store: ${key} stayed locked by another writer (${lock})`);
        }
        await new Promise((done) => setTimeout(done, 2 + Math.random() * 8));
      }
    }
    try {
      return await work();
    } finally {
      await unlink(lock).catch(() => undefined);
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await entriesOf(dir, prefix)) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (dir === this.root && entry.name === META_DIR) continue;
          await walk(full);
        } else if (entry.isFile() && !entry.name.endsWith('.tmp') && !entry.name.endsWith('.lock')) {
          const key = relative(this.root, full).split(sep).join('/');
          if (key.startsWith(prefix)) keys.push(key);
        }
      }
    };
    // Start at the deepest folder the prefix names, so listing one day does not walk the whole archive.
    const slash = prefix.lastIndexOf('/');
    await walk(slash >= 0 ? join(this.root, ...prefix.slice(0, slash).split('/')) : this.root);
    keys.sort();
    yield* keys;
  }

  /** The folders directly under a prefix ending in '/', as S3 lists common prefixes: 'editions/world/', … */
  async *listFolders(prefix: string): AsyncIterable<string> {
    if (prefix !== '' && !prefix.endsWith('/')) return;
    const dir = prefix === '' ? this.root : join(this.root, ...prefix.slice(0, -1).split('/'));
    const names = (await entriesOf(dir, prefix))
      .filter((e) => e.isDirectory() && !(prefix === '' && e.name === META_DIR))
      .map((e) => e.name)
      .sort();
    for (const name of names) yield `${prefix}${name}/`;
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(path, { force: true });
    await rm(this.metaPathOf(key), { force: true });
  }
}
