// Loads a module of the tree by path at run time, so a section whose stage has not landed yet is skipped with
// the reason instead of failing the whole bench (the stages arrive on main one by one).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type Loaded = { ok: true; module: Record<string, unknown> } | { ok: false; reason: string };

/** Imports repoRoot/relPath; on failure the reason names the file and what was missing, relative to the repo. */
export async function loadModule(repoRoot: string, relPath: string): Promise<Loaded> {
  try {
    const module = (await import(pathToFileURL(join(repoRoot, relPath)).href)) as Record<string, unknown>;
    return { ok: true, module };
  } catch (error) {
    const message = (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error))
      .replaceAll(`${repoRoot}/`, '')
      .replace(/ imported from .*$/, '');
    return { ok: false, reason: `${relPath} does not load (${message})` };
  }
}

/** The named export as a function of the given type, or an error naming what is missing. */
export function exportedFunction<F>(loaded: Record<string, unknown>, name: string, file: string): F {
  const value = loaded[name];
  if (typeof value !== 'function') throw new Error(`bench: ${file} has no function export "${name}"`);
  return value as F;
}
