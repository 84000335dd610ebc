// Dedupe stage, in two places of the pipeline: at ingest an item seen before (same trusted guid, same canonical
// URL, same content) is not new (dedupeItems); at the edition the same story told by several outlets becomes one
// Story, which compose shows once with "also reported by" (dedupeStories).
import type { FeedItem, KeyFigure, Story } from '../core/model.js';
import { canonicalUrl, shortHash } from '../parse/ids.js';

/** A key under which the same article at http/https, with or without "www.", compares equal. */
function urlKey(url: string): string {
  return canonicalUrl(url)
    .replace(/^https?:\/\//i, '')
    .replace(/^www\./i, '');
}

function normalizeWords(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Keys that identify an item across runs: the feed's guid (scoped to the feed: many feeds number their guids),
 * the canonical URL, and a hash of the normalized title and text (or title and date when there is no text).
 */
export function itemFingerprints(item: FeedItem): string[] {
  const keys: string[] = [];
  const guid = item.guid?.trim();
  if (guid) keys.push(`g:${shortHash(`${item.feedId}\n${guid}`)}`);
  if (/^https?:\/\//i.test(item.url)) keys.push(`u:${shortHash(urlKey(item.url))}`);
  const title = normalizeWords(item.title);
  const text = normalizeWords(item.text).slice(0, 2000);
  if (text !== '') keys.push(`c:${shortHash(`${title}\n${text}`)}`);
  else if (title !== '' && item.publishedAt) keys.push(`c:${shortHash(`${title}\n${item.publishedAt}`)}`);
  return keys;
}

/**
 * Splits items into those not seen before and duplicates (of `seen` or of an earlier item in the batch);
 * `freshFingerprints` are the fresh items' fingerprints in order, for the seen index (not computed twice).
 */
export function dedupeItems(
  items: FeedItem[],
  seen: ReadonlySet<string>,
): { fresh: FeedItem[]; duplicates: FeedItem[]; freshFingerprints: string[] } {
  const batch = new Set<string>();
  const fresh: FeedItem[] = [];
  const duplicates: FeedItem[] = [];
  const freshFingerprints: string[] = [];
  for (const item of items) {
    const keys = itemFingerprints(item);
    if (keys.some((key) => seen.has(key) || batch.has(key))) duplicates.push(item);
    else {
      fresh.push(item);
      freshFingerprints.push(...keys);
    }
    for (const key of keys) batch.add(key);
  }
  return { fresh, duplicates, freshFingerprints };
}

const STOPWORDS = new Set(
  (
    'a an and are as at be been but by for from had has have he her his how in into is it its more new not of on ' +
    'or over said says say she than that the their them they this to up was were what when which who why will with ' +
    'would after about amid against before could de del der die el et la le les und'
  ).split(' '),
);

/** Content words of a text: lowercase, numbers without separators ("3,500" → "3500"), stopwords removed. */
function contentWords(text: string, limit: number): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/(\d)[,.](?=\d{3}\b)/g, '$1')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w))
    .map(stem);
  return words.slice(0, limit);
}

/**
 * A very light stemmer, enough for "troops"/"troop", "killed"/"kill", "testifies"/"testify" and demonyms such as
 * "Korean"/"Korea", "Russian"/"Russia" to meet. Numbers are left alone.
 */
function stem(word: string): string {
  if (/^\d/.test(word) || word.length <= 3) return word;
  if (/(?:ies|ied)$/.test(word) && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (/(?:ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && word.length > 3) return word.slice(0, -1);
  if (/(?:ean|ian)$/.test(word) && word.length > 5) return word.slice(0, -1);
  return word;
}

interface Signature {
  title: Set<string>;
  lead: Set<string>;
  leadPairs: Set<string>;
}

function signature(item: FeedItem): Signature {
  const title = contentWords(item.title, 40);
  const lead = contentWords(item.text, 60);
  const leadPairs = new Set<string>();
  for (let i = 0; i + 1 < lead.length; i++) leadPairs.add(`${lead[i]} ${lead[i + 1]}`);
  return { title: new Set(title), lead: new Set([...title, ...lead]), leadPairs };
}

function intersection(a: Set<string>, b: Set<string>): number {
  let count = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) count += 1;
  return count;
}

/** True when two items tell the same story: their titles share most content words, or their leads overlap. */
function sameStory(a: Signature, b: Signature): boolean {
  const titleShared = intersection(a.title, b.title);
  const titleMin = Math.min(a.title.size, b.title.size);
  if (titleMin >= 3 && titleShared / titleMin >= 0.6) {
    // Short, generic titles ("Live updates") need some support from the lead as well.
    const leadShared = intersection(a.lead, b.lead);
    if (titleShared >= 4 || leadShared >= 6) return true;
  }
  const leadShared = intersection(a.lead, b.lead);
  const leadUnion = a.lead.size + b.lead.size - leadShared;
  if (leadUnion > 0 && leadShared >= 8 && leadShared / leadUnion >= 0.35) return true;
  const pairShared = intersection(a.leadPairs, b.leadPairs);
  const pairMin = Math.min(a.leadPairs.size, b.leadPairs.size);
  return pairMin >= 8 && pairShared / pairMin >= 0.5;
}

function compareCanonical(a: FeedItem, b: FeedItem): number {
  if (a.text.length !== b.text.length) return b.text.length - a.text.length;
  const pa = a.publishedAt ?? '\uffff';
  const pb = b.publishedAt ?? '\uffff';
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Clusters near-duplicate items (the same story from several outlets). Each group's first item is the canonical
 * one: the fullest text, ties broken by the earliest publication, then by id. Groups come in the order of their
 * first member in the input; the result does not depend on the input order otherwise.
 */
export function groupStories(items: FeedItem[]): FeedItem[][] {
  const signatures = items.map(signature);
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] ?? root;
    let node = i;
    while (parent[node] !== root) {
      const next = parent[node] ?? root;
      parent[node] = root;
      node = next;
    }
    return root;
  };
  // Candidate pairs come from an inverted index of title and lead words, so unrelated items are never compared.
  const index = new Map<string, number[]>();
  signatures.forEach((sig, i) => {
    for (const word of sig.lead) {
      const list = index.get(word);
      if (list) list.push(i);
      else index.set(word, [i]);
    }
  });
  // Words shared by more than 30 items say little about sameness and would make the pairing quadratic.
  const common = 30;
  const compared = new Set<number>();
  signatures.forEach((sig, i) => {
    for (const word of sig.lead) {
      const list = index.get(word);
      if (!list || list.length > common) continue;
      for (const j of list) {
        if (j <= i) continue;
        const pairKey = i * items.length + j;
        if (compared.has(pairKey)) continue;
        compared.add(pairKey);
        // Two items of one feed are two articles (a feed's true repeats are caught by dedupeItems): only
        // stories from different outlets are merged, which also stops templated titles from chaining.
        if (items[i]?.feedId === items[j]?.feedId) continue;
        const sj = signatures[j];
        if (sj && find(i) !== find(j) && sameStory(sig, sj))
          parent[Math.max(find(i), find(j))] = Math.min(find(i), find(j));
      }
    }
  });
  const groups = new Map<number, FeedItem[]>();
  items.forEach((item, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(item);
    else groups.set(root, [item]);
  });
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, group]) => [...group].sort(compareCanonical));
}

/** An ingested item as the edition reads it back: the cleaned item, its feed's name, its figures and summary. */
export interface AnalysedItem {
  item: FeedItem;
  feedName: string;
  figures: KeyFigure[];
  summary: string;
}

/** Near-duplicates across feeds collapse into one story; the others are listed as also reported by. */
export function dedupeStories(records: readonly AnalysedItem[]): Story[] {
  const byId = new Map(records.map((r) => [r.item.id, r]));
  return groupStories(records.map((r) => r.item)).flatMap((group) => {
    const [first, ...rest] = group;
    const canonical = first && byId.get(first.id);
    if (!canonical) return [];
    return [
      {
        id: canonical.item.id,
        item: canonical.item,
        feedName: canonical.feedName,
        summary: canonical.summary,
        figures: canonical.figures,
        score: 0,
        alsoReportedBy: rest.flatMap((other) => {
          const record = byId.get(other.id);
          return record
            ? [{ feedId: other.feedId, feedName: record.feedName, title: other.title, url: other.url }]
            : [];
        }),
      },
    ];
  });
}
