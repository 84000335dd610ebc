// Runs the tally CLI, or one of its commands, in-process with captured streams.
import { PassThrough } from 'node:stream';
import type { CommandIO } from '../../functions/cli/command.js';
import { main } from '../../functions/cli/main.js';

export interface CapturedIO extends CommandIO {
  out(): string;
  err(): string;
}

export interface MemoryIOOptions {
  /** What stdin holds; when given, stdin also ends after it. */
  stdin?: string;
  env?: NodeJS.ProcessEnv;
}

/** In-memory CommandIO rooted at `cwd`: what a command writes is read back with out() and err(). */
export function memoryIO(cwd: string, options: MemoryIOOptions = {}): CapturedIO {
  const stdin = new PassThrough();
  if (options.stdin !== undefined) stdin.end(options.stdin);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (c: Buffer) => chunks.out.push(c));
  stderr.on('data', (c: Buffer) => chunks.err.push(c));
  return {
    stdin,
    stdout,
    stderr,
    isTTY: false,
    env: options.env ?? {},
    cwd,
    // Decoded once at the end, so a character split across chunks comes out whole.
    out: () => Buffer.concat(chunks.out).toString('utf8'),
    err: () => Buffer.concat(chunks.err).toString('utf8'),
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runTally(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {},
): Promise<CliResult> {
  const io = memoryIO(options.cwd ?? process.cwd(), {
    stdin: options.stdin ?? '',
    env: { ...process.env, ...options.env },
  });
  const code = await main(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}
