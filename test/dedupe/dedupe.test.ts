import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanItem } from '../../functions/clean/index.js';
import type { FeedItem } from '../../functions/core/model.js';
import { dedupeItems, dedupeStories, groupStories, itemFingerprints } from '../../functions/dedupe/index.js';
import { parseFeed } from '../../functions/parse/index.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'feeds');

function item(overrides: Partial<FeedItem>): FeedItem {
  return {
    id: 'x',
    feedId: 'f',
    url: 'https://a.example/1',
    title: 'Title',
    text: '',
    categories: [],
    ...overrides,
  };
}

describe('itemFingerprints', () => {
  it('scopes guids to their feed', () => {
    const [a] = itemFingerprints(item({ guid: '1', feedId: 'a' }));
    const [b] = itemFingerprints(item({ guid: '1', feedId: 'b' }));
    expect(a).not.toBe(b);
  });

  it.each([
    ['http vs https', 'http://n.example/a', 'https://n.example/a'],
    ['www', 'https://www.n.example/a', 'https://n.example/a'],
    ['tracking parameters', 'https://n.example/a?utm_campaign=x', 'https://n.example/a'],
    ['trailing slash', 'https://n.example/a/', 'https://n.example/a'],
  ])('gives the same URL key across %s', (_name, first, second) => {
    const a = itemFingerprints(item({ url: first })).find((k) => k.startsWith('u:'));
    const b = itemFingerprints(item({ url: second })).find((k) => k.startsWith('u:'));
    expect(a).toBeDefined();
    expect(a).toBe(b);
  });

  it('hashes title and text for the content key, ignoring case and punctuation', () => {
    const a = itemFingerprints(item({ title: 'Big News!', text: 'Some 3,500 soldiers.' })).find((k) =>
      k.startsWith('c:'),
    );
    const b = itemFingerprints(item({ title: 'big news', text: 'some 3 500 soldiers' })).find((k) =>
      k.startsWith('c:'),
    );
    expect(a).toBe(b);
  });
});

describe('dedupeItems', () => {
  it('drops items seen in earlier runs (by guid, URL or content)', () => {
    const old = [
      item({ id: '1', guid: 'g1', url: 'https://n.example/1' }),
      item({ id: '2', url: 'https://n.example/2?utm_source=x' }),
      item({ id: '3', url: 'https://n.example/3', title: 'Same', text: 'Same body' }),
    ];
    const seen = new Set(old.flatMap(itemFingerprints));
    const incoming = [
      item({ id: '1b', guid: 'g1', url: 'https://n.example/1-renamed' }),
      item({ id: '2b', url: 'http://www.n.example/2' }),
      item({ id: '3b', url: 'https://mirror.example/3', title: 'Same', text: 'Same body' }),
      item({ id: '4', guid: 'g4', url: 'https://n.example/4', title: 'New', text: 'New body' }),
    ];
    const { fresh, duplicates } = dedupeItems(incoming, seen);
    expect(fresh.map((i) => i.id)).toEqual(['4']);
    expect(duplicates.map((i) => i.id)).toEqual(['1b', '2b', '3b']);
  });

  it('finds duplicates within one batch, keeping the first', () => {
    const batch = [
      item({ id: 'a', url: 'https://n.example/x' }),
      item({ id: 'b', url: 'https://n.example/x/' }),
      item({ id: 'c', url: 'https://n.example/y' }),
    ];
    const { fresh, duplicates } = dedupeItems(batch, new Set());
    expect(fresh.map((i) => i.id)).toEqual(['a', 'c']);
    expect(duplicates.map((i) => i.id)).toEqual(['b']);
  });
});

describe('groupStories', () => {
  async function outletItems(): Promise<FeedItem[]> {
    const sources: Array<[string, string]> = [
      ['outlet-a', 'outlet-a.rss.xml'],
      ['outlet-b', 'outlet-b.atom.xml'],
      ['outlet-c', 'outlet-c.json'],
    ];
    const items: FeedItem[] = [];
    for (const [feedId, file] of sources) {
      const feed = await parseFeed(readFileSync(join(fixtures, file), 'utf8'), {
        feedId,
        feedUrl: `https://${feedId}.example/feed`,
      });
      items.push(...feed.items.map(cleanItem));
    }
    return items;
  }

  it('collapses the same story from three outlets into one group and leaves the rest alone', async () => {
    const items = await outletItems();
    const groups = groupStories(items);
    const troops = groups.filter((g) => g.some((i) => /3,500/.test(i.title)));
    expect(troops).toHaveLength(1);
    expect(troops[0]?.map((i) => i.feedId).sort()).toEqual(['outlet-a', 'outlet-b', 'outlet-c']);
    expect(groups).toHaveLength(4);
    expect(groups.filter((g) => g.length === 1)).toHaveLength(3);
  });

  it('puts the fullest text first', async () => {
    const groups = groupStories(await outletItems());
    const troops = groups.find((g) => g.length === 3) ?? [];
    const lengths = troops.map((i) => i.text.length);
    expect(lengths[0]).toBe(Math.max(...lengths));
  });

  it('breaks ties by the earliest publication', () => {
    const text =
      'North Korea sent some 3,500 soldiers to the Far East of Russia for training said lawmaker Wednesday';
    const late = item({
      id: 'late',
      feedId: 'a',
      title: 'North Korea sends 3,500 soldiers to Russia',
      text,
      publishedAt: '2025-03-05T10:00:00.000Z',
    });
    const early = item({
      id: 'early',
      feedId: 'b',
      title: 'North Korea sends 3,500 soldiers to Russia',
      text,
      publishedAt: '2025-03-05T01:00:00.000Z',
    });
    expect(groupStories([late, early])[0]?.map((i) => i.id)).toEqual(['early', 'late']);
  });

  it('is deterministic: shuffled input gives the same groups', async () => {
    const items = await outletItems();
    const key = (groups: FeedItem[][]) => groups.map((g) => g.map((i) => i.id).join(',')).sort();
    expect(key(groupStories([...items].reverse()))).toEqual(key(groupStories(items)));
  });

  it('does not merge different stories that share a topic word', () => {
    const a = item({
      id: 'a',
      feedId: 'a',
      title: 'Russia and Ukraine agree on prisoner exchange',
      text: 'Both sides freed 150 prisoners on Tuesday in a swap brokered by the UAE.',
    });
    const b = item({
      id: 'b',
      feedId: 'b',
      title: 'Russia raises interest rates to 21%',
      text: 'The central bank lifted its key rate to fight inflation running above 9%.',
    });
    expect(groupStories([a, b])).toHaveLength(2);
  });
});

describe('dedupeStories', () => {
  async function outletRecords() {
    const items: FeedItem[] = [];
    for (const [file, feedId] of [
      ['outlet-a.rss.xml', 'outlet-a'],
      ['outlet-b.atom.xml', 'outlet-b'],
      ['outlet-c.json', 'outlet-c'],
    ] as const) {
      const feed = await parseFeed(readFileSync(join(fixtures, file), 'utf8'), {
        feedId,
        feedUrl: `https://${feedId}.example/feed`,
      });
      items.push(...feed.items.map(cleanItem));
    }
    return items.map((it) => ({
      item: it,
      feedName: `Name of ${it.feedId}`,
      figures: [],
      summary: `S ${it.id}`,
    }));
  }

  it('makes one story per group, the canonical item first and the others as also reported by', async () => {
    const records = await outletRecords();
    const stories = dedupeStories(records);
    const groups = groupStories(records.map((r) => r.item));
    expect(stories.map((s) => s.id)).toEqual(groups.map((g) => g[0]?.id));
    const troops = stories.find((s) => s.alsoReportedBy.length === 2);
    const group = groups.find((g) => g.length === 3) ?? [];
    expect(troops).toMatchObject({
      id: group[0]?.id,
      item: group[0],
      feedName: `Name of ${group[0]?.feedId}`,
      summary: `S ${group[0]?.id}`,
      score: 0,
    });
    expect(troops?.alsoReportedBy).toEqual(
      group
        .slice(1)
        .map((o) => ({ feedId: o.feedId, feedName: `Name of ${o.feedId}`, title: o.title, url: o.url })),
    );
  });

  it('gives no stories for no items', () => {
    expect(dedupeStories([])).toEqual([]);
  });
});
