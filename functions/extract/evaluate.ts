// Scoring of figure extraction, shared by the eval scripts and the corpus tests:
// NewsQuant with the rules of CQE_Evaluation's evaluate_models.py (commit 190c0ce), and the dev set of
// wire-style articles with hand-made gold. Pure: data in, numbers out.

import type { KeyFigure } from '../core/model.js';
import { KEY_FIGURE_KINDS } from './key-figure.js';
import { singular } from './lemma.js';
import { dict } from './lexicon.js';

// --- NewsQuant -------------------------------------------------------------------------------------

export interface GoldQuantity {
  change: string;
  value: string;
  unit: string;
  normalized_unit: string;
  referred_concepts: string;
}
export interface GoldSentence {
  text: string;
  quantities: GoldQuantity[];
}
type Value = number | [number, number];
export interface Prediction {
  value: Value;
  normalized_unit: string;
  change: string;
  referred_concepts: string[];
  raw: string;
}
const SUPERLATIVES: Readonly<Record<string, string>> = dict({
  best: 'good',
  worst: 'bad',
  most: 'many',
  least: 'little',
});

/** Base form of an adjective in a counted phrase: "hottest" → "hot", "smaller" → "small". */
function adjectiveBase(w: string): string {
  const lw = w.toLowerCase();
  const irregular = SUPERLATIVES[lw];
  if (irregular) return irregular;
  const m = /^(\p{L}{2,}?)(est|er)$/u.exec(lw);
  if (!m || (!/(est)$/u.test(lw) && !COMPARATIVES.has(lw))) return w;
  let stem = m[1] ?? lw;
  if (/([bdgmnpt])\1$/u.test(stem))
    stem = stem.slice(0, -1); // hottest → hot
  else if (/[^aeiou][aeiou][cgsvz]$/u.test(stem) || /(rg|ng|rs)$/u.test(stem))
    stem += 'e'; // largest → large
  else if (/[^aeiou]i$/u.test(stem)) stem = `${stem.slice(0, -1)}y`; // earliest → early
  return stem;
}
const COMPARATIVES = new Set([
  'smaller',
  'larger',
  'bigger',
  'older',
  'newer',
  'younger',
  'greater',
  'richer',
  'poorer',
  'longer',
  'shorter',
  'wider',
  'higher',
  'lower',
  'cheaper',
  'faster',
  'slower',
  'stronger',
  'weaker',
]);
const NOT_SUPERLATIVE = new Set([
  'interest',
  'forest',
  'protest',
  'contest',
  'request',
  'harvest',
  'honest',
  'west',
  'test',
  'rest',
  'nest',
  'best',
]);

/** The unit name NewsQuant gives a counted noun: the lemmatized phrase ("different boss", "good screen"). */
export function countedUnit(f: KeyFigure): string {
  if (!f.counted) return f.unit ?? '-';
  // NewsQuant's phrase units leave out function words: "digital and physical sales" → "digital physical sale".
  const words = f.counted.split(/\s+/u).filter((w) => !/^(and|or|of|the|a|an)$/iu.test(w));
  const head = words.pop() ?? '';
  const mods = words.map((w) =>
    NOT_SUPERLATIVE.has(w.toLowerCase()) && w.toLowerCase() !== 'best' ? w : adjectiveBase(w),
  );
  return [...mods, singular(head)].join(' ');
}

/** KeyFigure → the prediction format of evaluate_models.py. Dates, times and ordinals are not predictions. */
const FRACTION_RAW = /\b(half|third|thirds|quarter|quarters|fourth|fourths|fifth|fifths|tenth|tenths)\b/iu;

export function toPrediction(f: KeyFigure): Prediction | undefined {
  if (f.kind === 'date' || f.kind === 'ordinal') return undefined;
  const value: Value | undefined =
    f.low !== undefined && f.high !== undefined
      ? [f.low, f.high]
      : f.value !== undefined
        ? f.value
        : undefined;
  if (value === undefined) return undefined;
  let unit = f.unit ?? '-';
  if (f.kind === 'count') unit = countedUnit(f);
  // NewsQuant writes a fraction of something as "% thing" ("a third of those screened" → "% -").
  if (f.kind === 'count' && f.value !== undefined && f.value < 1 && FRACTION_RAW.test(f.raw)) {
    unit = `% ${f.counted ? countedUnit(f) : '-'}`;
  }
  return {
    value,
    normalized_unit: unit.trim(),
    change: f.change,
    referred_concepts: f.concepts.length > 0 ? f.concepts : ['-'],
    raw: f.raw,
  };
}

// decode_dictionary: gold strings "5000-6000" are ranges unless negative or in E notation.
function goldValue(v: string): Value {
  if (!v.includes('E') && !v.startsWith('-') && v.includes('-')) {
    const [a, b] = v.split('-');
    return [Number(a), Number(b)];
  }
  return Number(v);
}

const isclose = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
function valuesMatch(g: Value, m: Value): boolean {
  if (Array.isArray(g) && Array.isArray(m)) return isclose(m[0], g[0]) && isclose(m[1], g[1]);
  if (Array.isArray(g) || Array.isArray(m)) return false;
  return isclose(m, g);
}

function conceptsMatch(g: string[], m: string[]): { complete: boolean; partial: boolean } {
  const gl = new Set(g.map((x) => x.toLowerCase()));
  const ml = new Set(m.map((x) => x.toLowerCase()));
  let inter = 0;
  for (const x of gl) if (ml.has(x)) inter++;
  return { partial: inter > 0, complete: inter === gl.size && gl.size === ml.size };
}

// Python's sorted() on strings: by code point, stable.
const byUnit = <T extends { normalized_unit: string }>(xs: T[]): T[] =>
  [...xs].sort((a, b) =>
    a.normalized_unit < b.normalized_unit ? -1 : a.normalized_unit > b.normalized_unit ? 1 : 0,
  );

export type NewsQuantRow =
  | 'value'
  | 'value+unit'
  | 'value+change'
  | 'value+concept_partial'
  | 'value+concept_compelete';
export interface Score {
  p: number;
  r: number;
  f1: number;
}
export interface NewsQuantResult {
  sentences: number;
  gold: number;
  predictions: number;
  rows: Record<NewsQuantRow, Score>;
  /** One line per miss or extra, for reading the errors. */
  misses: string[];
}

/** Precision, recall and F1 as fractions; 0 where there is nothing to divide by. */
function prf(tp: number, nPred: number, nGold: number): Score {
  const p = nPred ? tp / nPred : 0;
  const r = nGold ? tp / nGold : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}

/** P/R/F1 in percent, rounded to one decimal as evaluate_models.py prints them. */
function fscores(tp: number, totalGt: number, totalModel: number): Score {
  const { p, r, f1 } = prf(tp, totalModel, totalGt);
  const one = (x: number): number => Math.round(x * 1000) / 10;
  return { p: one(p), r: one(r), f1: one(f1) };
}

/**
 * Scores `predict` on NewsQuant sentences. Mirrors calculate_metrics(): gold and predictions sorted by
 * normalized unit; for each gold quantity the predictions are walked in that order and every value match
 * counts for value (up to the number of gold quantities of the sentence), change and concepts, until one
 * also matches the unit, which is then consumed.
 */
export function scoreNewsQuant(
  gold: GoldSentence[],
  predict: (text: string) => KeyFigure[],
  withMisses = false,
): NewsQuantResult {
  let totalTags = 0;
  let totalGt = 0;
  // True positives of each row of the table.
  const correct: Record<NewsQuantRow, number> = {
    value: 0,
    'value+unit': 0,
    'value+change': 0,
    'value+concept_partial': 0,
    'value+concept_compelete': 0,
  };
  const misses: string[] = [];
  for (const sentence of gold) {
    const preds = predict(sentence.text)
      .map(toPrediction)
      .filter((p): p is Prediction => p !== undefined);
    totalGt += sentence.quantities.length;
    totalTags += preds.length;
    let tags = byUnit(preds);
    const gts = byUnit(sentence.quantities);
    let budget = sentence.quantities.length;
    const matched = new Set<Prediction>();
    for (const q of gts) {
      const gv = goldValue(q.value);
      const gu = q.normalized_unit.toLowerCase();
      const gc = q.referred_concepts.split(/[,\s]+/u);
      let hit = false;
      for (const m of tags) {
        if (!valuesMatch(gv, m.value)) continue;
        hit = true;
        matched.add(m);
        if (budget > 0) {
          correct.value++;
          budget--;
        }
        if (m.change === q.change) correct['value+change']++;
        const cm = conceptsMatch(gc, m.referred_concepts);
        if (cm.complete) correct['value+concept_compelete']++;
        if (cm.partial) correct['value+concept_partial']++;
        if (m.normalized_unit.toLowerCase() === gu) {
          correct['value+unit']++;
          tags = byUnit(tags.filter((x) => x !== m));
          break;
        }
      }
      if (withMisses) {
        const best =
          tags.find((m) => valuesMatch(gv, m.value)) ?? [...matched].find((m) => valuesMatch(gv, m.value));
        if (!hit) misses.push(`MISS value  ${q.value} ${q.normalized_unit} | ${sentence.text}`);
        else if (best && best.normalized_unit.toLowerCase() !== gu)
          misses.push(`MISS unit   ${q.value} gold=${gu} got=${best.normalized_unit} | ${sentence.text}`);
        if (best && best.change !== q.change)
          misses.push(`MISS change ${q.value} gold=${q.change} got=${best.change} | ${sentence.text}`);
        if (best && !conceptsMatch(gc, best.referred_concepts).partial)
          misses.push(
            `MISS concept ${q.value} gold=[${gc.join(' ')}] got=[${best.referred_concepts.join(' ')}]`,
          );
      }
    }
    if (withMisses) {
      for (const p of preds) {
        if (!sentence.quantities.some((q) => valuesMatch(goldValue(q.value), p.value))) {
          misses.push(`EXTRA ${JSON.stringify(p.value)} ${p.normalized_unit} "${p.raw}" | ${sentence.text}`);
        }
      }
    }
  }
  return {
    sentences: gold.length,
    gold: totalGt,
    predictions: totalTags,
    rows: {
      value: fscores(correct.value, totalGt, totalTags),
      'value+unit': fscores(correct['value+unit'], totalGt, totalTags),
      'value+change': fscores(correct['value+change'], totalGt, totalTags),
      'value+concept_partial': fscores(correct['value+concept_partial'], totalGt, totalTags),
      'value+concept_compelete': fscores(correct['value+concept_compelete'], totalGt, totalTags),
    },
    misses,
  };
}

// --- the dev set -------------------------------------------------------------------------------------

export interface GoldFigure {
  value?: number;
  low?: number;
  high?: number;
  kind: string;
  unit?: string;
  counted?: string;
  qualifier: string;
  /** One of the story's key figures: expected among the top five. */
  key?: boolean;
}
export interface DevArticle {
  id: string;
  title: string;
  published?: string;
  text: string;
  gold: GoldFigure[];
}
export interface DevResult {
  articles: number;
  gold: number;
  predicted: number;
  value: Score;
  counted: Score;
  qualifierAccuracy: number;
  qualifierN: number;
  keyRecallAt5: number;
  keyN: number;
  notes: string[];
}

const KEY = new Set<string>(KEY_FIGURE_KINDS);
const close = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

function devValueMatch(g: GoldFigure, p: KeyFigure): boolean {
  if (g.low !== undefined && g.high !== undefined) {
    return p.low !== undefined && p.high !== undefined && close(g.low, p.low) && close(g.high, p.high);
  }
  return g.value !== undefined && p.value !== undefined && close(g.value, p.value);
}

const head = (phrase: string | undefined): string | undefined => {
  if (!phrase) return undefined;
  const w = phrase.trim().split(/\s+/u).pop();
  return w ? singular(w.toLowerCase()) : undefined;
};

/** Same counted thing or unit: the normalized unit, or the head lemma of the counted phrase. */
function countedMatch(g: GoldFigure, p: KeyFigure): boolean {
  if (g.unit === undefined && g.counted === undefined) return true;
  const pu = p.unit?.toLowerCase();
  if (g.unit !== undefined && pu === g.unit.toLowerCase()) return true;
  const ph = head(p.counted);
  return ph !== undefined && (ph === head(g.counted) || ph === g.unit?.toLowerCase());
}

/** One-to-one greedy matching, predictions in rank order. */
function greedy(
  gold: GoldFigure[],
  preds: KeyFigure[],
  ok: (g: GoldFigure, p: KeyFigure) => boolean,
  seed = new Map<number, number>(),
): Map<number, number> {
  const used = new Set(seed.values());
  const out = new Map(seed);
  gold.forEach((g, gi) => {
    if (out.has(gi)) return;
    const pi = preds.findIndex((p, i) => !used.has(i) && ok(g, p));
    if (pi >= 0) {
      used.add(pi);
      out.set(gi, pi);
    }
  });
  return out;
}

/**
 * Scores `extract` on the dev set: key kinds only. Value F1 and value+counted F1 (one-to-one matching,
 * a value match prefers the prediction counting the same thing), qualifier accuracy over value-matched
 * pairs, and the share of gold key figures found (value and counted) among the top five predictions.
 */
export function scoreDevSet(
  articles: DevArticle[],
  extract: (text: string, options: { published?: string; title?: string }) => KeyFigure[],
): DevResult {
  // Summed over the articles: figures, true positives, qualifier and key-figure hits.
  const n = { gold: 0, pred: 0, tpValue: 0, tpCounted: 0, qualOk: 0, qual: 0, keys: 0, keyHits: 0 };
  const notes: string[] = [];
  for (const a of articles) {
    const opts: { published?: string; title?: string } = { title: a.title };
    if (a.published !== undefined) opts.published = a.published;
    const preds = extract(a.text, opts).filter((f) => KEY.has(f.kind));
    const gold = a.gold.filter((g) => KEY.has(g.kind));
    n.gold += gold.length;
    n.pred += preds.length;
    const both = (g: GoldFigure, p: KeyFigure): boolean => devValueMatch(g, p) && countedMatch(g, p);
    const mc = greedy(gold, preds, both);
    const mv = greedy(gold, preds, devValueMatch, mc);
    n.tpValue += mv.size;
    n.tpCounted += mc.size;
    for (const [gi, pi] of mv) {
      n.qual++;
      if (gold[gi]?.qualifier === preds[pi]?.qualifier) n.qualOk++;
      else
        notes.push(
          `${a.id}: qualifier "${preds[pi]?.raw}" gold=${gold[gi]?.qualifier} got=${preds[pi]?.qualifier}`,
        );
    }
    const keys = gold.filter((g) => g.key);
    const top5 = preds.slice(0, 5);
    const mk = greedy(keys, top5, both);
    n.keys += keys.length;
    n.keyHits += mk.size;
    gold.forEach((g, gi) => {
      if (mc.has(gi)) return;
      const pv = mv.has(gi) ? preds[mv.get(gi) ?? -1] : undefined;
      const got = pv ? ` (got unit=${pv.unit} counted=${pv.counted})` : '';
      notes.push(`${a.id}: MISS ${g.value ?? `${g.low}-${g.high}`} ${g.unit ?? ''}${got}`);
    });
    const matchedPreds = new Set(mv.values());
    preds.forEach((p, pi) => {
      if (!matchedPreds.has(pi))
        notes.push(`${a.id}: EXTRA "${p.raw}" ${p.value ?? `${p.low}-${p.high}`} ${p.unit ?? ''}`);
    });
    notes.push(`${a.id}: top5 = ${top5.map((p) => p.raw).join(' | ')}  (${mk.size}/${keys.length} key)`);
  }
  return {
    articles: articles.length,
    gold: n.gold,
    predicted: n.pred,
    value: prf(n.tpValue, n.pred, n.gold),
    counted: prf(n.tpCounted, n.pred, n.gold),
    qualifierAccuracy: n.qual ? n.qualOk / n.qual : 0,
    qualifierN: n.qual,
    keyRecallAt5: n.keys ? n.keyHits / n.keys : 0,
    keyN: n.keys,
    notes,
  };
}
