// Lambda bundles: each handler file (functions/*.ts exporting `handler`) bundled with esbuild the way a Lambda
// ships it (ESM, node20, minified, @aws-sdk left to the runtime), then its size and its cold import time: a
// fresh node process importing the bundle, timed from just before the import to just after.
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Metric } from '../lib/report.js';
import { summarize } from '../lib/stats.js';
import type { BenchContext, Section } from './context.js';

const SIZE_GOAL_KB = 1024;
const IMPORT_GOAL_MS = 150;

/** The Lambda handler files: top-level functions/*.ts that export `handler`. */
export async function handlerFiles(functionsDir: string): Promise<string[]> {
  const names = (await readdir(functionsDir)).filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts')).sort();
  const out: string[] = [];
  for (const name of names) {
    const source = await readFile(join(functionsDir, name), 'utf8');
    if (
      /export\s+(const|let|async\s+function|function)\s+handler\b|export\s*\{[^}]*\bhandler\b/.test(source)
    ) {
      out.push(join(functionsDir, name));
    }
  }
  return out;
}

function coldImportMs(file: string): Promise<number> {
  const script = [
    `const start = performance.now();`,
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    `process.stdout.write(String(performance.now() - start));`,
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // What a Lambda environment sets; handlers may read it at import.
      env: { ...process.env, AWS_REGION: process.env.AWS_REGION ?? 'us-east-1', NODE_ENV: 'production' },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      err += c;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = Number(out);
      if (code !== 0 || !Number.isFinite(ms))
        reject(new Error(`bench: importing ${basename(file)} failed:\n${err.slice(-2_000)}`));
      else resolve(ms);
    });
  });
}

export const bundlesSection: Section = {
  name: 'bundles',
  async run(ctx: BenchContext): Promise<Metric[]> {
    const handlers = await handlerFiles(join(ctx.repoRoot, 'functions'));
    if (handlers.length === 0) {
      return [
        {
          name: 'bundle.size_kb',
          unit: 'KB',
          goal: { op: '<=', value: SIZE_GOAL_KB },
          note: 'skipped: no handler files in functions/ yet',
        },
        {
          name: 'bundle.cold_import_ms',
          unit: 'ms',
          goal: { op: '<=', value: IMPORT_GOAL_MS },
          note: 'skipped: no handler files in functions/ yet',
        },
      ];
    }
    // Inside the repo so the bundles resolve the externals (@aws-sdk) from node_modules as the runtime would.
    const outDir = join(ctx.repoRoot, 'out', 'bench-bundles');
    await mkdir(outDir, { recursive: true });
    const runs = ctx.quick ? 3 : 7;
    const metrics: Metric[] = [];
    try {
      for (const entry of handlers) {
        const name = basename(entry, '.ts');
        const outfile = join(outDir, `${name}.mjs`);
        await build({
          entryPoints: [entry],
          outfile,
          bundle: true,
          platform: 'node',
          target: 'node20',
          format: 'esm',
          minify: true,
          external: ['@aws-sdk/*'],
          // ESM bundles of CommonJS dependencies need require().
          banner: {
            js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
          },
          logLevel: 'error',
        });
        const { size } = await stat(outfile);
        const times: number[] = [];
        for (let run = 0; run < runs; run++) times.push(await coldImportMs(outfile));
        ctx.log(`bundles: ${name} ${(size / 1000).toFixed(0)} KB`);
        metrics.push(
          {
            name: `bundle.${name}.size_kb`,
            unit: 'KB',
            summary: summarize([size / 1000]),
            goal: { op: '<=', value: SIZE_GOAL_KB },
            note: 'minified ESM, @aws-sdk external',
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
