// Scores extractFigures on the project's own dev set of wire-style articles with hand-made gold
// (test/fixtures/figures/dev/*.json): value F1, value+counted F1, qualifier accuracy, key-figure recall@5.
//   npm run eval:figures [-- --data DIR] [--verbose]

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DevArticle, scoreDevSet } from '../functions/extract/evaluate.js';
import { extractFigures } from '../functions/extract/index.js';
import { args, dataDir } from './eval-data.js';

const dir = dataDir('test', 'fixtures', 'figures', 'dev');

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
const articles = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as DevArticle);
const r = scoreDevSet(articles, extractFigures);

if (args.includes('--verbose')) for (const n of r.notes) console.log(`  ${n}`);
const fmt = (x: number): string => x.toFixed(3).padStart(7);
console.log(`dev set: ${r.articles} articles, ${r.gold} gold key figures, ${r.predicted} predicted`);
console.log(`${'metric'.padEnd(24)}      P      R     F1`);
console.log(`${'value'.padEnd(24)}${fmt(r.value.p)}${fmt(r.value.r)}${fmt(r.value.f1)}`);
console.log(`${'value+counted'.padEnd(24)}${fmt(r.counted.p)}${fmt(r.counted.r)}${fmt(r.counted.f1)}`);
console.log(
  `${'qualifier accuracy'.padEnd(24)}${fmt(r.qualifierAccuracy)}   (${r.qualifierN} value-matched)`,
);
console.log(`${'key recall@5'.padEnd(24)}${fmt(r.keyRecallAt5)}   (${r.keyN} key figures)`);
