// The eval scripts' command line: their flags, and where their data lives (`--data DIR`, else a folder
// given relative to the repository).

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const args = process.argv.slice(2);

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The folder named by `--data DIR`, else `defaultPath` below the repository root. */
export function dataDir(...defaultPath: string[]): string {
  const at = args.indexOf('--data');
  const given = at >= 0 ? args[at + 1] : undefined;
  return given ? resolve(given) : resolve(repoRoot, ...defaultPath);
}
