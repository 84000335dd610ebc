// The browsable archive: every page, feed and index is derived from the archived editions, so it can be rebuilt
// at any time (`tally archive rebuild`) and checked (`tally archive verify`). A manifest of what was written
// (assets/manifest.json: key → MD5) lets the update after each edition write only the pages that changed.
import { createHash } from 'node:crypto';
import { mapLimit } from '../../concurrency.js';
import { keys } from '../../core/keys.js';
import { type ArchiveManifest, ArchiveManifestSchema, type Digest } from '../../core/model.js';
import { readJson, StoredJsonError } from '../../json-store.js';
import type { BlobStore } from '../../ports.js';
import { ARCHIVE_CSS } from './assets.js';
import { FEED_ENTRIES, renderAtomFeed } from './feed.js';
import {
  groupMeasures,
  type LedgerFile,
  LedgerFileSchema,
  ledgerRowsFromDigests,
  ledgerRowsFromFile,
  measureId,
  renderLedgerIndex,
  renderMeasure,
} from './ledger.js';
import {
  type ArchiveModel,
  type DigestSection,
  ledgerLookupKey,
  renderDigestIndex,
  renderEdition,
  renderHome,
  renderMonth,
} from './pages.js';
import {
  collect,
  collectKeys,
  editionMonth,
  loadArchivedDigest,
  newestFirst,
  parseEditionKey,
  readEditions,
} from './read.js';
import { buildSearchIndex, indexedEditionKeys, SEARCH_SCRIPT, type SearchIndex } from './search.js';

export interface UpdateArchiveOptions {
  publicBaseUrl: string;
  /** Configured digests, in the order the home page lists them; digests found only in the store follow. */
  digests: Array<{ name: string; title: string }>;
  now: Date;
  /**
   * Ignore the manifest: compare every page with what is stored, and remove edition pages whose digest.json is
   * gone (what `tally archive rebuild` does). Without it, only pages whose content changed since the manifest
   * was written are written.
   */
  force?: boolean;
}

/** What the archive reads besides the editions. */
export interface LedgerSource {
  /** ledger/figures.json, when present and a ledger. */
  file?: LedgerFile;
  hasJson: boolean;
  hasCsv: boolean;
}

/** Builds the model every page is rendered from. Pure. */
export function buildModel(
  editions: Digest[],
  options: UpdateArchiveOptions,
  ledger: LedgerSource,
): ArchiveModel {
  const all = [...editions].sort(newestFirst);
  const sections = new Map<string, DigestSection>();
  for (const d of options.digests) sections.set(d.name, { name: d.name, title: d.title, editions: [] });
  for (const edition of all) {
    let section = sections.get(edition.digest);
    if (section === undefined) {
      // The newest edition's title names a digest no longer configured.
      section = { name: edition.digest, title: edition.title, editions: [] };
      sections.set(edition.digest, section);
    }
    section.editions.push(edition);
  }
  const fromFile = ledger.file === undefined ? undefined : ledgerRowsFromFile(ledger.file);
  const rows = fromFile ?? ledgerRowsFromDigests(all);
  const measures = new Map<string, string>();
  for (const row of rows) {
    measures.set(ledgerLookupKey(row.digest, row.editionId, row.url, row.display), measureId(row.measure));
  }
  return {
    digests: [...sections.values()],
    all,
    publicBaseUrl: options.publicBaseUrl,
    now: options.now,
    ledger: {
      rows,
      origin: fromFile === undefined ? 'boards' : 'ledger',
      hasJson: ledger.hasJson,
      hasCsv: ledger.hasCsv,
      deltas: all.flatMap((e) => e.deltas.map((d) => ({ ...d, digest: e.digest }))),
      measures,
    },
  };
}

/** Every derived object of the archive: key → content. Pure. */
export function renderArchive(model: ArchiveModel): Map<string, string> {
  const out = new Map<string, string>();
  out.set(keys.archiveCss, ARCHIVE_CSS);
  out.set(keys.searchScript, SEARCH_SCRIPT);
  out.set(keys.home, renderHome(model));
  for (const month of new Set(model.all.map(editionMonth)))
    out.set(keys.monthPage(month), renderMonth(model, month));
  for (const section of model.digests) {
    out.set(keys.digestPage(section.name), renderDigestIndex(model, section));
    out.set(keys.digestFeed(section.name), renderAtomFeed(section, model.publicBaseUrl, model.now));
    section.editions.forEach((edition, i) => {
      const neighbours: { newer?: Digest; older?: Digest } = {};
      const newer = section.editions[i - 1];
      const older = section.editions[i + 1];
      if (newer !== undefined) neighbours.newer = newer;
      if (older !== undefined) neighbours.older = older;
      out.set(
        keys.editionPage(edition.digest, edition.editionId),
        renderEdition(model, section, edition, neighbours),
      );
    });
  }
  const groups = groupMeasures(model.ledger.rows);
  out.set(keys.ledgerPage, renderLedgerIndex(model, groups));
  for (const group of groups) out.set(keys.measurePage(group.id), renderMeasure(model, group));
  out.set(keys.searchIndex, JSON.stringify(buildSearchIndex(model.all)));
  return out;
}

function md5(content: string): string {
  return createHash('md5').update(content).digest('hex');
}

type Manifest = ArchiveManifest;

/** The manifest of the last update, or undefined when there is none or it is unreadable (pages are then compared). */
async function readManifest(store: BlobStore): Promise<Manifest | undefined> {
  try {
    return await readJson(store, keys.archiveManifest, ArchiveManifestSchema);
  } catch (error) {
    if (error instanceof StoredJsonError) return undefined;
    throw error;
  }
}

/** A store that can list the folders under a prefix (both adapters can): editions are found without claims. */
interface FolderListing {
  listFolders(prefix: string): AsyncIterable<string>;
}

function canListFolders(store: BlobStore): store is BlobStore & FolderListing {
  return typeof (store as Partial<FolderListing>).listFolders === 'function';
}

/**
 * The valid editions, read folder by folder where the store can (one listing per digest, not one key per
 * subscriber claim), else from a listing of editions/.
 */
async function loadEditions(store: BlobStore): Promise<Digest[]> {
  const digestFolders = canListFolders(store) ? await collect(store.listFolders(keys.editions)) : [];
  // No folders: either no editions at all (then the full listing is cheap) or a server that ignores the
  // delimiter (s3rver returns no common prefixes): read the plain listing either way.
  if (!canListFolders(store) || digestFolders.length === 0) {
    return (await readEditions(store)).editions.map((e) => e.digest);
  }
  const folders: string[] = [];
  for (const digestFolder of digestFolders) folders.push(...(await collect(store.listFolders(digestFolder))));
  const loaded = await mapLimit(folders, 8, async (folder) => {
    const result = await loadArchivedDigest(store, `${folder}digest.json`);
    return result !== undefined && 'digest' in result ? result.digest : undefined;
  });
  return loaded.filter((d): d is Digest => d !== undefined);
}

async function readLedgerSource(store: BlobStore): Promise<LedgerSource> {
  const present = new Set(await collectKeys(store, keys.ledgerFiles));
  const source: LedgerSource = {
    hasJson: present.has(keys.ledgerJson),
    hasCsv: present.has(keys.ledgerCsv),
  };
  if (source.hasJson) {
    try {
      const file = await readJson(store, keys.ledgerJson, LedgerFileSchema);
      if (file !== undefined) source.file = file;
    } catch (error) {
      // Reported by verifyArchive; the pages fall back to the boards meanwhile.
      if (!(error instanceof StoredJsonError)) throw error;
    }
  }
  return source;
}

/** (Re)writes every page, feed and index of the archive from the stored editions; returns the keys written. */
export async function updateArchive(
  store: BlobStore,
  options: UpdateArchiveOptions,
): Promise<{ written: string[] }> {
  const force = options.force === true;
  const [editions, ledger, manifest] = await Promise.all([
    loadEditions(store),
    readLedgerSource(store),
    force ? Promise.resolve(undefined) : readManifest(store),
  ]);
  const pages = renderArchive(buildModel(editions, options, ledger));
  const hashes: Record<string, string> = {};
  for (const [key, content] of pages) hashes[key] = md5(content);

  const written: string[] = [];
  await mapLimit([...pages.entries()], 8, async ([key, content]) => {
    if (manifest !== undefined) {
      if (manifest.pages[key] === hashes[key]) return;
    } else {
      // No manifest (first run, or a rebuild): compare with what is stored, so unchanged pages stay untouched.
      const current = await store.get(key);
      if (current !== undefined && md5(current.body.toString('utf8')) === hashes[key]) return;
    }
    await store.put(key, content);
    written.push(key);
  });

  // Pages of editions or measures that are gone are derived data no longer: remove them.
  const stale = new Set<string>();
  if (manifest !== undefined) {
    for (const key of Object.keys(manifest.pages)) if (!pages.has(key)) stale.add(key);
  } else {
    for (const key of await collectKeys(store, keys.measurePages)) if (!pages.has(key)) stale.add(key);
    for (const key of await collectKeys(store, keys.monthPages)) if (!pages.has(key)) stale.add(key);
    if (force) {
      for (const key of await collectKeys(store, keys.editions)) {
        const where = parseEditionKey(key);
        if (where?.rest === 'index.html' && !pages.has(key)) stale.add(key);
      }
    }
  }
  // Best effort: a page left behind is harmless (nothing links to it, verify names it), a failed edition is not.
  const kept: string[] = [];
  for (const key of stale) {
    try {
      await store.delete(key);
    } catch {
      kept.push(key);
    }
  }

  // Pages that could not be removed stay in the manifest, so the next update tries again.
  for (const key of kept) hashes[key] = manifest?.pages[key] ?? '';
  const next: Manifest = { v: 1, pages: hashes };
  if (manifest === undefined || JSON.stringify(manifest.pages) !== JSON.stringify(next.pages)) {
    await store.put(keys.archiveManifest, JSON.stringify(next));
  }
  return { written: written.sort() };
}

export interface VerifyProblem {
  key: string;
  problem: string;
}

function isSearchIndex(value: unknown): value is SearchIndex {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.v === 1 && Array.isArray(v.digests) && Array.isArray(v.editions) && Array.isArray(v.stories);
}

/** Reports missing or inconsistent objects: broken digests, missing renders or pages, indexes out of date. */
/**
 * With the configuration the archive is built with (what `tally archive verify` passes from the config), every
 * derived page is also compared with what a rebuild would write, so out-of-date pages are named too.
 */
export async function verifyArchive(
  store: BlobStore,
  options?: Pick<UpdateArchiveOptions, 'publicBaseUrl' | 'digests'>,
): Promise<{ ok: boolean; problems: VerifyProblem[] }> {
  const problems: VerifyProblem[] = [];
  const { editions, broken, keys: editionKeys } = await readEditions(store);
  problems.push(...broken);
  const present = new Set(editionKeys);
  for (const key of await collectKeys(store, '')) present.add(key);
  const has = (key: string) => present.has(key);

  // Every edition folder: digest.json, its renders and its page.
  const folders = new Map<string, { digest: string; editionId: string }>();
  for (const key of editionKeys) {
    const where = parseEditionKey(key);
    if (where !== undefined) folders.set(`${where.digest}/${where.editionId}`, where);
  }
  for (const where of folders.values()) {
    const file = (name: string) => keys.archivedEditionFile(where.digest, where.editionId, name);
    if (!has(file('digest.json'))) {
      problems.push({
        key: file('digest.json'),
        problem: 'missing: the edition has other objects but no digest.json',
      });
      continue;
    }
    for (const name of ['digest.html', 'digest.txt']) {
      if (!has(file(name)))
        problems.push({
          key: file(name),
          problem: 'missing: the edition was not rendered completely',
        });
    }
    if (!has(keys.editionPage(where.digest, where.editionId))) {
      problems.push({
        key: keys.editionPage(where.digest, where.editionId),
        problem: 'missing edition page; run `tally archive rebuild`',
      });
    }
  }

  // Claim markers must be JSON (a partial write would not be).
  const claims = editionKeys.filter((key) => /\/sent\/[^/]+\.json$/.test(key));
  await mapLimit(claims, 8, async (key) => {
    const blob = await store.get(key);
    if (blob === undefined) return;
    try {
      JSON.parse(blob.body.toString('utf8'));
    } catch {
      problems.push({ key, problem: 'claim marker is not valid JSON' });
    }
  });

  // Indexes: home, per digest page and feed, search index; each must know every edition.
  const byDigest = new Map<string, Digest[]>();
  for (const { digest } of editions) {
    const list = byDigest.get(digest.digest) ?? [];
    list.push(digest);
    byDigest.set(digest.digest, list);
  }
  for (const key of [keys.home, keys.archiveCss, keys.searchScript, keys.ledgerPage]) {
    if (!has(key)) problems.push({ key, problem: 'missing; run `tally archive rebuild`' });
  }
  for (const [name, list] of byDigest) {
    list.sort(newestFirst);
    const indexKey = keys.digestPage(name);
    const index = has(indexKey) ? (await store.get(indexKey))?.body.toString('utf8') : undefined;
    if (index === undefined)
      problems.push({ key: indexKey, problem: 'missing digest page; run `tally archive rebuild`' });
    else {
      const missing = list.filter((e) => !index.includes(`href="${e.editionId}/index.html"`));
      if (missing.length > 0) {
        problems.push({
          key: indexKey,
          problem: `does not list ${missing.length} edition(s), e.g. ${missing[0]?.editionId}; run \`tally archive rebuild\``,
        });
      }
    }
    const feedKey = keys.digestFeed(name);
    const feed = has(feedKey) ? (await store.get(feedKey))?.body.toString('utf8') : undefined;
    if (feed === undefined)
      problems.push({ key: feedKey, problem: 'missing Atom feed; run `tally archive rebuild`' });
    else {
      if (
        !/^<\?xml[^>]*\?>\s*<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">[\s\S]*<\/feed>\s*$/.test(feed)
      ) {
        problems.push({ key: feedKey, problem: 'is not an Atom document' });
      }
      const missing = list
        .slice(0, FEED_ENTRIES)
        .filter((e) => !feed.includes(`/${name}/${e.editionId}/index.html</id>`));
      if (missing.length > 0) {
        problems.push({
          key: feedKey,
          problem: `lacks ${missing.length} recent edition(s), e.g. ${missing[0]?.editionId}; run \`tally archive rebuild\``,
        });
      }
    }
  }
  const searchBlob = has(keys.searchIndex) ? await store.get(keys.searchIndex) : undefined;
  if (searchBlob === undefined)
    problems.push({ key: keys.searchIndex, problem: 'missing search index; run `tally archive rebuild`' });
  else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(searchBlob.body.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    if (!isSearchIndex(parsed)) problems.push({ key: keys.searchIndex, problem: 'is not a search index' });
    else {
      const indexed = new Set(indexedEditionKeys(parsed));
      const missing = editions.filter(
        (e) => !indexed.has(keys.editionPage(e.digest.digest, e.digest.editionId)),
      );
      if (missing.length > 0) {
        problems.push({
          key: keys.searchIndex,
          problem: `lacks ${missing.length} edition(s); run \`tally archive rebuild\``,
        });
      }
    }
  }

  // The ledger, when the pipeline keeps one: valid JSON with its CSV beside it.
  if (has(keys.ledgerJson)) {
    const blob = await store.get(keys.ledgerJson);
    try {
      JSON.parse(blob?.body.toString('utf8') ?? '');
    } catch {
      problems.push({ key: keys.ledgerJson, problem: 'is not valid JSON' });
    }
    if (!has(keys.ledgerCsv))
      problems.push({ key: keys.ledgerCsv, problem: `missing beside ${keys.ledgerJson}` });
  }

  // Every page a rebuild would write must be there (measure and month pages included).
  const model = buildModel(
    editions.map((e) => e.digest),
    {
      publicBaseUrl: options?.publicBaseUrl ?? 'http://localhost/',
      digests: options?.digests ?? [],
      now: new Date(0),
    },
    await readLedgerSource(store),
  );
  const expected = renderArchive(model);
  const reported = new Set(problems.map((p) => p.key));
  const empty = new Set(
    model.digests.filter((d) => d.editions.length === 0).map((d) => keys.digestFeed(d.name)),
  );
  await mapLimit([...expected.entries()], 8, async ([key, content]) => {
    if (reported.has(key)) return;
    if (!has(key)) {
      problems.push({ key, problem: 'missing; run `tally archive rebuild`' });
      return;
    }
    // Without the configuration, titles and feed links cannot be known: presence is all that is checked.
    if (options === undefined || empty.has(key)) return;
    const stored = await store.get(key);
    if (stored !== undefined && md5(stored.body.toString('utf8')) !== md5(content)) {
      problems.push({ key, problem: 'out of date with the stored editions; run `tally archive rebuild`' });
    }
  });

  problems.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.problem.localeCompare(b.problem)));
  return { ok: problems.length === 0, problems };
}
