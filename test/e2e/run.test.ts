// One whole edition into a temporary folder through the CLI, then a second run that must add nothing.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTally } from '../helpers/cli.js';

const repo = resolve(import.meta.dirname, '..', '..');

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const key = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(join(dir, entry.name), key)));
    else out.push(key);
  }
  return out.sort();
}

describe('tally run (embedded default, into a temporary folder)', () => {
  let dir: string;
  let first: Awaited<ReturnType<typeof runTally>>;
  let keysAfterFirst: string[];
  let mailAfterFirst: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tally-e2e-'));
    await writeFile(join(dir, 'broken.xml'), '<html><body><p>This page is not a feed.</p></body></html>');
    const shipped = JSON.parse(await readFile(join(repo, 'tally.config.json'), 'utf8'));
    const config = {
      ...shipped,
      feeds: [
        ...shipped.feeds.map((f: { file: string }) => ({ ...f, file: join(repo, f.file) })),
        { name: 'Broken Feed', file: 'broken.xml' },
        { name: 'Missing Feed', file: 'does-not-exist.xml' },
      ],
      archive: { location: 'archive' },
      mailer: { type: 'outbox', dir: 'outbox' },
      tokenSecret: 'test-secret-0123456789abcdef',
    };
    await writeFile(join(dir, 'tally.config.json'), JSON.stringify(config));
    first = await runTally(['run', '--config', join(dir, 'tally.config.json')]);
    keysAfterFirst = await listFiles(join(dir, 'archive'));
    mailAfterFirst = await listFiles(join(dir, 'outbox'));
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('completes and reports the broken feeds without stopping the edition', () => {
    expect(first.stderr).not.toMatch(/unexpected/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/failed\s+broken-feed\s+FEED_INVALID/);
    expect(first.stdout).toMatch(/failed\s+missing-feed\s+FEED_NOT_FOUND/);
    expect(first.stdout).toMatch(/Digest daily: edition \S+, \d+ stories, \d+ figures/);
  });

  it('writes the archive keys of ARCHITECTURE.md', () => {
    const edition = keysAfterFirst.find((k) => /^editions\/daily\/[^/]+\/digest\.json$/.test(k));
    expect(edition).toBeDefined();
    const base = edition?.replace(/digest\.json$/, '') ?? '';
    for (const file of ['digest.html', 'digest.txt']) expect(keysAfterFirst).toContain(`${base}${file}`);
    expect(keysAfterFirst.some((k) => /^items\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9]+\.json$/.test(k))).toBe(true);
    expect(keysAfterFirst).toContain('state/feeds/world-wire.json');
    expect(keysAfterFirst).toContain('ledger/figures.json');
    expect(keysAfterFirst).toContain('ledger/figures.csv');
    expect(keysAfterFirst).toContain('index.html');
    expect(keysAfterFirst.some((k) => /^editions\/daily\/[^/]+\/sent\/[a-z0-9]+\.json$/.test(k))).toBe(true);
    expect(keysAfterFirst.some((k) => /^subscribers\/[a-z0-9]+\.json$/.test(k))).toBe(true);
  });

  it('mails each subscriber a multipart message with one-click unsubscribe headers', async () => {
    // Two subscribers get "daily"; one of them also gets "markets".
    expect(mailAfterFirst.filter((f) => f.endsWith('.eml'))).toHaveLength(3);
    const eml = await readFile(join(dir, 'outbox', mailAfterFirst[0] ?? ''));
    const parsed = await simpleParser(eml);
    expect(parsed.subject).toBeTruthy();
    expect(parsed.text).toMatch(/\d/);
    expect(parsed.html).toContain('<html');
    const header = (name: string) => parsed.headerLines.find((h) => h.key === name)?.line ?? '';
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toMatch(
      /^List-Unsubscribe: <http:\/\/localhost:8787\/unsubscribe\?token=[^>]+>$/,
    );
  });

  it('a second run with nothing new sends nothing and writes no item', async () => {
    const second = await runTally(['run', '--config', join(dir, 'tally.config.json')]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/no new edition/);
    const keys = await listFiles(join(dir, 'archive'));
    expect(keys.filter((k) => k.startsWith('items/'))).toEqual(
      keysAfterFirst.filter((k) => k.startsWith('items/')),
    );
    expect(keys.filter((k) => k.startsWith('editions/'))).toEqual(
      keysAfterFirst.filter((k) => k.startsWith('editions/')),
    );
    expect(await listFiles(join(dir, 'outbox'))).toEqual(mailAfterFirst);
  });
});
