// Scores extractFigures on NewsQuant with the matching rules of CQE_Evaluation's evaluate_models.py
// (commit 190c0ce), and prints the table beside the published CQE row.
//   npm run eval:newsquant [-- --data PATH] [--misses]

import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFigures } from '../functions/core/figures/index.js';
import { singular } from '../functions/core/figures/lemma.js';
import type { KeyFigure } from '../functions/core/model.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const dataArg = args.indexOf('--data');
const dataDir =
  dataArg >= 0 && args[dataArg + 1]
    ? resolve(args[dataArg + 1] ?? '')
    : resolve(repoRoot, '..', 'shared', 'eval', 'newsquant');
const showMisses = args.includes('--misses');

interface GoldQuantity {
  change: string;
  value: string;
  unit: string;
  normalized_unit: string;
  referred_concepts: string;
}
interface GoldSentence {
  text: string;
  quantities: GoldQuantity[];
}
type Value = number | [number, number];
interface Prediction {
  value: Value;
  normalized_unit: string;
  change: string;
  referred_concepts: string[];
  raw: string;
}

const file = resolve(dataDir, 'NewsQuant.json');
if (!existsSync(file)) {
  console.log(`skipped: ${file} not found`);
  process.exit(0);
}
const gold = JSON.parse(readFileSync(file, 'utf8')) as GoldSentence[];

/** The unit name NewsQuant gives a counted noun: the phrase with its head in the singular ("different boss"). */
function countedUnit(f: KeyFigure): string {
  if (!f.counted) return f.unit ?? '-';
  const words = f.counted.split(/\s+/u);
  const head = words.pop() ?? '';
  return [...words, singular(head)].join(' ');
}

/** KeyFigure → the prediction format of evaluate_models.py. Dates, times and ordinals are not predictions. */
function toPrediction(f: KeyFigure): Prediction | undefined {
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

let totalTags = 0;
let totalGt = 0;
let correctValue = 0;
let correctUnit = 0;
let correctChange = 0;
let correctPartial = 0;
let correctComplete = 0;
const misses: string[] = [];

for (const sentence of gold) {
  const preds = extractFigures(sentence.text)
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
        correctValue++;
        budget--;
      }
      if (m.change === q.change) correctChange++;
      const cm = conceptsMatch(gc, m.referred_concepts);
      if (cm.complete) correctComplete++;
      if (cm.partial) correctPartial++;
      if (m.normalized_unit.toLowerCase() === gu) {
        correctUnit++;
        tags = byUnit(tags.filter((x) => x !== m));
        break;
      }
    }
    if (showMisses) {
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
  if (showMisses) {
    for (const p of preds) {
      if (!sentence.quantities.some((q) => valuesMatch(goldValue(q.value), p.value))) {
        misses.push(`EXTRA ${JSON.stringify(p.value)} ${p.normalized_unit} "${p.raw}" | ${sentence.text}`);
      }
    }
  }
}

function scores(tp: number): [number, number, number] {
  const p = totalTags > 0 ? tp / totalTags : 0;
  const r = totalGt > 0 ? tp / totalGt : 0;
  if (p + r === 0) return [0, 0, 0];
  const f = (2 * p * r) / (p + r);
  return [Math.round(p * 1000) / 10, Math.round(r * 1000) / 10, Math.round(f * 1000) / 10];
}

// The published CQE rows, for the comparison columns.
const published = new Map<string, [number, number, number]>();
const pubFile = resolve(dataDir, 'published-scores.tsv');
if (existsSync(pubFile)) {
  for (const line of readFileSync(pubFile, 'utf8').split('\n').slice(1)) {
    const c = line.split('\t');
    if (c[4] === 'CQE-Numparser' && c[5])
      published.set(c[5].trim(), [Number(c[1]), Number(c[2]), Number(c[3])]);
  }
}

if (showMisses) for (const m of misses) console.log(m);
const rows: Array<[string, number]> = [
  ['value', correctValue],
  ['value+unit', correctUnit],
  ['value+change', correctChange],
  ['value+concept_partial', correctPartial],
  ['value+concept_compelete', correctComplete],
];
console.log(`NewsQuant: ${gold.length} sentences, ${totalGt} gold quantities, ${totalTags} predictions`);
console.log(
  `${'type'.padEnd(26)}${'P'.padStart(7)}${'R'.padStart(7)}${'F1'.padStart(7)}   |  CQE P    R     F1`,
);
for (const [name, tp] of rows) {
  const [p, r, f] = scores(tp);
  const c = published.get(name);
  const cqe = c
    ? `${c[0].toFixed(1).padStart(6)}${c[1].toFixed(1).padStart(6)}${c[2].toFixed(1).padStart(6)}`
    : '     -';
  console.log(
    `${name.padEnd(26)}${p.toFixed(1).padStart(7)}${r.toFixed(1).padStart(7)}${f.toFixed(1).padStart(7)}   | ${cqe}`,
  );
}
