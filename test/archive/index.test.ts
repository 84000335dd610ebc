// The archive stage's entry: an edition's files, the ledger, the digest's state, then the site, in that order.
import { afterAll, describe, expect, it } from 'vitest';
import { archiveEdition, loadEdition } from '../../functions/archive/index.js';
import { composeDigest } from '../../functions/compose/index.js';
import { keys } from '../../functions/core/keys.js';
import type { BlobMeta, BlobStore } from '../../functions/ports.js';
import { renderDigest } from '../../functions/render/index.js';
import { emptyLedger, ledgerToCsv, ledgerToJson, trackFigures } from '../../functions/track/index.js';
import { sampleInput } from '../fixtures/digest/sample.js';
import { emptyStore, removeStores, text } from './helpers.js';

afterAll(removeStores);

/** Records the keys written, in order, and their cache headers. */
class WriteLog implements BlobStore {
  readonly writes: Array<{ key: string; cacheControl?: string }> = [];
  constructor(private readonly inner: BlobStore) {}
  get(key: string) {
    return this.inner.get(key);
  }
  put(key: string, body: string | Buffer, meta?: BlobMeta & { ifMatch?: string }) {
    this.writes.push({ key, ...(meta?.cacheControl ? { cacheControl: meta.cacheControl } : {}) });
    return this.inner.put(key, body, meta);
  }
  putIfAbsent(key: string, body: string | Buffer, meta?: BlobMeta) {
    this.writes.push({ key });
    return this.inner.putIfAbsent(key, body, meta);
  }
  list(prefix: string) {
    return this.inner.list(prefix);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
  describe(key?: string) {
    return this.inner.describe(key);
  }
}

const now = new Date('2026-11-28T07:00:05.000Z');
const site = {
  publicBaseUrl: 'https://news.example.org/',
  digests: [{ name: 'world', title: 'World' }],
  now,
};

async function archived() {
  const store = new WriteLog(await emptyStore());
  const tracked = trackFigures(emptyLedger(), composeDigest(sampleInput()));
  const digest = composeDigest({ ...sampleInput(), deltas: tracked.deltas });
  const rendered = renderDigest(digest, { publicBaseUrl: site.publicBaseUrl });
  const written = await archiveEdition(store, { digest, rendered, ledger: tracked.ledger }, site);
  return { store, digest, rendered, ledger: tracked.ledger, written };
}

describe('archiveEdition', () => {
  it('writes the edition, the ledger, the state, then the site, and returns what it wrote but the state', async () => {
    const { store, written } = await archived();
    const file = (name: Parameters<typeof keys.editionFile>[2]) =>
      keys.editionFile('world', '2026-11-28', name);
    const first = [
      file('digest.json'),
      file('digest.html'),
      file('digest.txt'),
      file('mail.json'),
      keys.ledgerJson,
      keys.ledgerCsv,
    ];
    expect(store.writes.slice(0, 7).map((w) => w.key)).toEqual([...first, keys.digestState('world')]);
    const site = store.writes.slice(7).map((w) => w.key);
    expect(site).toContain('index.html');
    expect(written.slice(0, 6)).toEqual(first);
    // The site's pages come back as written; its manifest of page hashes does not.
    expect([...written.slice(6), 'assets/manifest.json'].sort()).toEqual([...site].sort());
    expect(written).not.toContain(keys.digestState('world'));
  });

  it('marks the edition files immutable and the ledger short-lived', async () => {
    const { store } = await archived();
    const cache = new Map(store.writes.map((w) => [w.key, w.cacheControl]));
    expect(cache.get(keys.editionFile('world', '2026-11-28', 'digest.json'))).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(cache.get(keys.ledgerJson)).toBe('public, max-age=300');
    expect(cache.get(keys.ledgerCsv)).toBe('public, max-age=300');
  });

  it('stores the digest, the mail, the ledger and the state as given', async () => {
    const { store, digest, rendered, ledger } = await archived();
    expect(await text(store, keys.editionFile('world', '2026-11-28', 'digest.json'))).toBe(
      `${JSON.stringify(digest)}\n`,
    );
    expect(await text(store, keys.editionFile('world', '2026-11-28', 'mail.json'))).toBe(
      `${JSON.stringify(rendered)}\n`,
    );
    expect(await text(store, keys.ledgerJson)).toBe(ledgerToJson(ledger));
    expect(await text(store, keys.ledgerCsv)).toBe(ledgerToCsv(ledger));
    expect(JSON.parse(await text(store, keys.digestState('world')))).toEqual({
      digest: 'world',
      lastEditionId: '2026-11-28',
      lastBuiltAt: now.toISOString(),
    });
    // The public page invites to subscribe where the mail has its unsubscribe link.
    expect(await text(store, keys.editionFile('world', '2026-11-28', 'digest.html'))).toContain(
      'https://news.example.org/subscribe',
    );
  });
});

describe('loadEdition', () => {
  it('reads the latest edition of a digest, or the one named, as the sender needs it', async () => {
    const { store, rendered } = await archived();
    expect(await loadEdition({ store }, 'world')).toEqual({ editionId: '2026-11-28', rendered });
    expect(await loadEdition({ store }, 'world', '2026-11-28')).toEqual({
      editionId: '2026-11-28',
      rendered,
    });
  });

  it('gives undefined for a digest never built or an edition not archived', async () => {
    const { store } = await archived();
    expect(await loadEdition({ store }, 'markets')).toBeUndefined();
    expect(await loadEdition({ store }, 'world', '2026-01-01')).toBeUndefined();
  });
});
