import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../functions/cli/main.js';
import { runTally } from '../helpers/cli.js';

describe('tally (dispatcher)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tally-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists every command in --help', async () => {
    const result = await runTally(['--help']);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toContain(command.name);
  });

  it.each(COMMANDS.map((c) => [c.name]))('explains its options: tally %s --help', async (name) => {
    const result = await runTally([name, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: tally /);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['no command', [], /Usage: tally/],
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['an unknown option', ['run', '--frobnicate'], /frobnicate/],
    ['a missing config file', ['run', '--config', 'nope.json'], /config: cannot read .*nope\.json/],
  ];
  it.each(bad)('exits 2 with one line on stderr for %s', async (_name, args, message) => {
    const result = await runTally(args, { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('exits 2 naming the field of an invalid config', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify({ digests: [], sender: { from: 'a@example.org' } }));
    const result = await runTally(['run', '--config', path]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/config: digests needs at least one digest/);
  });
});
