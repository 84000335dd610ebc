// In-memory CommandIO for running commands in tests.
import { PassThrough } from 'node:stream';
import type { CommandIO } from '../../../functions/cli/command.js';

export interface CapturedIO extends CommandIO {
  out(): string;
  err(): string;
}

export function memoryIO(cwd: string): CapturedIO {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (c: Buffer) => chunks.out.push(c));
  stderr.on('data', (c: Buffer) => chunks.err.push(c));
  return {
    stdin: new PassThrough(),
    stdout,
    stderr,
    isTTY: false,
    env: {},
    cwd,
    out: () => Buffer.concat(chunks.out).toString('utf8'),
    err: () => Buffer.concat(chunks.err).toString('utf8'),
  };
}
