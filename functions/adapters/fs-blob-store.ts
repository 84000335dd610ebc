// BlobStore on a local folder: the embedded default. Same keys as S3; create-only writes use O_EXCL,
// replacements go through a temp file + rename so a reader never sees a half-written object.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { StoreError } from '../core/errors.js';
import type { BlobMeta, BlobStore, StoredBlob } from '../ports.js';

const KEY = /^(?!\/)(?!.*\/\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[\w\-./@=+,]+$/;

export function assertKey(key: string): void {
  if (!KEY.test(key) || key.length > 1024) {
    throw new StoreError('STORE_FAILED', `store: invalid key "${key.slice(0, 80)}"`);
  }
}

function etagOf(body: Buffer): string {
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
};

export function contentTypeFor(key: string): string {
  const dot = key.lastIndexOf('.');
  return (dot >= 0 && CONTENT_TYPES[key.slice(dot)]) || 'application/octet-stream';
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

  describe(key?: string): string {
    return key === undefined ? this.root : this.pathOf(key);
  }

  async get(key: string): Promise<StoredBlob | undefined> {
    const path = this.pathOf(key);
    try {
      const [body, info] = await Promise.all([readFile(path), stat(path)]);
      return { body, etag: etagOf(body), contentType: contentTypeFor(key), lastModified: info.mtime };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StoreError('STORE_FAILED', `store: cannot read ${key}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  async put(key: string, body: string | Buffer, meta?: BlobMeta & { ifMatch?: string }): Promise<string> {
    const path = this.pathOf(key);
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    if (meta?.ifMatch !== undefined) {
      const current = await this.get(key);
      if (current?.etag !== meta.ifMatch) {
        throw new StoreError('STORE_PRECONDITION', `store: ${key} changed since it was read`);
      }
    }
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, path);
    return etagOf(bytes);
  }

  async putIfAbsent(key: string, body: string | Buffer): Promise<boolean> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw new StoreError('STORE_FAILED', `store: cannot create ${key}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  }

  async *list(prefix: string): AsyncIterable<string> {
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (
          (error as NodeJS.ErrnoException).code === 'ENOENT' ||
          (error as NodeJS.ErrnoException).code === 'ENOTDIR'
        )
          return;
        throw error;
      }
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile() && !entry.name.endsWith('.tmp')) {
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

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
