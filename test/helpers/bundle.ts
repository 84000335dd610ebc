// Bundles a module in memory the way the Lambdas are bundled (ESM for node, from the repository root), for tests
// that look at what a bundle holds.
import { build, type Metafile } from 'esbuild';
import { REPO_ROOT } from '../../cdk/constructs/tally-function.js';

/** `entry` bundled in memory with its metafile; `alias` is esbuild's alias option. */
export function bundleInMemory(entry: string, alias: Record<string, string> = {}) {
  return build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: REPO_ROOT,
    alias,
  });
}

/** The modules that put bytes into the output: the metafile's inputs also list what tree shaking dropped. */
export function inputsInOutput(metafile: Metafile): string[] {
  return Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([file]) => file),
  );
}
