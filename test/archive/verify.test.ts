import { afterAll, describe, expect, it } from 'vitest';
import type { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { updateArchive, verifyArchive } from '../../functions/archive/site/index.js';
import { BASE, DIGESTS, fixtureStore, NOW, removeStores, text } from './helpers.js';

afterAll(removeStores);

const options = { publicBaseUrl: BASE, digests: DIGESTS, now: NOW };

async function rebuilt() {
  const store = await fixtureStore();
  await updateArchive(store, options);
  return store;
}

function keysOf(report: { problems: Array<{ key: string }> }): string[] {
  return report.problems.map((p) => p.key);
}

/** What a case does to a rebuilt archive before it is verified. */
type Damage = (store: FsBlobStore) => Promise<unknown>;

/** Writes each [key, body]. */
function writes(...objects: Array<[key: string, body: string]>): Damage {
  return async (store) => {
    for (const [key, body] of objects) await store.put(key, body);
  };
}

/** Stores the world edition of 2025-03-05 again under `folder`, renderings included; `patch` changes its digest. */
function copyOfMarch5(folder: string, patch: Record<string, string> = {}): Damage {
  return async (store) => {
    const digest = JSON.parse(await text(store, 'editions/world/2025-03-05/digest.json'));
    await writes(
      [`editions/world/${folder}/digest.json`, JSON.stringify({ ...digest, ...patch })],
      [`editions/world/${folder}/digest.html`, 'x'],
      [`editions/world/${folder}/digest.txt`, 'x'],
    )(store);
  };
}

describe('verifyArchive', () => {
  it('finds a freshly rebuilt archive consistent', async () => {
    const report = await verifyArchive(await rebuilt());
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('reports every derived object missing before the first rebuild', async () => {
    const report = await verifyArchive(await fixtureStore());
    expect(report.ok).toBe(false);
    expect(keysOf(report)).toEqual(
      expect.arrayContaining([
        'index.html',
        'search/index.json',
        'editions/world/index.html',
        'editions/world/feed.xml',
        'editions/world/2025-03-05/index.html',
        'editions/markets/2025-03-05/index.html',
      ]),
    );
  });

  it.each<[string, Damage, string, RegExp]>([
    [
      'a missing rendering',
      (s) => s.delete('editions/world/2025-03-05/digest.txt'),
      'editions/world/2025-03-05/digest.txt',
      /missing/,
    ],
    [
      'a digest.json that is not JSON',
      writes(['editions/world/2025-03-05/digest.json', '{"digest": "wor']),
      'editions/world/2025-03-05/digest.json',
      /not JSON/,
    ],
    [
      'a digest.json stored under another edition',
      copyOfMarch5('2025-03-09'),
      'editions/world/2025-03-09/digest.json',
      /says world\/2025-03-05 but is stored under world\/2025-03-09/,
    ],
    [
      'a digest.json missing a field',
      writes([
        'editions/world/2025-03-05/digest.json',
        JSON.stringify({ digest: 'world', editionId: '2025-03-05', title: 'W' }),
      ]),
      'editions/world/2025-03-05/digest.json',
      /digest\.json window/,
    ],
    [
      'an edition folder without digest.json',
      writes(['editions/world/2025-03-10/digest.html', '<p>orphan</p>']),
      'editions/world/2025-03-10/digest.json',
      /no digest\.json/,
    ],
    [
      'a claim marker cut short',
      writes(['editions/world/2025-03-05/sent/abc.json', '{"sentAt":']),
      'editions/world/2025-03-05/sent/abc.json',
      /not valid JSON/,
    ],
    [
      'a new edition the indexes do not know yet',
      copyOfMarch5('2025-03-11', { editionId: '2025-03-11', generatedAt: '2025-03-11T07:00:00.000Z' }),
      'editions/world/feed.xml',
      /lacks 1 recent edition/,
    ],
    [
      'a ledger JSON that is broken',
      writes(['ledger/figures.json', '{'], ['ledger/figures.csv', 'a\n']),
      'ledger/figures.json',
      /not valid JSON/,
    ],
    [
      'a ledger JSON without its CSV',
      writes(['ledger/figures.json', '{}']),
      'ledger/figures.csv',
      /missing beside/,
    ],
    [
      'a feed that is not Atom',
      writes(['editions/world/feed.xml', '<rss></rss>']),
      'editions/world/feed.xml',
      /not an Atom document/,
    ],
    [
      'a search index that is not one',
      writes(['search/index.json', '[]']),
      'search/index.json',
      /not a search index/,
    ],
  ])('reports %s', async (_name, damage, key, problem) => {
    const store = await rebuilt();
    await damage(store);
    const report = await verifyArchive(store);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ key, problem: expect.stringMatching(problem) });
  });

  it('with the configuration, names pages out of date with the stored editions', async () => {
    const store = await rebuilt();
    expect(await verifyArchive(store, options)).toEqual({ ok: true, problems: [] });
    const d = JSON.parse(await text(store, 'editions/world/2025-03-05/digest.json'));
    d.stories[0].item.title = 'A corrected headline';
    await store.put('editions/world/2025-03-05/digest.json', JSON.stringify(d));
    const report = await verifyArchive(store, options);
    expect(report.problems).toContainEqual({
      key: 'editions/world/2025-03-05/index.html',
      problem: expect.stringMatching(/out of date/),
    });
    // Without it only presence is checked, and every page is present.
    expect((await verifyArchive(store)).ok).toBe(true);
    await updateArchive(store, { ...options, force: true });
    expect(await verifyArchive(store, options)).toEqual({ ok: true, problems: [] });
  });

  it('is consistent again after a rebuild repairs what the indexes missed', async () => {
    const store = await rebuilt();
    await store.delete('editions/world/index.html');
    await store.delete('search/index.json');
    expect((await verifyArchive(store)).ok).toBe(false);
    // What `tally archive rebuild` runs: the manifest is not trusted, every page is compared with the store.
    await updateArchive(store, { ...options, force: true });
    expect(await verifyArchive(store)).toEqual({ ok: true, problems: [] });
  });
});
