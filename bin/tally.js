#!/usr/bin/env node
// The `tally` command (npm start, npm run tally, npm link). Runs the prebuilt bundle dist/cli/tally.mjs (npm run
// build:cli, part of prepare); when it is missing, or older than a source in a checkout, runs the TypeScript
// sources through tsx instead, saying so in one line.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'cli', 'tally.mjs');

/** The newest modification time under a folder (0 when absent): a few hundred stat calls, ~2 ms. */
function newest(dir) {
  let latest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (entry.isFile()) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

function staleness() {
  if (!existsSync(bundle)) return 'dist/cli/tally.mjs is missing';
  const built = statSync(bundle).mtimeMs;
  for (const dir of ['functions', join('templates', 'compiled')]) {
    if (newest(join(root, dir)) > built) return `dist/cli/tally.mjs is older than ${dir}/`;
  }
  return undefined;
}

const reason = staleness();
if (reason === undefined) {
  await import(pathToFileURL(bundle).href);
} else {
  process.stderr.write(
    `tally: ${reason}; running the sources with tsx (npm run build:cli makes it faster)\n`,
  );
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'functions', 'cli', 'entry.ts')).href);
}
