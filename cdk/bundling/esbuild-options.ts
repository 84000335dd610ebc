// BUNDLING (cdk/constructs/tally-function.ts) translated into esbuild's build API options, so scripts and tests
// build exactly what NodejsFunction builds: same format, target, banner, externals and --alias arguments.
import type { BuildOptions } from 'esbuild';
import { BUNDLING, REPO_ROOT } from '../constructs/tally-function.js';

/** BUNDLING's --alias:name=path arguments, as esbuild's `alias` option. */
export function bundlingAliases(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [arg, value] of Object.entries(BUNDLING.esbuildArgs ?? {})) {
    const name = /^--alias:(.+)$/.exec(arg)?.[1];
    if (name !== undefined && typeof value === 'string') out[name] = value;
  }
  return out;
}

/** The options NodejsFunction passes to esbuild for one handler; resolve paths from the repo root. */
export function stackBuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLING.target ?? 'node22',
    mainFields: BUNDLING.mainFields ?? ['module', 'main'],
    minify: BUNDLING.minify ?? true,
    sourcemap: false,
    banner: { js: BUNDLING.banner ?? '' },
    external: BUNDLING.externalModules ?? [],
    alias: bundlingAliases(),
    absWorkingDir: REPO_ROOT,
  };
}
