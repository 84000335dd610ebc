// Lambda bundles: every handler of the CDK stack (FUNCTION_SPECS) bundled with esbuild using the stack's own
// options (stackBuildOptions: BUNDLING of cdk/constructs/tally-function.ts, aliases included, as
// scripts/bundle-report.ts builds them), then its size and its cold import time: a fresh node process with an
// empty environment importing the bundle, timed from just before the import to just after. Measured here rather
// than through bundle-report so each figure has min and max.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { loadModule } from '../lib/load.js';
import type { Metric } from '../lib/report.js';
import { summarize } from '../lib/stats.js';
import { type BenchContext, type Section, skipped } from './context.js';

// Types only (erased at run time): the CDK modules are loaded by loadModule, so a missing one skips.
type StackBuildOptions = typeof import('../../cdk/bundling/esbuild-options.js').stackBuildOptions;
type FunctionSpecs = typeof import('../../cdk/stacks/pipeline-stack.js').FUNCTION_SPECS;

/** "Under 1 MB", counted in bytes as scripts/bundle-report.ts counts it. */
const SIZE_GOAL_KB = 1_000;
const IMPORT_GOAL_MS = 150;

/** The packages (or "own code") that take the most bytes of a bundle: where a size goal would be won. */
export function largestPackages(inputs: Record<string, { bytesInOutput: number }>, count: number): string {
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const name = match?.[1] ?? 'own code';
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${Math.round(bytes / 1000)} KB`)
    .join(', ');
}

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
    const options = await loadModule(ctx.repoRoot, 'cdk/bundling/esbuild-options.ts');
    if (!options.ok) return skipped([...goals], options.reason);
    const stack = await loadModule(ctx.repoRoot, 'cdk/stacks/pipeline-stack.ts');
    if (!stack.ok) return skipped([...goals], stack.reason);
    const stackBuildOptions = options.module.stackBuildOptions as StackBuildOptions | undefined;
    const specs = stack.module.FUNCTION_SPECS as FunctionSpecs | undefined;
    if (typeof stackBuildOptions !== 'function' || !specs) {
      return skipped([...goals], 'the CDK modules no longer export stackBuildOptions / FUNCTION_SPECS');
    }

    const outDir = await mkdtemp(join(tmpdir(), 'tally-bench-bundles-'));
    // What BUNDLING leaves external (the AWS SDK, which the Lambda runtime provides) resolves from here.
    await symlink(join(ctx.repoRoot, 'node_modules'), join(outDir, 'node_modules'), 'dir');
    const runs = ctx.quick ? 3 : 7;
    const metrics: Metric[] = [];
    try {
      for (const [name, spec] of Object.entries(specs)) {
        const outfile = join(outDir, name, 'index.mjs');
        let inputs: string[];
        let largest: string;
        try {
          await mkdir(join(outDir, name), { recursive: true });
          const result = await build({
            ...stackBuildOptions(join(ctx.repoRoot, spec.entry), outfile),
            metafile: true,
            logLevel: 'silent',
          });
          inputs = Object.keys(result.metafile.inputs);
          largest = largestPackages(Object.values(result.metafile.outputs)[0]?.inputs ?? {}, 3);
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
            note: `${inputs.length} modules${mjml ? '; CONTAINS mjml' : ''}; largest: ${largest}`,
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
