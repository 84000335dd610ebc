// Scores extractFigures on the project's own dev set of wire-style articles with hand-made gold
// (test/fixtures/figures/dev/*.json): value F1, value+counted F1, qualifier accuracy, key-figure recall@5.
//   npm run eval:figures [-- --data DIR] [--verbose]

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFigures } from '../functions/core/figures/index.js';
import { singular } from '../functions/core/figures/lemma.js';
import { KEY_FIGURE_KINDS, type KeyFigure } from '../functions/core/model.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const dataArg = args.indexOf('--data');
const dir =
  dataArg >= 0 && args[dataArg + 1]
    ? resolve(args[dataArg + 1] ?? '')
    : resolve(repoRoot, 'test', 'fixtures', 'figures', 'dev');
const verbose = args.includes('--verbose');

interface GoldFigure {
  value?: number;
  low?: number;
  high?: number;
  kind: string;
  unit?: string;
  counted?: string;
  qualifier: string;
  key?: boolean;
}
interface Article {
  id: string;
  title: string;
  published?: string;
  text: string;
  gold: GoldFigure[];
}

if (!existsSync(dir)) {
  console.log(`skipped: ${dir} not found`);
  process.exit(0);
}
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
if (files.length === 0) {
  console.log(`skipped: no *.json articles in ${dir}`);
  process.exit(0);
}

const KEY = new Set<string>(KEY_FIGURE_KINDS);
const close = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

function valueMatch(g: GoldFigure, p: KeyFigure): boolean {
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
  if (ph !== undefined && (ph === head(g.counted) || ph === g.unit?.toLowerCase())) return true;
  return false;
}

/** One-to-one greedy matching in rank order. */
function match(
  gold: GoldFigure[],
  preds: KeyFigure[],
  ok: (g: GoldFigure, p: KeyFigure) => boolean,
): Map<number, number> {
  const used = new Set<number>();
  const out = new Map<number, number>();
  gold.forEach((g, gi) => {
    const pi = preds.findIndex((p, i) => !used.has(i) && ok(g, p));
    if (pi >= 0) {
      used.add(pi);
      out.set(gi, pi);
    }
  });
  return out;
}

function match2(gold: GoldFigure[], preds: KeyFigure[]): Map<number, number> {
  const first = match(gold, preds, (g, p) => valueMatch(g, p) && countedMatch(g, p));
  const used = new Set(first.values());
  gold.forEach((g, gi) => {
    if (first.has(gi)) return;
    const pi = preds.findIndex((p, i) => !used.has(i) && valueMatch(g, p));
    if (pi >= 0) {
      used.add(pi);
      first.set(gi, pi);
    }
  });
  return first;
}

let nGold = 0;
let nPred = 0;
let tpValue = 0;
let tpCounted = 0;
let qualOk = 0;
let qualN = 0;
let keyN = 0;
let keyHit = 0;

for (const file of files) {
  const a = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Article;
  const opts: { published?: string; title?: string } = { title: a.title };
  if (a.published !== undefined) opts.published = a.published;
  const preds = extractFigures(a.text, opts).filter((f) => KEY.has(f.kind));
  const gold = a.gold.filter((g) => KEY.has(g.kind));
  nGold += gold.length;
  nPred += preds.length;
  // Value matches prefer a prediction that also counts the same thing, so equal values do not swap.
  const mv = match2(gold, preds);
  const mc = match(gold, preds, (g, p) => valueMatch(g, p) && countedMatch(g, p));
  tpValue += mv.size;
  tpCounted += mc.size;
  for (const [gi, pi] of mv) {
    qualN++;
    if (gold[gi]?.qualifier === preds[pi]?.qualifier) qualOk++;
    else if (verbose)
      console.log(
        `  ${a.id}: qualifier ${preds[pi]?.raw} gold=${gold[gi]?.qualifier} got=${preds[pi]?.qualifier}`,
      );
  }
  const top5 = preds.slice(0, 5);
  const mk = match(
    gold.filter((g) => g.key),
    top5,
    (g, p) => valueMatch(g, p) && countedMatch(g, p),
  );
  const nk = gold.filter((g) => g.key).length;
  keyN += nk;
  keyHit += mk.size;
  if (verbose) {
    gold.forEach((g, gi) => {
      if (!mc.has(gi)) {
        const pv = mv.has(gi) ? preds[mv.get(gi) ?? -1] : undefined;
        console.log(
          `  ${a.id}: MISS ${g.value ?? `${g.low}-${g.high}`} ${g.unit ?? ''}${pv ? ` (got unit=${pv.unit} counted=${pv.counted})` : ''}`,
        );
      }
    });
    preds.forEach((p, pi) => {
      if (![...mv.values()].includes(pi))
        console.log(`  ${a.id}: EXTRA "${p.raw}" ${p.value ?? `${p.low}-${p.high}`} ${p.unit ?? ''}`);
    });
    console.log(`  ${a.id}: top5 = ${top5.map((p) => p.raw).join(' | ')}  (${mk.size}/${nk} key)`);
  }
}

const f1 = (tp: number): [number, number, number] => {
  const p = nPred ? tp / nPred : 0;
  const r = nGold ? tp / nGold : 0;
  return [p, r, p + r ? (2 * p * r) / (p + r) : 0];
};
const fmt = (x: number): string => x.toFixed(3).padStart(7);
console.log(`dev set: ${files.length} articles, ${nGold} gold key figures, ${nPred} predicted`);
console.log(`${'metric'.padEnd(24)}      P      R     F1`);
for (const [name, tp] of [
  ['value', tpValue],
  ['value+counted', tpCounted],
] as const) {
  const [p, r, f] = f1(tp);
  console.log(`${name.padEnd(24)}${fmt(p)}${fmt(r)}${fmt(f)}`);
}
console.log(
  `${'qualifier accuracy'.padEnd(24)}${fmt(qualN ? qualOk / qualN : 0)}   (${qualOk}/${qualN} value-matched)`,
);
console.log(`${'key recall@5'.padEnd(24)}${fmt(keyN ? keyHit / keyN : 0)}   (${keyHit}/${keyN})`);
