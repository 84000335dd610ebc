import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import {
  articleText,
  generateArticle,
  generateFeed,
  generateFeedSet,
  hashSeed,
  rng,
} from '../../bench/lib/generate.js';

const now = new Date('2026-03-05T12:00:00Z');

describe('rng', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = rng(7);
    const b = rng(7);
    const c = rng(8);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    for (const x of first) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('generateArticle', () => {
  it.each([500, 1_500, 4_000])('reaches at least %d characters of text', (minChars) => {
    const text = articleText(generateArticle(hashSeed(`len:${minChars}`), minChars));
    expect(text.length).toBeGreaterThanOrEqual(minChars);
    // Not wildly over: one paragraph at most past the target.
    expect(text.length).toBeLessThan(minChars + 600);
  });

  it('writes wire-style copy: a dateline, qualified figures and attributions', () => {
    const texts = Array.from({ length: 30 }, (_, i) =>
      articleText(generateArticle(hashSeed(`wire:${i}`), 2_000)),
    );
    for (const text of texts) {
      expect(text).toMatch(/^[A-Z][A-Z ]+, [A-Z][a-z]+ \d{1,2} -- /);
      expect(text).toMatch(/\d/);
    }
    const all = texts.join('\n');
    expect(all).toMatch(/\b(some|roughly|about|an estimated|approximately|nearly|around) \d/);
    expect(all).toMatch(/\b(at least|more than|up to|fewer than|over) \d/);
    expect(all).toMatch(/\d{1,3}(,\d{3})+/);
    expect(all).toMatch(/\$\d/);
    expect(all).toMatch(/ percent|%/);
    expect(all).toMatch(/\b(said|according to)\b/);
  });

  it('is deterministic', () => {
    expect(generateArticle(42, 3_000)).toEqual(generateArticle(42, 3_000));
  });
});

describe('generateFeed', () => {
  const parser = new Parser();

  it.each([0, 3])('feed %d parses with rss-parser into its 50 items', async (index) => {
    const feed = generateFeed({
      index,
      items: 50,
      itemChars: 1_000,
      sharedShare: 0.15,
      sharedPool: 10,
      now,
      seed: 1,
    });
    expect(feed.format).toBe(index === 3 ? 'atom' : 'rss');
    const parsed = await parser.parseString(feed.body);
    expect(parsed.items).toHaveLength(50);
    const links = new Set(parsed.items.map((i) => i.link));
    expect(links.size).toBe(50);
    for (const item of parsed.items) {
      expect(item.title).toBeTruthy();
      expect(item.link).toMatch(/^https:\/\/wire-\d{3}\.example\.com\/news\//);
      expect(new Date(item.isoDate ?? '').getTime()).toBeLessThanOrEqual(now.getTime());
    }
  });

  it('keeps markup in item bodies intact through CDATA and escaping', async () => {
    const parsed = await parser.parseString(
      generateFeed({ index: 0, items: 3, itemChars: 500, sharedShare: 0, sharedPool: 10, now, seed: 2 }).body,
    );
    expect(parsed.items[0]?.content).toMatch(/^<p>[A-Z]/);
  });
});

describe('generateFeedSet', () => {
  it('gives identical bytes for identical options', () => {
    const a = generateFeedSet({ feeds: 3, itemsPerFeed: 5, now });
    const b = generateFeedSet({ feeds: 3, itemsPerFeed: 5, now });
    expect(a.map((f) => f.body)).toEqual(b.map((f) => f.body));
  });

  it('syndicates a share of stories across feeds, and none when the share is 0', () => {
    const titles = (share: number) => {
      const set = generateFeedSet({ feeds: 8, itemsPerFeed: 50, sharedShare: share, now });
      const byTitle = new Map<string, Set<string>>();
      for (const feed of set) {
        for (const match of feed.body.matchAll(/<title>([^<]+)<\/title>/g)) {
          const title = match[1] as string;
          if (title.startsWith('Bench Wire')) continue;
          byTitle.set(title, (byTitle.get(title) ?? new Set()).add(feed.name));
        }
      }
      return [...byTitle.values()].filter((feeds) => feeds.size > 1).length;
    };
    expect(titles(0.3)).toBeGreaterThan(0);
    expect(titles(0)).toBe(0);
  });
});
