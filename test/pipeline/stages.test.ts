// The source tree shows the pipeline: one folder per stage with its entry point in index.ts, and imports that
// point one way, from a stage to earlier stages (and the shared foundation), never to a later stage.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const functions = resolve(import.meta.dirname, '..', '..', 'functions');

/** The pipeline diagram of ARCHITECTURE.md, schedule aside (it is the trigger, not a folder). */
const STAGES = [
  'fetch',
  'parse',
  'clean',
  'dedupe',
  'extract',
  'track',
  'compose',
  'render',
  'archive',
  'deliver',
] as const;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative module specifiers a file imports or re-exports, statically or dynamically. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)'(\.[^']+)'/gm)) {
    if (match[1] !== undefined) found.push(match[1]);
  }
  return found;
}

/** The stage a path under functions/ belongs to, if any. */
function stageOf(path: string): (typeof STAGES)[number] | undefined {
  const top = relative(functions, path).split('/')[0];
  return STAGES.find((stage) => stage === top);
}

describe('the stage folders', () => {
  it.each(STAGES)('%s has its entry point in index.ts', (stage) => {
    expect(sources(join(functions, stage)).map((path) => relative(functions, path))).toContain(
      `${stage}/index.ts`,
    );
  });

  it.each(STAGES)('%s imports no later stage', (stage) => {
    const later = new Set(STAGES.slice(STAGES.indexOf(stage) + 1));
    const backwards: string[] = [];
    for (const file of sources(join(functions, stage))) {
      for (const specifier of specifiers(readFileSync(file, 'utf8'))) {
        const target = stageOf(resolve(dirname(file), specifier));
        if (target !== undefined && later.has(target)) {
          backwards.push(`${relative(functions, file)} → ${specifier}`);
        }
      }
    }
    expect(backwards).toEqual([]);
  });

  it('finds the imports it checks', () => {
    // Guards the scan itself: a regex that matched nothing would pass every stage.
    const parse = readFileSync(join(functions, 'parse', 'index.ts'), 'utf8');
    expect(specifiers(parse)).toContain('./ids.js');
    expect(
      specifiers("export { x } from '../later/index.js';\nconst m = await import('../dyn.js');"),
    ).toEqual(['../later/index.js', '../dyn.js']);
  });
});
