// `npm run bench` (full) and `npm run bench -- --quick` (under a minute): runs each section, prints the table
// (metric, median, min, max, goal, result) and writes bench/results.json with the machine it ran on.
//   --quick            fewer feeds and runs
//   --only a,b         only these sections (ingest, figures, render, e2e, bundles)
//   --markdown         also print the table as Markdown (for docs/bench.md and the README)
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  formatMarkdownTable,
  formatTable,
  type Metric,
  machineInfo,
  toResults,
  verdict,
} from './lib/report.js';
import { bundlesSection } from './sections/bundles.js';
import type { Section } from './sections/context.js';
import { e2eSection } from './sections/e2e.js';
import { figuresSection } from './sections/figures.js';
import { ingestSection } from './sections/ingest.js';
import { renderSection } from './sections/render.js';

const SECTIONS: Section[] = [ingestSection, figuresSection, renderSection, e2eSection, bundlesSection];

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      markdown: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run bench [-- --quick] [-- --only ingest,figures,render,e2e,bundles] [-- --markdown]\n',
    );
    return 0;
  }
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((name) => !SECTIONS.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(
      `bench: unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}\n`,
    );
    return 2;
  }
  const repoRoot = resolve(import.meta.dirname, '..');
  const now = new Date();
  const quick = values.quick ?? false;
  const metrics: Metric[] = [];
  let failed = false;
  const root = await mkdtemp(join(tmpdir(), 'tally-bench-'));
  try {
    for (const section of SECTIONS) {
      if (only && !only.includes(section.name)) continue;
      const workDir = await mkdtemp(join(root, `${section.name}-`));
      const started = Date.now();
      try {
        metrics.push(
          ...(await section.run({
            quick,
            repoRoot,
            workDir,
            now,
            log: (line) => process.stderr.write(`· ${line}\n`),
          })),
        );
      } catch (error) {
        failed = true;
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(
          `bench: section ${section.name} failed: ${error instanceof Error ? error.stack : message}\n`,
        );
        metrics.push({ name: `${section.name}`, unit: '-', note: `error: ${message.split('\n')[0]}` });
      }
      process.stderr.write(`· ${section.name}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }

  const machine = machineInfo(now);
  const command = `npm run bench${quick ? ' -- --quick' : ''}`;
  process.stdout.write(
    `\nTally bench (${quick ? 'quick' : 'full'}) — ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.date}\n\n`,
  );
  process.stdout.write(`${formatTable(metrics)}\n`);
  if (values.markdown) process.stdout.write(`\n${formatMarkdownTable(metrics)}\n`);
  const out = join(repoRoot, 'bench', 'results.json');
  await writeFile(
    out,
    `${JSON.stringify(toResults(machine, command, quick ? 'quick' : 'full', metrics), null, 2)}\n`,
  );
  const missed = metrics.filter((m) => verdict(m) === 'miss').map((m) => m.name);
  const skippedCount = metrics.filter((m) => verdict(m) === 'skipped').length;
  process.stdout.write(
    `\n${missed.length === 0 ? 'No goal missed' : `Missed: ${missed.join(', ')}`}; ${skippedCount} metric(s) skipped. Results: ${out}\n`,
  );
  return failed ? 1 : 0;
}

process.exitCode = await main();
