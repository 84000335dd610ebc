// extractFigures: the key figures of a news story — found, qualified, attributed and ranked.
// Pure and synchronous: a rule grammar over tokens (grammar.ts), no model and no network.

import type { FeedItem, KeyFigure, StoredItem } from '../core/model.js';
import { attribution, concepts } from './context.js';
import { parsePublished } from './dates.js';
import { mayHoldFigure, type RawFigure, scanSentence } from './grammar.js';
import { KEY_FIGURE_KINDS } from './key-figure.js';
import { summarizeStory } from './summarize.js';
import { splitSentences, tokenize } from './tokens.js';

export { summarizeStory } from './summarize.js';
export { splitSentences } from './tokens.js';

export interface ExtractOptions {
  /** Publication date, YYYY-MM-DD or ISO 8601: resolves "Wednesday" and "Feb. 23-26". */
  published?: string;
  /** The headline: figures repeated in it rank first. */
  title?: string;
}

const KEY = new Set(KEY_FIGURE_KINDS);
/** Counts of people harmed or moved, and of homes and jobs lost: the tolls a reader looks for first. */
const HUMAN = new Set(
  (
    'soldier troop people person civilian child adult resident job patient death casualty victim refugee ' +
    'migrant fighter prisoner hostage passenger survivor home house killed dead died injured wounded missing ' +
    'displaced evacuated arrested'
  ).split(' '),
);

const MONEY_UNIT =
  /^(dollar|euro|pound sterling|japanese yen|chinese yuan|\S+ (dollar|franc|krone|krona|rupee|peso|won|ruble|real))\b/u;

const DEADLY = /\b(killed|dead|died|deaths?|fatalities|lives)\b/iu;

interface Found {
  raw: RawFigure;
  fig: KeyFigure;
  sentenceIndex: number;
  paragraph: number;
  furniture: boolean;
  deadly: boolean;
}

/** All figures in `text`, most salient first; dates, durations, ages and ordinals after the key kinds. */
export function extractFigures(text: string, options: ExtractOptions = {}): KeyFigure[] {
  const pub = parsePublished(options.published);
  const sentences = splitSentences(text);
  const found: Found[] = [];
  let lastNamedSource: string | undefined;
  let prevAccording: string | undefined;
  let bodyIndex = 0;
  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si];
    if (!s) continue;
    const furniture = isFurniture(s.text);
    // Most sentences of a story hold no number at all; they only pass on who is speaking.
    if (!mayHoldFigure(s.text)) {
      const according = /\baccording to\b/iu.test(s.text);
      const named =
        according || /\b(said|says|told)\b/u.test(s.text)
          ? attribution(tokenize(s.text, s.start))
          : undefined;
      if (named && !named.pronoun) lastNamedSource = named.source;
      prevAccording = according && named ? named.source : undefined;
      if (!furniture) bodyIndex++;
      continue;
    }
    const T = tokenize(s.text, s.start);
    const raws = scanSentence(T, pub);
    const attr = attribution(T);
    let source: string | undefined;
    if (attr) {
      if (attr.pronoun) source = lastNamedSource;
      else source = attr.source;
      if (attr.relayed && prevAccording) source = prevAccording;
      if (!attr.pronoun) lastNamedSource = attr.source;
    }
    const according = T.some((t, k) => t.lower === 'according' && T[k + 1]?.lower === 'to');
    prevAccording = according && attr ? attr.source : undefined;
    const taken = new Set<number>();
    for (const r of raws) for (let k = r.first; k < r.end; k++) taken.add(k);
    const inFigure = (k: number): boolean => taken.has(k);
    for (const r of raws) {
      const first = T[r.first];
      const last = T[r.end - 1];
      if (!first || !last) continue;
      const fig: KeyFigure = {
        raw: text.slice(first.start, last.end),
        start: first.start,
        end: last.end,
        kind: r.kind,
        qualifier: r.qualifier,
        change: r.change,
        concepts: r.iso !== undefined ? [r.iso] : concepts(T, r.first, r.end, inFigure, r.countedRange),
        sentence: s.text,
        salience: 0,
      };
      if (r.value !== undefined) fig.value = round(r.value);
      if (r.low !== undefined) fig.low = round(r.low);
      if (r.high !== undefined) fig.high = round(r.high);
      if (r.unit !== undefined) fig.unit = r.unit;
      if (r.counted !== undefined) fig.counted = r.counted;
      if (source !== undefined && KEY.has(r.kind)) fig.source = source;
      // "12 people were killed": deaths lead a toll.
      const deadly = DEADLY.test(text.slice(fig.start, Math.min(text.length, fig.end + 40)));
      found.push({ raw: r, fig, sentenceIndex: bodyIndex, paragraph: s.paragraph, furniture, deadly });
    }
    if (!furniture) bodyIndex++;
  }
  rank(found, options.title, pub);
  return found
    .map((f) => f.fig)
    .sort((a, b) => {
      const ka = KEY.has(a.kind) ? 1 : 0;
      const kb = KEY.has(b.kind) ? 1 : 0;
      if (ka !== kb) return kb - ka;
      return b.salience - a.salience || a.start - b.start;
    });
}

function round(n: number): number {
  // An integer of up to 12 digits already prints exactly at 12 significant digits: skip the costly toPrecision.
  if (Number.isInteger(n) && Math.abs(n) < 1e12) return n;
  return Math.abs(n) >= 1e-6 ? Number(n.toPrecision(12)) : n;
}

/** Captions, datelines and photo credits: figures there repeat the story and rank lower. */
function isFurniture(sentence: string): boolean {
  return /\||\bPhoto by\b|License Photo|\bFile photo\b|^\s*(Advertisement|Read more)/u.test(sentence);
}

function valuesOf(f: KeyFigure): number[] {
  const out: number[] = [];
  if (f.value !== undefined) out.push(f.value);
  if (f.low !== undefined) out.push(f.low);
  if (f.high !== undefined) out.push(f.high);
  return out;
}

const same = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function rank(found: Found[], title: string | undefined, pub: ReturnType<typeof parsePublished>): void {
  const titleValues: number[] = [];
  if (title) {
    const T = tokenize(title);
    for (const r of scanSentence(T, pub, true)) {
      if (!KEY.has(r.kind)) continue;
      if (r.value !== undefined) titleValues.push(r.value);
      if (r.low !== undefined) titleValues.push(r.low);
      if (r.high !== undefined) titleValues.push(r.high);
    }
  }
  // Repetition: how often each (kind, value, unit) occurs.
  const groupKey = (f: KeyFigure): string => `${f.kind}|${valuesOf(f).join('-')}|${f.unit ?? ''}`;
  const groups = new Map<string, Found[]>();
  const keyOf = new Map<Found, string>();
  for (const f of found) {
    const k = groupKey(f.fig);
    keyOf.set(f, k);
    const g = groups.get(k);
    if (g) g.push(f);
    else groups.set(k, [f]);
  }
  for (const f of found) {
    const fig = f.fig;
    const furniture = f.furniture;
    let score: number;
    switch (fig.kind) {
      case 'money':
        score = 3;
        break;
      case 'count':
        // What it counts may be written beside it ("3,500 soldiers") or lent by a neighbour ("78 of the 141 seats").
        score = fig.counted || f.raw.nounUnit ? 2.6 : 0.8;
        if (fig.unit && HUMAN.has(fig.unit)) score += 0.9;
        if (f.deadly) score += 0.6;
        if (fig.counted && f.raw.nounUnit && Math.abs(fig.value ?? fig.high ?? 0) === 1) score -= 1.2;
        break;
      case 'percent':
        score = 2.5;
        break;
      case 'rate':
        score = 2.2;
        break;
      case 'measure':
        score = 2;
        break;
      default:
        score = 1;
    }
    const v = Math.abs(fig.value ?? fig.high ?? 0);
    // Size matters for amounts and counts; a percentage or a measurement is news whatever its size.
    const moneyRate = fig.kind === 'rate' && MONEY_UNIT.test(fig.unit ?? '');
    if (fig.kind === 'count' || fig.kind === 'money' || moneyRate) {
      score += Math.min(1.5, 0.25 * Math.log10(Math.max(1, v)));
    } else if (KEY.has(fig.kind)) score += 0.5;
    // "two helicopters", "3-metre waves": small counts and measures are detail, not the news.
    const small = v < 10 && !(fig.unit && (HUMAN.has(fig.unit) || fig.unit === 'magnitude'));
    if ((fig.kind === 'count' || fig.kind === 'measure') && small) score -= 1.2;
    // Lead sentences carry the news.
    if (!furniture) score += Math.max(0, 2 - 0.5 * f.sentenceIndex);
    else score -= 1;
    if (fig.source) score += 0.7;
    if (titleValues.length > 0 && valuesOf(fig).some((x) => titleValues.some((y) => same(x, y)))) score += 4;
    if (fig.change === 'up' || fig.change === 'down') score += 0.3;
    const group = groups.get(keyOf.get(f) ?? '') ?? [f];
    if (KEY.has(fig.kind) && group.length > 1) score += Math.min(2, 0.8 * (group.length - 1));
    fig.salience = score;
  }
  // Only the best mention of a repeated figure keeps its rank; the others sink.
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    let best = group[0];
    for (const f of group) if (best && f.fig.salience > best.fig.salience) best = f;
    for (const f of group) if (f !== best) f.fig.salience *= 0.35;
  }
  for (const f of found) {
    if (!KEY.has(f.fig.kind)) f.fig.salience *= 0.05;
    f.fig.salience = Math.round(f.fig.salience * 1000) / 1000;
  }
}

/**
 * One cleaned item → the record the archive keeps for it (items/<yyyy>/<mm>/<dd>/<itemId>.json): its key figures
 * and its extractive summary, computed once at ingest so that every edition reads them back.
 */
export function extractItem(item: FeedItem, feedName: string, fetchedAt: string): StoredItem {
  const all = extractFigures(item.text, {
    title: item.title,
    ...(item.publishedAt ? { published: item.publishedAt } : {}),
  });
  const figures = all.filter((f) => KEY.has(f.kind));
  const summary = summarizeStory({ title: item.title, text: item.text, figures });
  return { version: 1, item, feedName, fetchedAt, figures, summary };
}
