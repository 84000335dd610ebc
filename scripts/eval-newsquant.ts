// Scores extractFigures on NewsQuant with the matching rules of CQE_Evaluation's evaluate_models.py
// (commit 190c0ce), and prints the table beside the published CQE row.
//   npm run eval:newsquant [-- --data DIR] [--misses]

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type GoldSentence, type NewsQuantRow, scoreNewsQuant } from '../functions/extract/evaluate.js';
import { extractFigures } from '../functions/extract/index.js';
import { args, dataDir } from './eval-data.js';

const dir = dataDir('..', 'shared', 'eval', 'newsquant');

const file = resolve(dir, 'NewsQuant.json');
if (!existsSync(file)) {
  console.log(`skipped: ${file} not found`);
  process.exit(0);
}
const gold = JSON.parse(readFileSync(file, 'utf8')) as GoldSentence[];
const result = scoreNewsQuant(gold, (text) => extractFigures(text), args.includes('--misses'));

// The published CQE rows, for the comparison columns.
const published = new Map<string, [number, number, number]>();
const pubFile = resolve(dir, 'published-scores.tsv');
if (existsSync(pubFile)) {
  for (const line of readFileSync(pubFile, 'utf8').split('\n').slice(1)) {
    const c = line.split('\t');
    if (c[4] === 'CQE-Numparser' && c[5])
      published.set(c[5].trim(), [Number(c[1]), Number(c[2]), Number(c[3])]);
  }
}

for (const m of result.misses) console.log(m);
console.log(
  `NewsQuant: ${result.sentences} sentences, ${result.gold} gold quantities, ${result.predictions} predictions`,
);
console.log(
  `${'type'.padEnd(26)}${'P'.padStart(7)}${'R'.padStart(7)}${'F1'.padStart(7)}   |  CQE P     R    F1`,
);
for (const [name, s] of Object.entries(result.rows) as Array<
  [NewsQuantRow, { p: number; r: number; f1: number }]
>) {
  const c = published.get(name);
  const cqe = c ? c.map((x) => x.toFixed(1).padStart(6)).join('') : '     -';
  console.log(
    `${name.padEnd(26)}${s.p.toFixed(1).padStart(7)}${s.r.toFixed(1).padStart(7)}${s.f1.toFixed(1).padStart(7)}   | ${cqe}`,
  );
}
