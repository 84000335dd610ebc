import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { archiveCommand } from '../../functions/cli/commands/archive.js';
import { UsageError } from '../../functions/core/errors.js';
import { type CapturedIO, memoryIO } from '../helpers/cli.js';
import { fixtureStore, removeStores, text } from './helpers.js';

afterAll(removeStores);

// A working folder with no tally.config.json in it, so only the arguments decide (the repository root has one).
const bare = await mkdtemp(join(tmpdir(), 'tally-archive-cwd-'));

function io(cwd = bare): CapturedIO {
  return memoryIO(cwd);
}

describe('tally archive', () => {
  it.each([[[]], [['publish']], [['rebuild', 'verify']], [['rebuild', '--bogus']]])(
    'rejects the arguments %j as usage errors',
    async (args) => {
      await expect(archiveCommand.run(args, io())).rejects.toBeInstanceOf(UsageError);
    },
  );

  it('prints its help', async () => {
    const out = io();
    expect(await archiveCommand.run(['--help'], out)).toBe(0);
    expect(out.out()).toContain('Usage: tally archive rebuild|verify');
  });

  it('verify fails (exit 1) before a rebuild and passes after it', async () => {
    const store = await fixtureStore();
    const before = io();
    expect(await archiveCommand.run(['verify', '--store', store.root], before)).toBe(1);
    expect(before.out()).toMatch(/has \d+ problem\(s\)/);
    expect(before.out()).toContain('editions/world/2025-03-05/index.html: missing edition page');

    const rebuild = io();
    expect(await archiveCommand.run(['rebuild', '--store', store.root], rebuild)).toBe(0);
    expect(rebuild.out()).toContain(`archive: rebuilt ${store.root}: 20 object(s) written`);

    const after = io();
    expect(await archiveCommand.run(['verify', '--store', store.root], after)).toBe(0);
    expect(after.out()).toBe(`archive: ${store.root} is consistent\n`);
  });

  it('takes digest titles and the public base URL from --config', async () => {
    const store = await fixtureStore();
    const dir = await mkdtemp(join(tmpdir(), 'tally-archive-config-'));
    await writeFile(
      join(dir, 'tally.config.json'),
      JSON.stringify({
        digests: [{ name: 'world', title: 'The World in Figures' }],
        sender: { from: 'digest@example.org' },
        archive: { location: store.root },
        publicBaseUrl: 'https://news.example.org/archive/',
      }),
    );
    // No --store: the config's archive.location is used; tally.config.json is found in the working folder.
    expect(await archiveCommand.run(['rebuild'], io(dir))).toBe(0);
    expect(await text(store, 'editions/world/feed.xml')).toContain(
      '<link rel="self" type="application/atom+xml" href="https://news.example.org/archive/editions/world/feed.xml"/>',
    );
    expect(await text(store, 'index.html')).toContain('The World in Figures');
  });

  it('names a config file that does not exist', async () => {
    await expect(
      archiveCommand.run(['rebuild', '--config', '/nonexistent/tally.json'], io()),
    ).rejects.toThrow(/config: cannot read \/nonexistent\/tally\.json/);
  });
});
