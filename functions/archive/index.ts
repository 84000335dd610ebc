// The browsable archive: every page, feed and index is derived from the archived editions, so it can be rebuilt
// at any time (`tally archive rebuild`) and checked (`tally archive verify`). Unchanged pages are not rewritten.
import type { Digest } from '../core/model.js';
import type { BlobStore } from '../ports.js';
import { ARCHIVE_CSS } from './assets.js';
import { FEED_ENTRIES, renderAtomFeed } from './feed.js';
import {
  type ArchiveModel,
  type DigestSection,
  keys,
  ledgerRowsFromDigests,
  renderDigestIndex,
  renderEdition,
  renderHome,
  renderLedger,
  renderMonth,
} from './pages.js';
import { collectKeys, editionMonth, mapLimit, newestFirst, parseEditionKey, readEditions } from './read.js';
import { buildSearchIndex, SEARCH_SCRIPT, type SearchIndex } from './search.js';

export interface UpdateArchiveOptions {
  publicBaseUrl: string;
  /** Configured digests, in the order the home page lists them; digests found only in the store follow. */
  digests: Array<{ name: string; title: string }>;
  now: Date;
}

/** Builds the model every page is rendered from. */
export function buildModel(
  editions: Digest[],
  options: UpdateArchiveOptions,
  ledgerFiles: { hasJson: boolean; hasCsv: boolean },
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
  return {
    digests: [...sections.values()],
    all,
    publicBaseUrl: options.publicBaseUrl,
    now: options.now,
    ledger: {
      rows: ledgerRowsFromDigests(all),
      ...ledgerFiles,
      deltas: all.flatMap((e) => e.deltas.map((d) => ({ ...d, digest: e.digest }))),
    },
  };
}

/** Every derived object of the archive: key → content. Pure. */
export function renderArchive(model: ArchiveModel): Map<string, string> {
  const out = new Map<string, string>();
  out.set(keys.css, ARCHIVE_CSS);
  out.set(keys.searchScript, SEARCH_SCRIPT);
  out.set(keys.home, renderHome(model));
  for (const month of new Set(model.all.map(editionMonth)))
    out.set(keys.month(month), renderMonth(model, month));
  for (const section of model.digests) {
    out.set(keys.digest(section.name), renderDigestIndex(model, section));
    out.set(keys.feed(section.name), renderAtomFeed(section, model.publicBaseUrl, model.now));
    section.editions.forEach((edition, i) => {
      const neighbours: { newer?: Digest; older?: Digest } = {};
      const newer = section.editions[i - 1];
      const older = section.editions[i + 1];
      if (newer !== undefined) neighbours.newer = newer;
      if (older !== undefined) neighbours.older = older;
      out.set(
        keys.edition(edition.digest, edition.editionId),
        renderEdition(model, section, edition, neighbours),
      );
    });
  }
  out.set(keys.ledger, renderLedger(model));
  out.set(keys.searchIndex, JSON.stringify(buildSearchIndex(model.all)));
  return out;
}

/** Writes what changed; pages that differ only in the "updated" line are left alone (see sameContent). */
async function writeChanged(store: BlobStore, pages: Map<string, string>): Promise<string[]> {
  const written: string[] = [];
  await mapLimit([...pages.entries()], 8, async ([key, content]) => {
    const current = await store.get(key);
    if (current !== undefined && sameContent(current.body.toString('utf8'), content)) return;
    await store.put(key, content);
    written.push(key);
  });
  return written.sort();
}

const UPDATED_LINE = /Archive updated [^<]*\./g;

/** Equal apart from the footer's timestamp: a rebuild with nothing new rewrites nothing. */
function sameContent(a: string, b: string): boolean {
  if (a === b) return true;
  return a.replace(UPDATED_LINE, '') === b.replace(UPDATED_LINE, '');
}

/** (Re)writes every page, feed and index of the archive from the stored editions. */
export async function updateArchive(
  store: BlobStore,
  options: UpdateArchiveOptions,
): Promise<{ written: string[] }> {
  const { editions } = await readEditions(store);
  const ledgerKeys = new Set(await collectKeys(store, 'ledger/figures.'));
  const model = buildModel(
    editions.map((e) => e.digest),
    options,
    { hasJson: ledgerKeys.has('ledger/figures.json'), hasCsv: ledgerKeys.has('ledger/figures.csv') },
  );
  const pages = renderArchive(model);
  // Pages of editions no longer present (deleted digest.json) are not derived data any more: remove them.
  const stale = (await collectKeys(store, 'editions/')).filter((key) => {
    const where = parseEditionKey(key);
    return where?.rest === 'index.html' && !pages.has(key);
  });
  for (const key of stale) await store.delete(key);
  const written = await writeChanged(store, pages);
  return { written };
}

export interface VerifyProblem {
  key: string;
  problem: string;
}

function isSearchIndex(value: unknown): value is SearchIndex {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.v === 1 && Array.isArray(v.editions) && Array.isArray(v.stories);
}

/** Reports missing or inconsistent objects: broken digests, missing renders or pages, indexes out of date. */
export async function verifyArchive(store: BlobStore): Promise<{ ok: boolean; problems: VerifyProblem[] }> {
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
    if (where !== undefined) folders.set(`editions/${where.digest}/${where.editionId}/`, where);
  }
  for (const [folder, where] of folders) {
    if (!has(`${folder}digest.json`)) {
      problems.push({
        key: `${folder}digest.json`,
        problem: 'missing: the edition has other objects but no digest.json',
      });
      continue;
    }
    for (const file of ['digest.html', 'digest.txt']) {
      if (!has(`${folder}${file}`))
        problems.push({
          key: `${folder}${file}`,
          problem: 'missing: the edition was not rendered completely',
        });
    }
    if (!has(keys.edition(where.digest, where.editionId))) {
      problems.push({
        key: keys.edition(where.digest, where.editionId),
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
  for (const key of [keys.home, keys.css, keys.searchScript, keys.ledger]) {
    if (!has(key)) problems.push({ key, problem: 'missing; run `tally archive rebuild`' });
  }
  for (const [name, list] of byDigest) {
    list.sort(newestFirst);
    const indexKey = keys.digest(name);
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
    const feedKey = keys.feed(name);
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
      const indexed = new Set(parsed.editions.map((e) => e[2]));
      const missing = editions.filter((e) => !indexed.has(keys.edition(e.digest.digest, e.digest.editionId)));
      if (missing.length > 0) {
        problems.push({
          key: keys.searchIndex,
          problem: `lacks ${missing.length} edition(s); run \`tally archive rebuild\``,
        });
      }
    }
  }

  // The ledger, when the pipeline keeps one: valid JSON with its CSV beside it.
  if (has('ledger/figures.json')) {
    const blob = await store.get('ledger/figures.json');
    try {
      JSON.parse(blob?.body.toString('utf8') ?? '');
    } catch {
      problems.push({ key: 'ledger/figures.json', problem: 'is not valid JSON' });
    }
    if (!has('ledger/figures.csv'))
      problems.push({ key: 'ledger/figures.csv', problem: 'missing beside ledger/figures.json' });
  }

  problems.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.problem.localeCompare(b.problem)));
  return { ok: problems.length === 0, problems };
}
