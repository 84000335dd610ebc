// Lambda bundles: every handler of the CDK stack (FUNCTION_SPECS) bundled with esbuild using the stack's own
// options (BUNDLING in cdk/constructs/tally-function.ts, as scripts/bundle-report.ts does), then its size and its
// cold import time: a fresh node process with an empty environment importing the bundle, timed from just
// before the import to just after. Measured here rather than through bundle-report so each figure has min/max.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { loadModule } from '../lib/load.js';
import type { Metric } from '../lib/report.js';
import { summarize } from '../lib/stats.js';
import { type BenchContext, type Section, skipped } from './context.js';

// Types only (erased at run time): the CDK modules are loaded by loadModule, so a missing one skips.
type Bundling = typeof import('../../cdk/constructs/tally-function.js').BUNDLING;
type FunctionSpecs = typeof import('../../cdk/stacks/pipeline-stack.js').FUNCTION_SPECS;

/** "Under 1 MB", counted in bytes as scripts/bundle-report.ts counts it. */
const SIZE_GOAL_KB = 1_000;
const IMPORT_GOAL_MS = 150;

function coldImportMs(file: string): Promise<number> {
  // The timing goes to fd 3 so whatever the handler module prints cannot mix with it.
  const script = [
    "import { writeSync } from 'node:fs';",
    'const start = performance.now();',
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    'writeSync(3, String(performance.now() - start));',
  ].join('\n');
  return new Promise((resolve, reject) => {
    // An empty environment, as a fresh Lambda sandbox has no credentials: nothing can reach the network.
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let timing = '';
    let err = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      timing += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = Number(timing);
      if (code !== 0 || timing === '' || !Number.isFinite(ms)) {
        reject(new Error(`bench: importing ${file} failed:\n${err.slice(-2_000)}`));
      } else resolve(ms);
    });
  });
}

export const bundlesSection: Section = {
  name: 'bundles',
  async run(ctx: BenchContext): Promise<Metric[]> {
    const goals = [
      { name: 'bundle.size_kb', unit: 'KB', goal: { op: '<=', value: SIZE_GOAL_KB } },
      { name: 'bundle.cold_import_ms', unit: 'ms', goal: { op: '<=', value: IMPORT_GOAL_MS } },
    ] as const;
    const construct = await loadModule(ctx.repoRoot, 'cdk/constructs/tally-function.ts');
    if (!construct.ok) return skipped([...goals], construct.reason);
    const stack = await loadModule(ctx.repoRoot, 'cdk/stacks/pipeline-stack.ts');
    if (!stack.ok) return skipped([...goals], stack.reason);
    const bundling = construct.module.BUNDLING as Bundling | undefined;
    const specs = stack.module.FUNCTION_SPECS as FunctionSpecs | undefined;
    if (!bundling || !specs)
      return skipped([...goals], 'the CDK modules no longer export BUNDLING / FUNCTION_SPECS');

    const outDir = await mkdtemp(join(tmpdir(), 'tally-bench-bundles-'));
    const runs = ctx.quick ? 3 : 7;
    const metrics: Metric[] = [];
    try {
      for (const [name, spec] of Object.entries(specs)) {
        const outfile = join(outDir, name, 'index.mjs');
        let inputs: string[];
        try {
          const result = await build({
            entryPoints: [join(ctx.repoRoot, spec.entry)],
            outfile,
            bundle: true,
            platform: 'node',
            format: 'esm',
            target: bundling.target ?? 'node22',
            mainFields: bundling.mainFields ?? ['module', 'main'],
            minify: bundling.minify ?? true,
            sourcemap: false,
            banner: { js: bundling.banner ?? '' },
            external: bundling.externalModules ?? [],
            metafile: true,
            logLevel: 'silent',
          });
          inputs = Object.keys(result.metafile.inputs);
        } catch (error) {
          const first = (error as { errors?: Array<{ text: string }> }).errors?.[0]?.text ?? String(error);
          metrics.push(
            ...skipped([{ name: `bundle.${name}`, unit: '-' }], `${spec.entry} does not bundle: ${first}`),
          );
          continue;
        }
        const { size } = await stat(outfile);
        const times: number[] = [];
        for (let run = 0; run < runs; run++) times.push(await coldImportMs(outfile));
        const mjml = inputs.some((input) => input.includes('node_modules/mjml'));
        ctx.log(`bundles: ${name} ${(size / 1000).toFixed(0)} KB from ${inputs.length} modules`);
        metrics.push(
          {
            name: `bundle.${name}.size_kb`,
            unit: 'KB',
            summary: summarize([size / 1000]),
            goal: { op: '<=', value: SIZE_GOAL_KB },
            note: `${inputs.length} modules${mjml ? '; CONTAINS mjml' : ''}`,
          },
          {
            name: `bundle.${name}.cold_import_ms`,
            unit: 'ms',
            summary: summarize(times),
            goal: { op: '<=', value: IMPORT_GOAL_MS },
          },
        );
      }
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
    return metrics;
  },
};
