// Starts `tally serve` in a child process (through the dispatcher when it exists) and reads where it listens.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** The `tally` process entry: functions/cli/entry.ts where the dispatcher has one, else functions/cli/main.ts. */
export function tallyEntry(): string | undefined {
  for (const file of ['functions/cli/entry.ts', 'functions/cli/main.ts']) {
    const path = resolve(repoRoot, file);
    if (existsSync(path)) return path;
  }
  return undefined;
}

export interface Served {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function spawnServe(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Served> {
  const cli = tallyEntry();
  const entry = cli !== undefined ? [cli, 'serve'] : [resolve(repoRoot, 'test/server/serve-main.ts')];
  const tsx = resolve(repoRoot, 'node_modules/.bin/tsx');
  const child = spawn(tsx, [...entry, ...args, '--port', '0'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`tally serve did not start within 30 s: ${stderr}`)),
      30_000,
    );
    lines.on('line', (line) => {
      const match = /at (http:\/\/[^\s]+\/)/.exec(line);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`tally serve exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
