// Bundles every Lambda handler with esbuild exactly as the CDK stack does (cdk/constructs/tally-function.ts's
// BUNDLING), then prints each bundle's size and its cold start cost measured in fresh `node` processes:
//   import  — importing the bundle (what Lambda does before the first invocation);
//   first   — import plus the first invocation with an empty environment, which loads the lazily imported
//             wiring (SDK clients, pipeline) and stops at the environment check, short of any network call.
// The modules BUNDLING leaves external (the AWS SDK, which Lambda's Node.js 22 runtime provides) are resolved
// from the repo's node_modules, linked next to the bundles; loading them counts in the timings, as it does on Lambda.
// Medians of --runs runs (default 7). Bundles over 1 MB, with mjml, or that fail to build are reported; with
// --check the script then exits 1.
//   npm run bundle:report [-- --runs 11 --json out.json --check]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { stackBuildOptions } from '../cdk/bundling/esbuild-options.js';
import { BUNDLING, REPO_ROOT } from '../cdk/constructs/tally-function.js';
import { FUNCTION_SPECS, type FunctionName } from '../cdk/stacks/pipeline-stack.js';

const LIMIT = 1_000_000; // "under 1 MB", counted strictly

/** An event each handler rejects or ignores without network: SQS with no records, an HTTP GET, an empty SNS. */
const PROBES: Record<FunctionName, unknown> = {
  planEdition: { action: 'deliver' },
  ingestFeed: { Records: [] },
  buildEdition: { Records: [] },
  sendBatch: { Records: [] },
  subscriptions: {
    rawPath: '/subscribe',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { requestId: 'probe', http: { method: 'GET', sourceIp: '127.0.0.1' } },
  },
  sesEvents: { Records: [] },
};

interface Row {
  name: FunctionName;
  /** Why esbuild could not bundle it (a missing module, say); the other figures are then 0. */
  error?: string;
  entry: string;
  bytes: number;
  gzipBytes: number;
  inputs: number;
  mjml: boolean;
  importMs: number;
  firstCallMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Runs a fresh node that imports the bundle (and optionally calls the handler once); returns its own timing. */
function timeInFreshNode(bundle: string, probe: unknown | undefined): number {
  // Handlers log to stdout; the timing goes to fd 3 so their lines cannot mix with it.
  const script = `
    import { writeSync } from 'node:fs';
    const t0 = performance.now();
    const mod = await import(${JSON.stringify(pathToFileURL(bundle).href)});
    const probe = ${probe === undefined ? 'undefined' : JSON.stringify(probe)};
    if (probe !== undefined) { try { await mod.handler(probe); } catch {} }
    writeSync(3, String(performance.now() - t0));
  `;
  // An empty environment: no AWS credentials or region, so nothing can reach the network.
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const ms = Number(child.output[3]);
  if (child.status !== 0 || !Number.isFinite(ms)) {
    throw new Error(`bundle-report: node could not import ${bundle}: ${String(child.stderr).slice(0, 500)}`);
  }
  return ms;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '7' },
      json: { type: 'string' },
      check: { type: 'boolean', default: false },
    },
  });
  const runs = Math.max(1, Number(values.runs));
  const outdir = mkdtempSync(join(tmpdir(), 'tally-bundles-'));
  // The runtime's SDK stands in as the repo's copy: `import '@aws-sdk/client-s3'` from a bundle resolves here.
  symlinkSync(resolve(REPO_ROOT, 'node_modules'), join(outdir, 'node_modules'), 'dir');
  const rows: Row[] = [];
  try {
    for (const name of Object.keys(FUNCTION_SPECS) as FunctionName[]) {
      const entry = resolve(REPO_ROOT, FUNCTION_SPECS[name].entry);
      const outfile = join(outdir, name, 'index.mjs');
      let result: Awaited<ReturnType<typeof build<{ metafile: true }>>>;
      try {
        result = await build({
          ...stackBuildOptions(entry, outfile),
          metafile: true,
          logLevel: 'silent',
        });
      } catch (error) {
        const first = (error as { errors?: Array<{ text: string }> }).errors?.[0]?.text ?? String(error);
        rows.push({
          name,
          entry: relative(REPO_ROOT, entry),
          error: first,
          bytes: 0,
          gzipBytes: 0,
          inputs: 0,
          mjml: false,
          importMs: 0,
          firstCallMs: 0,
        });
        continue;
      }
      const inputs = Object.keys(result.metafile.inputs);
      const bytes = statSync(outfile).size;
      const importMs: number[] = [];
      const firstCallMs: number[] = [];
      for (let i = 0; i < runs; i++) {
        importMs.push(timeInFreshNode(outfile, undefined));
        firstCallMs.push(timeInFreshNode(outfile, PROBES[name]));
      }
      rows.push({
        name,
        entry: relative(REPO_ROOT, entry),
        bytes,
        gzipBytes: gzipSync(readFileSync(outfile)).length,
        inputs: inputs.length,
        mjml: inputs.some((input) => /node_modules\/mjml/.test(input)),
        importMs: median(importMs),
        firstCallMs: median(firstCallMs),
      });
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }

  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(
    `Bundles as deployed (esbuild ESM, minified, node22, external: ${(BUNDLING.externalModules ?? []).join(', ') || 'none'}); node ${process.version}, median of ${runs} fresh processes.\n`,
  );
  console.log('| function | entry | bundle | gzip | modules | mjml | cold import | import + first call |');
  console.log('|---|---|---:|---:|---:|---|---:|---:|');
  for (const r of rows) {
    if (r.error !== undefined) {
      console.log(`| ${r.name} | ${r.entry} | bundle failed: ${r.error} | | | | | |`);
      continue;
    }
    console.log(
      `| ${r.name} | ${r.entry} | ${kib(r.bytes)} | ${kib(r.gzipBytes)} | ${r.inputs} | ${r.mjml ? 'YES' : 'no'} | ${r.importMs.toFixed(0)} ms | ${r.firstCallMs.toFixed(0)} ms |`,
    );
  }
  if (values.json)
    writeFileSync(values.json, `${JSON.stringify({ node: process.version, runs, rows }, null, 2)}\n`);
  const bad = rows.filter((r) => r.error !== undefined || r.bytes >= LIMIT || r.mjml);
  for (const r of bad) {
    const why =
      r.error !== undefined
        ? `does not bundle: ${r.error}`
        : r.mjml
          ? 'contains mjml'
          : `is ${r.bytes} bytes, over 1 MB`;
    console.error(`bundle-report: ${r.name} ${why}`);
  }
  process.exitCode = values.check && bad.length > 0 ? 1 : 0;
}

await main();
