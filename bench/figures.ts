// Throughput of extractFigures on one core: articles of ~4,000 characters per second, plus the size of
// the esbuild bundle of the figures module (the Lambda budget is 1 MB).
//   npm run bench:figures [-- --seconds 3]

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { extractFigures } from '../functions/extract/index.js';
import { summarizeStory } from '../functions/extract/summarize.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const secIdx = args.indexOf('--seconds');
const seconds = secIdx >= 0 ? Number(args[secIdx + 1] ?? '3') : 3;

// Articles of ~4,000 characters made from the dev set's texts, rotated so each one differs.
const devDir = join(repoRoot, 'test', 'fixtures', 'figures', 'dev');
const texts = readdirSync(devDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => (JSON.parse(readFileSync(join(devDir, f), 'utf8')) as { text: string }).text);
const articles: string[] = [];
for (let i = 0; i < texts.length; i++) {
  let a = '';
  for (let k = 0; a.length < 4000; k++) a += `${texts[(i + k) % texts.length]}\n\n`;
  articles.push(a.slice(0, 4000));
}
const avgChars = articles.reduce((n, a) => n + a.length, 0) / articles.length;

/** Runs `fn` over the articles for `seconds` of wall time; rates are per CPU-second of this process,
 * so a busy machine (other processes on the same cores) does not distort them. */
function run(label: string, fn: (a: string) => unknown): void {
  for (let w = 0; w < 20; w++) for (const a of articles) fn(a); // warm-up: let the JIT settle
  let n = 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < budget) {
    for (const a of articles) fn(a);
    n += articles.length;
  }
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  const perCpuSec = n / cpuSecs;
  console.log(
    `${label.padEnd(26)} ${perCpuSec.toFixed(0).padStart(6)} articles/CPU-s  ${((perCpuSec * avgChars) / 1e6).toFixed(2)} MB/CPU-s  ${((cpuSecs / n) * 1e3).toFixed(3)} ms/article  (wall: ${(n / wall).toFixed(0)}/s)`,
  );
}

console.log(
  `articles: ${articles.length} distinct, ~${avgChars.toFixed(0)} chars each; ${seconds}s per run, one core`,
);
run('extractFigures', (a) => extractFigures(a, { published: '2025-03-05', title: 'Quake kills 126' }));
run('extractFigures+summarize', (a) => {
  const figures = extractFigures(a, { published: '2025-03-05' });
  return summarizeStory({ title: 'Quake kills 126', text: a, figures });
});

// The seed article of ../shared (a real ~3,900-character wire report), when present.
const seedFile = resolve(repoRoot, '..', 'shared', 'seed', 'article.txt');
if (existsSync(seedFile)) {
  const seed = readFileSync(seedFile, 'utf8');
  const saved = articles.splice(0, articles.length, seed);
  run('seed article (real wire)', (a) => extractFigures(a, { published: '2025-03-05' }));
  articles.splice(0, articles.length, ...saved);
}

// Worst cases: one sentence that is a list of 20,000 numbers, one 100,000-letter word.
for (const [label, text] of [
  ['20,000-number sentence', '1 '.repeat(20000)],
  ['100,000-letter word', 'a'.repeat(100000)],
] as const) {
  const c0 = process.cpuUsage();
  extractFigures(text);
  const c = process.cpuUsage(c0);
  console.log(`${label.padEnd(26)} ${((c.user + c.system) / 1e3).toFixed(0).padStart(6)} ms CPU`);
}

const out = await build({
  entryPoints: [
    join(repoRoot, 'functions', 'extract', 'index.ts'),
    join(repoRoot, 'functions', 'extract', 'summarize.ts'),
  ],
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  write: false,
  outdir: 'out',
});
for (const f of out.outputFiles) {
  console.log(
    `bundle ${f.path.split('/').slice(-2).join('/').padEnd(26)} ${(f.contents.length / 1024).toFixed(1)} KiB minified`,
  );
}
