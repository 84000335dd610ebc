import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedsCommand } from '../../../functions/cli/commands/feeds.js';
import { loadConfig } from '../../../functions/config.js';
import { ConfigError, UsageError } from '../../../functions/core/errors.js';
import { memoryIO } from '../../helpers/cli.js';

let dir: string;
const baseConfig = {
  feeds: [{ name: 'Outlet A', url: 'https://a.example/feed.xml', tags: ['news'] }],
  digests: [{ name: 'daily', title: 'Daily' }],
  sender: { from: 'Tally <digest@example.org>' },
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-feeds-'));
  writeFileSync(join(dir, 'tally.config.json'), JSON.stringify(baseConfig, null, 2));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const OPML = `<?xml version="1.0"?>
<opml version="2.0"><head><title>subs</title></head><body>
  <outline text="World">
    <outline type="rss" text="Outlet A again" xmlUrl="https://A.example/feed.xml/"/>
    <outline type="rss" text="Outlet B" xmlUrl="https://b.example/atom.xml"/>
  </outline>
  <outline type="rss" text="Outlet A" xmlUrl="https://a2.example/rss"/>
</body></opml>`;

describe('tally feeds', () => {
  it('imports new feeds into the config, skipping those already configured, with unique ids', async () => {
    writeFileSync(join(dir, 'subs.opml'), OPML);
    const io = memoryIO(dir);
    expect(await feedsCommand.run(['import', 'subs.opml'], io)).toBe(0);
    expect(io.out()).toMatch(/2 feed\(s\) added, 1 already configured, from 3/);
    const config = loadConfig(join(dir, 'tally.config.json'));
    expect(config.feeds.map((f) => [f.id, f.url, f.tags])).toEqual([
      ['outlet-a', 'https://a.example/feed.xml', ['news']],
      ['outlet-b', 'https://b.example/atom.xml', ['World']],
      ['outlet-a-2', 'https://a2.example/rss', []],
    ]);
    const raw = JSON.parse(readFileSync(join(dir, 'tally.config.json'), 'utf8')) as typeof baseConfig;
    expect(raw.digests).toEqual(baseConfig.digests);
  });

  it('round-trips: export, import into an empty config, export again', async () => {
    writeFileSync(join(dir, 'subs.opml'), OPML);
    await feedsCommand.run(['import', 'subs.opml'], memoryIO(dir));
    const first = memoryIO(dir);
    expect(await feedsCommand.run(['export'], first)).toBe(0);

    const other = mkdtempSync(join(tmpdir(), 'tally-feeds-'));
    try {
      writeFileSync(join(other, 'c.json'), JSON.stringify({ ...baseConfig, feeds: [] }));
      writeFileSync(join(other, 'exported.opml'), first.out());
      expect(await feedsCommand.run(['import', 'exported.opml', '--config', 'c.json'], memoryIO(other))).toBe(
        0,
      );
      const second = memoryIO(other);
      await feedsCommand.run(['export', '--config=c.json'], second);
      expect(second.out()).toBe(first.out());
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('leaves the config untouched and exits 2 for a file that is not OPML', async () => {
    writeFileSync(join(dir, 'bad.opml'), '<rss version="2.0"><channel/></rss>');
    const before = readFileSync(join(dir, 'tally.config.json'), 'utf8');
    const io = memoryIO(dir);
    expect(await feedsCommand.run(['import', 'bad.opml'], io)).toBe(2);
    expect(io.err()).toMatch(/^tally: FEED_INVALID opml: /);
    expect(readFileSync(join(dir, 'tally.config.json'), 'utf8')).toBe(before);
  });

  it('reports a missing config as a ConfigError', async () => {
    await expect(feedsCommand.run(['export', '--config', 'nope.json'], memoryIO(dir))).rejects.toBeInstanceOf(
      ConfigError,
    );
  });

  it.each([[[]], [['import']], [['export', 'x.opml']], [['sync']], [['import', 'a', '--wat']]])(
    'rejects %j as a usage error',
    async (args) => {
      await expect(feedsCommand.run(args, memoryIO(dir))).rejects.toBeInstanceOf(UsageError);
    },
  );
});
