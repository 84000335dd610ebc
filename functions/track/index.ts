// The figure ledger: every key figure an edition printed, keyed by the measure it speaks of, so the next
// edition can show how a measure changed ("~12,000 in Oct → 15,500 now") and where sources disagree.
// Stored as ledger/figures.json and ledger/figures.csv; every entry names its source, link and edition.

import { TallyError } from '../core/errors.js';
import {
  type Digest,
  type FigureDelta,
  firstIssue,
  type KeyFigure,
  type Ledger,
  type LedgerEntry,
  LedgerSchema,
} from '../core/model.js';
import { formatFigure } from '../extract/format.js';
import { isKeyFigure } from '../extract/key-figure.js';
import {
  describeMeasure,
  differentSources,
  type MeasureDescriptor,
  measureKey,
  measureSimilarity,
  SAME_MEASURE,
} from './measure.js';

/** The ledger's shapes are the model's (core/model.ts): one figure as printed in one edition, and the document. */
export type { Ledger, LedgerEntry } from '../core/model.js';
export { describeMeasure, differentSources, measureKey, measureSimilarity, sameMeasure } from './measure.js';

/** Oldest entries go first once the ledger holds this many; years of daily digests fit well below it. */
export const MAX_LEDGER_ENTRIES = 50_000;
/** Sides of one measure kept from a single story ("Kyiv says…, Moscow says…"). */
const MAX_SOURCES_PER_STORY = 3;

export function emptyLedger(): Ledger {
  return { version: 1, entries: [] };
}

/** JSON with one entry per line: readable, and a new edition shows as added lines in a diff. */
export function ledgerToJson(ledger: Ledger): string {
  const lines = ledger.entries.map((entry) => JSON.stringify(entry));
  return `{"version":1,"entries":[\n${lines.join(',\n')}\n]}\n`;
}

/**
 * A ledger that did not come through the store (the store's readers check it with LedgerSchema themselves):
 * names the first broken field. Fields that are not part of an entry are dropped.
 */
export function parseLedger(json: unknown): Ledger {
  const result = LedgerSchema.safeParse(json);
  if (result.success) return result.data;
  throw new TallyError(
    'INPUT_INVALID',
    `ledger: ${firstIssue(result.error)}; fix or remove ledger/figures.json`,
    { cause: result.error },
  );
}

/** The interval of values a figure allows: "~12,000" is 10,800–13,200, "at least 41" is 41–∞. */
export function interval(entry: Pick<LedgerEntry, 'value' | 'low' | 'high' | 'qualifier'>): [number, number] {
  const value = entry.value ?? entry.low ?? 0;
  switch (entry.qualifier) {
    case 'range':
      return [
        Math.min(entry.low ?? value, entry.high ?? value),
        Math.max(entry.low ?? value, entry.high ?? value),
      ];
    case 'approx':
      return [value - Math.abs(value) * 0.1, value + Math.abs(value) * 0.1];
    case 'at_least':
    case 'more_than':
      return [value, Number.POSITIVE_INFINITY];
    case 'at_most':
    case 'less_than':
      return [Number.NEGATIVE_INFINITY, value];
    default:
      return [value, value];
  }
}

/** How many times larger the one is than the other (≥ 1; Infinity when one side is 0). Ranges by their middle. */
function ratio(a: LedgerEntry, b: LedgerEntry): number {
  const size = (entry: LedgerEntry) => Math.abs(entry.value ?? ((entry.low ?? 0) + (entry.high ?? 0)) / 2);
  const [small, large] = [size(a), size(b)].sort((x, y) => x - y);
  return small === undefined || large === undefined || small === 0 ? Number.POSITIVE_INFINITY : large / small;
}

/**
 * Beyond these factors two figures are more likely different things matched by mistake than one measure:
 * sources disputing a toll rarely differ tenfold, and a measure rarely grows fiftyfold between editions.
 */
const MAX_CONFLICT_RATIO = 10;
const DAY_MS = 86_400_000;
const MAX_CHANGE_RATIO = 50;

/** Two figures can both be true: their intervals meet. */
export function compatible(a: LedgerEntry, b: LedgerEntry): boolean {
  const [aLow, aHigh] = interval(a);
  const [bLow, bHigh] = interval(b);
  const finite = [aLow, aHigh, bLow, bHigh].filter(Number.isFinite).map(Math.abs);
  const slack = 1e-9 * Math.max(1, ...finite);
  return aLow <= bHigh + slack && bLow <= aHigh + slack;
}

function labelOf(figure: KeyFigure): string {
  const counted = figure.counted?.trim();
  if (counted !== undefined && counted !== '') return counted;
  return figure.concepts.join(', ') || figure.unit || figure.kind;
}

function entryOf(
  figure: KeyFigure,
  descriptor: MeasureDescriptor,
  measure: string,
  story: Digest['stories'][number],
  digest: TrackedEdition,
): LedgerEntry {
  const entry: LedgerEntry = {
    measure,
    label: labelOf(figure),
    kind: figure.kind,
    head: descriptor.head,
    words: descriptor.words,
    qualifier: figure.qualifier,
    display: formatFigure(figure),
    raw: figure.raw,
    sentence: figure.sentence,
    storyId: story.id,
    storyTitle: story.item.title,
    url: story.item.url,
    outlet: story.feedName,
    digest: digest.digest,
    editionId: digest.editionId,
    seenAt: story.item.publishedAt ?? digest.generatedAt,
  };
  if (figure.unit !== undefined) entry.unit = figure.unit;
  if (figure.value !== undefined) entry.value = figure.value;
  if (figure.low !== undefined) entry.low = figure.low;
  if (figure.high !== undefined) entry.high = figure.high;
  if (figure.source !== undefined) entry.source = figure.source;
  return entry;
}

function side(entry: LedgerEntry): FigureDelta['current'] {
  return {
    display: entry.display,
    editionId: entry.editionId,
    ...(entry.source === undefined ? {} : { source: entry.source }),
    url: entry.url,
    seenAt: entry.seenAt,
  };
}

interface KnownMeasure {
  key: string;
  descriptor: MeasureDescriptor;
}

/** What tracking needs of an edition: its digest and id, when it was built, and its selected stories. */
export type TrackedEdition = Pick<Digest, 'digest' | 'editionId' | 'generatedAt' | 'stories'>;

/**
 * Adds the edition's figures to the ledger and reports what changed since earlier editions of the same digest
 * and where two outlets in this edition disagree; compose puts the deltas in the digest. Re-running an edition
 * replaces its entries (idempotent).
 */
export function trackFigures(
  ledger: Ledger,
  digest: TrackedEdition,
): { ledger: Ledger; deltas: FigureDelta[] } {
  const earlier = ledger.entries.filter(
    (entry) => !(entry.digest === digest.digest && entry.editionId === digest.editionId),
  );
  // Measures by kind and head, so matching a figure compares it with its few candidates, not the whole ledger.
  const candidates = new Map<string, KnownMeasure[]>();
  const byKey = new Map<string, KnownMeasure>();
  const remember = (measure: KnownMeasure) => {
    byKey.set(measure.key, measure);
    const group = `${measure.descriptor.kind}:${measure.descriptor.head}`;
    const list = candidates.get(group);
    if (list === undefined) candidates.set(group, [measure]);
    else list.push(measure);
  };
  const history = new Map<string, LedgerEntry[]>();
  for (const entry of earlier) {
    const seen = history.get(entry.measure);
    if (seen === undefined) history.set(entry.measure, [entry]);
    else seen.push(entry);
    if (!byKey.has(entry.measure)) {
      remember({
        key: entry.measure,
        descriptor: { kind: entry.kind, head: entry.head, words: entry.words },
      });
    }
  }
  /** The known measure most like the description, if any is alike enough. */
  const find = (descriptor: MeasureDescriptor): KnownMeasure | undefined => {
    const exact = byKey.get(measureKey(descriptor));
    if (exact !== undefined) return exact;
    let best: KnownMeasure | undefined;
    let bestScore = SAME_MEASURE;
    for (const measure of candidates.get(`${descriptor.kind}:${descriptor.head}`) ?? []) {
      const score = measureSimilarity(measure.descriptor, descriptor);
      if (score >= bestScore && (best === undefined || score > bestScore)) {
        best = measure;
        bestScore = score;
      }
    }
    return best;
  };

  // Per story and measure, the most salient figure of each source (figures arrive ranked): one outlet quoting
  // both sides of a toll gives two entries, a story repeating one figure gives one.
  const added: LedgerEntry[] = [];
  for (const story of digest.stories) {
    const inStory = new Map<string, LedgerEntry[]>();
    for (const figure of story.figures) {
      if (!isKeyFigure(figure)) continue;
      const descriptor = describeMeasure(figure);
      if (descriptor === undefined) continue;
      let measure = find(descriptor);
      if (measure === undefined) {
        measure = { key: measureKey(descriptor), descriptor };
        remember(measure);
      }
      const kept = inStory.get(measure.key) ?? [];
      if (kept.length >= MAX_SOURCES_PER_STORY) continue;
      if (kept.some((entry) => !differentSources(entry.source, figure.source))) continue;
      const entry = entryOf(figure, descriptor, measure.key, story, digest);
      kept.push(entry);
      inStory.set(measure.key, kept);
      added.push(entry);
    }
  }

  const deltas: FigureDelta[] = [];
  const reported = new Set<string>();
  for (const entry of added) {
    if (reported.has(entry.measure)) continue;
    // The change: the latest earlier sighting of this measure in this digest, when the new figure contradicts it.
    let previous: LedgerEntry | undefined;
    for (const old of history.get(entry.measure) ?? []) {
      if (old.digest !== digest.digest || old.seenAt > entry.seenAt) continue;
      if (previous === undefined || old.seenAt >= previous.seenAt) previous = old;
    }
    if (
      previous !== undefined &&
      !compatible(previous, entry) &&
      ratio(previous, entry) <= MAX_CHANGE_RATIO
    ) {
      deltas.push({
        measure: entry.measure,
        label: entry.label,
        kind: 'change',
        previous: side(previous),
        current: side(entry),
      });
      reported.add(entry.measure);
      continue;
    }
    // Another outlet, or another source in the same story, gives a value the first cannot share: a conflict
    // when both speak of the same time, a change when a day or more lies between them (an edition can span
    // several days of news).
    for (const other of added) {
      if (other === entry || other.measure !== entry.measure || compatible(other, entry)) continue;
      if (other.storyId === entry.storyId && !differentSources(other.source, entry.source)) continue;
      const apart = Math.abs(Date.parse(other.seenAt) - Date.parse(entry.seenAt)) >= DAY_MS;
      if (ratio(other, entry) > (apart ? MAX_CHANGE_RATIO : MAX_CONFLICT_RATIO)) continue;
      const [older, newer] = other.seenAt < entry.seenAt ? [other, entry] : [entry, other];
      deltas.push({
        measure: entry.measure,
        label: entry.label,
        kind: apart ? 'change' : 'conflict',
        previous: side(apart ? older : entry),
        current: side(apart ? newer : other),
      });
      reported.add(entry.measure);
      break;
    }
  }

  const entries = [...earlier, ...added];
  const kept =
    entries.length > MAX_LEDGER_ENTRIES ? entries.slice(entries.length - MAX_LEDGER_ENTRIES) : entries;
  return { ledger: { version: 1, entries: kept }, deltas };
}

const CSV_COLUMNS = [
  'measure',
  'label',
  'display',
  'value',
  'low',
  'high',
  'qualifier',
  'kind',
  'unit',
  'source',
  'outlet',
  'story_title',
  'url',
  'quote',
  'digest',
  'edition',
  'seen_at',
] as const;

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs feed text as a formula. */
function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : value.replace(/\r\n?/g, '\n');
  if (typeof value === 'string' && /^[=+\-@\t]/.test(text)) text = `'${text}`;
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The ledger as CSV, one row per entry, oldest first: the citable table. */
export function ledgerToCsv(ledger: Ledger): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const entry of ledger.entries) {
    const cells = [
      entry.measure,
      entry.label,
      entry.display,
      entry.value,
      entry.low,
      entry.high,
      entry.qualifier,
      entry.kind,
      entry.unit,
      entry.source,
      entry.outlet,
      entry.storyTitle,
      entry.url,
      entry.sentence,
      entry.digest,
      entry.editionId,
      entry.seenAt,
    ];
    rows.push(cells.map(csvCell).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
