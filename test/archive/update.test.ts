import { parseHTML } from 'linkedom';
import Parser from 'rss-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { updateArchive } from '../../functions/archive/site/index.js';
import { indexedEditionKeys, type SearchIndex } from '../../functions/archive/site/search.js';
import type { Digest } from '../../functions/core/model.js';
import { BASE, DIGESTS, emptyStore, fixtureStore, json, NOW, removeStores, text } from './helpers.js';

afterAll(removeStores);

const options = { publicBaseUrl: BASE, digests: DIGESTS, now: NOW };

/** The pages a new world edition rewrites besides its own: its digest's feed and index, and the site's indexes. */
const WORLD_INDEXES = [
  'editions/world/feed.xml',
  'editions/world/index.html',
  'index.html',
  'ledger/index.html',
  // Every month page carries the month list with its counts.
  'months/2025-02/index.html',
  'months/2025-03/index.html',
  'search/index.json',
];

function dom(html: string) {
  return parseHTML(html).document;
}

describe('updateArchive', () => {
  it('writes the home page, month pages, digest pages, edition pages, feeds, search index and ledger pages', async () => {
    const store = await fixtureStore();
    const { written } = await updateArchive(store, options);
    expect(written.filter((k) => !k.startsWith('ledger/measures/'))).toEqual([
      'assets/archive.css',
      'assets/search.js',
      'editions/markets/2025-03-05/index.html',
      'editions/markets/feed.xml',
      'editions/markets/index.html',
      'editions/world/2025-02-27/index.html',
      'editions/world/2025-03-05/index.html',
      ...WORLD_INDEXES,
    ]);
    // One page per measure on the boards: six distinct counted phrases across the three editions.
    expect(written.filter((k) => k.startsWith('ledger/measures/'))).toHaveLength(6);
    expect(await store.get('assets/manifest.json')).toBeDefined();
  });

  it('rewrites nothing when run again with nothing new', async () => {
    const store = await fixtureStore();
    await updateArchive(store, options);
    const again = await updateArchive(store, { ...options, now: new Date('2025-03-06T00:00:00Z') });
    expect(again.written).toEqual([]);
    // A rebuild that ignores the manifest compares with the stored pages and finds nothing to write either.
    const forced = await updateArchive(store, { ...options, force: true });
    expect(forced.written).toEqual([]);
  });

  it('after a new edition rewrites that edition, its older neighbour and the indexes only', async () => {
    const store = await fixtureStore();
    await updateArchive(store, options);
    const previous = (await json(store, 'editions/world/2025-03-05/digest.json')) as Digest;
    const next: Digest = {
      ...previous,
      editionId: '2025-03-06',
      generatedAt: '2025-03-06T07:00:10.000Z',
      window: { from: '2025-03-05T07:00:00.000Z', to: '2025-03-06T07:00:00.000Z' },
      deltas: [],
    };
    await store.put('editions/world/2025-03-06/digest.json', JSON.stringify(next));
    const { written } = await updateArchive(store, { ...options, now: new Date('2025-03-06T08:00:00Z') });
    expect(written.filter((k) => !k.startsWith('ledger/measures/'))).toEqual([
      'editions/world/2025-03-05/index.html',
      'editions/world/2025-03-06/index.html',
      ...WORLD_INDEXES,
    ]);
    // The new edition repeats the four board figures of 2025-03-05: their four measure pages gain a row.
    expect(written.filter((k) => k.startsWith('ledger/measures/'))).toHaveLength(4);
  });

  it('lists editions newest first on the home page, by month, and links every digest and feed', async () => {
    const store = await fixtureStore();
    await updateArchive(store, options);
    const doc = dom(await text(store, 'index.html'));
    const editions = [...doc.querySelectorAll('ol.editions a')].map((a) => a.getAttribute('href'));
    expect(editions).toEqual([
      'editions/markets/2025-03-05/index.html',
      'editions/world/2025-03-05/index.html',
    ]);
    expect(doc.querySelector('section.latest h2')?.textContent).toBe('March 2025');
    const months = [...doc.querySelectorAll('nav.months a')].map((a) => a.getAttribute('href'));
    expect(months).toEqual(['months/2025-02/index.html']);
    const feeds = [...doc.querySelectorAll('link[rel="alternate"]')].map((l) => l.getAttribute('href'));
    expect(feeds).toEqual(['editions/world/feed.xml', 'editions/markets/feed.xml']);
    expect(doc.querySelector('#search')).not.toBeNull();
    expect(doc.querySelector('script[src="assets/search.js"]')).not.toBeNull();
  });

  it('renders an edition page with its board, deltas, stories, source links and downloads', async () => {
    const store = await fixtureStore();
    await updateArchive(store, options);
    const doc = dom(await text(store, 'editions/world/2025-03-05/index.html'));
    expect(doc.querySelector('h1')?.textContent).toBe('World Figures');
    const board = [...doc.querySelectorAll('section.board tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent),
    );
    expect(board[0]).toEqual(['~3,500', 'North Korean soldiers', 'Rep. Yu Yong-weon']);
    // Each board figure links to its measure in the ledger.
    const measure =
      doc.querySelector('section.board tbody tr td[data-label="What"] a')?.getAttribute('href') ?? '';
    expect(measure).toMatch(
      /^\.\.\/\.\.\/\.\.\/ledger\/measures\/count-soldier-north-korean-soldiers-[0-9a-f]{8}\.html$/,
    );
    expect(await store.get(`ledger/measures/${measure.split('/').pop()}`)).toBeDefined();
    expect(board).toHaveLength(4);
    expect(doc.querySelector('section.deltas li')?.textContent).toContain(
      'North Korean troops sent to Russia',
    );
    const titles = [...doc.querySelectorAll('article.story h3 a')].map((a) => a.getAttribute('href'));
    expect(titles[0]).toBe('https://www.upi.com/Top_News/World-News/2025/03/05/north-korea-troops-russia/');
    expect(doc.querySelector('article.story p.also a')?.textContent).toBe('Yonhap');
    expect(doc.querySelector('a[rel="prev"]')?.getAttribute('href')).toBe('../2025-02-27/index.html');
    expect(doc.querySelector('a[rel="next"]')).toBeNull();
    const downloads = [...doc.querySelectorAll('p.downloads a')].map((a) => a.getAttribute('href'));
    expect(downloads).toEqual(['digest.html', 'digest.txt', 'digest.json']);
    expect(doc.querySelector('details.health summary')?.textContent).toContain('1 failed');
  });

  it('escapes everything that came from feeds', async () => {
    const store = await fixtureStore();
    await updateArchive(store, options);
    for (const key of [
      'editions/markets/2025-03-05/index.html',
      'editions/markets/index.html',
      'index.html',
      'ledger/index.html',
    ]) {
      const html = await text(store, key);
      const doc = dom(html);
      expect(doc.querySelectorAll('script:not([src])').length, key).toBe(0);
      expect(doc.querySelectorAll('img, b').length, key).toBe(0);
      for (const a of doc.querySelectorAll('a')) {
        const href = a.getAttribute('href') ?? '';
        expect(href, key).not.toMatch(/^\s*(javascript|data):/i);
      }
      for (const el of doc.querySelectorAll('*')) {
        for (const attr of el.attributes) expect(attr.name, key).not.toMatch(/^on/);
      }
      expect(html).not.toContain('\u0001');
    }
    const doc = dom(await text(store, 'editions/markets/2025-03-05/index.html'));
    expect(doc.querySelector('article.story h3')?.textContent).toBe(
      '<img src=x onerror=alert(4)> Markets & "more"',
    );
  });

  it('writes an Atom feed that a feed parser reads, with absolute links under the public base URL', async () => {
    const store = await fixtureStore();
    await updateArchive(store, options);
    const feed = await new Parser().parseString(await text(store, 'editions/world/feed.xml'));
    expect(feed.title).toBe('World Figures');
    expect(feed.items.map((i) => i.link)).toEqual([
      'https://archive.example.org/tally/editions/world/2025-03-05/index.html',
      'https://archive.example.org/tally/editions/world/2025-02-27/index.html',
    ]);
    expect(feed.items[0]?.title).toBe('World Figures, 2025-03-05');
    expect(feed.items[0]?.content).toContain('~3,500');
    const hostile = await new Parser().parseString(await text(store, 'editions/markets/feed.xml'));
    expect(hostile.title).toBe('Markets');
    expect(hostile.items[0]?.title).toBe('Markets <Daily> & "Co", 2025-03-05');
    expect(hostile.items[0]?.content).not.toContain('<script>');
    expect(hostile.items[0]?.content).not.toContain('javascript:');
  });

  it('writes a compact search index with every story of every edition', async () => {
    const store = await fixtureStore();
    await updateArchive(store, options);
    const index = (await json(store, 'search/index.json')) as SearchIndex;
    expect(index.v).toBe(1);
    expect(indexedEditionKeys(index)).toEqual([
      'editions/markets/2025-03-05/index.html',
      'editions/world/2025-03-05/index.html',
      'editions/world/2025-02-27/index.html',
    ]);
    expect(index.outlets).toEqual(['Evil <Feed> & Co', 'UPI World News', 'Example Wire Economy']);
    expect(index.stories).toHaveLength(4);
    const troops = index.stories.find((s) => s[1].startsWith('North Korea sends'));
    expect(troops?.[3]).toBe(
      "some 3,500 North Korean soldiers; approximately 400 killed in action; An estimated 63,000 Russian and North Korean troops; 3,600 injured — Rep. Yu Yong-weon; Ukraine's defense intelligence agency; Ukrainian officials",
    );
    expect(troops?.[4]).toBe('story-upi-nk-troops-0305');
  });

  it('renders the ledger from the boards when there is no ledger/figures.json: measures and their pages', async () => {
    const store = await fixtureStore();
    await updateArchive(store, options);
    const doc = dom(await text(store, 'ledger/index.html'));
    expect(doc.querySelector('p.downloads')).toBeNull();
    const measures = [...doc.querySelectorAll('section tbody tr')];
    expect(measures).toHaveLength(6);
    const soldiers = measures.find((tr) => tr.querySelector('a')?.textContent === 'North Korean soldiers');
    expect(soldiers?.querySelector('td.num')?.textContent).toBe('~3,500');
    const href = soldiers?.querySelector('a')?.getAttribute('href') ?? '';
    expect(href).toMatch(/^measures\/count-soldier-north-korean-soldiers-[0-9a-f]{8}\.html$/);
    const page = dom(await text(store, `ledger/${href}`));
    expect(page.querySelector('h1')?.textContent).toBe('North Korean soldiers');
    const row = page.querySelector('tbody tr');
    expect(row?.querySelector('td a')?.getAttribute('href')).toBe(
      'https://www.upi.com/Top_News/World-News/2025/03/05/north-korea-troops-russia/',
    );
    expect(row?.querySelector('q')?.textContent).toContain('some 3,500 additional soldiers');
    expect(row?.querySelector('td:last-child a')?.getAttribute('href')).toBe(
      '../../editions/world/2025-03-05/index.html',
    );
  });

  it('renders the ledger from ledger/figures.json when the pipeline keeps one, with its downloads', async () => {
    const store = await fixtureStore();
    const entry = (over: Record<string, unknown>) => ({
      measure: 'count:soldier:north korean:russia',
      label: 'North Korean soldiers sent to Russia',
      kind: 'count',
      head: 'soldier',
      words: ['north', 'korean', 'russia'],
      qualifier: 'approx',
      raw: 'some 3,500',
      storyId: 's1',
      storyTitle: 'North Korea sends more troops',
      url: 'https://www.upi.com/a',
      outlet: 'UPI',
      digest: 'world',
      sentence: 'North Korea recently sent some 3,500 additional soldiers.',
      ...over,
    });
    await store.put(
      'ledger/figures.json',
      JSON.stringify({
        version: 1,
        entries: [
          entry({
            display: '~12,000',
            editionId: '2025-02-27',
            seenAt: '2025-02-27T02:00:00.000Z',
            source: 'Rep. Yu',
          }),
          entry({
            display: '~3,500',
            editionId: '2025-03-05',
            seenAt: '2025-03-05T03:12:00.000Z',
            source: 'Rep. Yu',
          }),
          { measure: 'broken entry without the rest' },
        ],
      }),
    );
    await store.put('ledger/figures.csv', 'measure,display\n');
    await updateArchive(store, options);
    const doc = dom(await text(store, 'ledger/index.html'));
    expect([...doc.querySelectorAll('p.downloads a')].map((a) => a.getAttribute('href'))).toEqual([
      'figures.csv',
      'figures.json',
    ]);
    const rows = [...doc.querySelectorAll('section tbody tr')];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.querySelector('td.num')?.textContent).toBe('~3,500');
    expect(rows[0]?.querySelector('td[data-label="Reports"]')?.textContent).toBe('2');
    const page = dom(await text(store, `ledger/${rows[0]?.querySelector('a')?.getAttribute('href')}`));
    expect([...page.querySelectorAll('td.num')].map((td) => td.textContent)).toEqual(['~3,500', '~12,000']);
    expect(page.querySelector('p.downloads a')?.getAttribute('href')).toBe('../figures.csv');
  });

  it('lists a digest found in the store but not configured, under its own title', async () => {
    const store = await fixtureStore();
    await updateArchive(store, { ...options, digests: [{ name: 'world', title: 'World Figures' }] });
    const doc = dom(await text(store, 'index.html'));
    const digests = [...doc.querySelectorAll('ul.digests h3')].map((h) => h.textContent);
    expect(digests).toEqual(['World Figures', 'Markets <Daily> & "Co"']);
  });

  it('skips a broken digest.json instead of failing the whole archive', async () => {
    const store = await fixtureStore();
    await store.put('editions/world/2025-03-07/digest.json', '{"digest":"world"');
    await store.put(
      'editions/world/2025-03-08/digest.json',
      JSON.stringify({ digest: 'world', editionId: '2025-03-08' }),
    );
    const { written } = await updateArchive(store, options);
    expect(written).not.toContain('editions/world/2025-03-07/index.html');
    expect(written).not.toContain('editions/world/2025-03-08/index.html');
    expect(written).toContain('editions/world/2025-03-05/index.html');
  });

  it('removes the page of an edition whose digest.json is gone', async () => {
    const store = await fixtureStore();
    await updateArchive(store, options);
    await store.delete('editions/markets/2025-03-05/digest.json');
    await updateArchive(store, options);
    expect(await store.get('editions/markets/2025-03-05/index.html')).toBeUndefined();
    expect(await text(store, 'index.html')).not.toContain('editions/markets/2025-03-05/');
  });

  it('finds editions folder by folder, never listing the claim markers beside them', async () => {
    const store = await fixtureStore();
    for (let i = 0; i < 50; i++) await store.put(`editions/world/2025-03-05/sent/h${i}.json`, '{}');
    const listed: string[] = [];
    const watched = new Proxy(store, {
      get(target, name, receiver) {
        if (name === 'list') {
          return (prefix: string) => {
            listed.push(prefix);
            return target.list(prefix);
          };
        }
        const value = Reflect.get(target, name, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await updateArchive(watched, options);
    await updateArchive(watched, options);
    expect(listed.filter((prefix) => 'editions/world/2025-03-05/sent/'.startsWith(prefix))).toEqual([]);
  });

  it('still updates the archive when a stale page cannot be removed (no delete permission), and retries later', async () => {
    const store = await fixtureStore();
    await updateArchive(store, options);
    await store.delete('editions/markets/2025-03-05/digest.json');
    let refuse = true;
    const denied: string[] = [];
    const guarded = new Proxy(store, {
      get(target, name, receiver) {
        if (name === 'delete') {
          return async (key: string) => {
            if (refuse) {
              denied.push(key);
              throw new Error('AccessDenied');
            }
            return target.delete(key);
          };
        }
        const value = Reflect.get(target, name, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const { written } = await updateArchive(guarded, options);
    expect(written).toContain('index.html');
    expect(denied).toContain('editions/markets/2025-03-05/index.html');
    refuse = false;
    await updateArchive(guarded, options);
    expect(await store.get('editions/markets/2025-03-05/index.html')).toBeUndefined();
  });

  it('makes a browsable (empty) archive when there are no editions yet', async () => {
    const store = await emptyStore();
    const { written } = await updateArchive(store, options);
    expect(written).toContain('index.html');
    expect(written).toContain('editions/world/feed.xml');
    const feed = await new Parser().parseString(await text(store, 'editions/world/feed.xml'));
    expect(feed.items).toHaveLength(0);
    expect(dom(await text(store, 'index.html')).querySelector('section.latest p')?.textContent).toContain(
      'No editions yet',
    );
  });
});
