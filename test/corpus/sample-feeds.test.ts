// The 45 sample feeds (../shared/corpora/sample-feeds): every one parses into well-formed items, and the news
// feeds of one day, taken together, collapse shared stories across outlets. Prints its counts for CI.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanItem } from '../../functions/clean/index.js';
import type { FeedItem } from '../../functions/core/model.js';
import { dedupeItems, groupStories } from '../../functions/dedupe/index.js';
import { decodeFeedBody } from '../../functions/fetch/charset.js';
import { parseFeed } from '../../functions/parse/index.js';
import { dangerousConstructs, hasDir, listFiles, sampleFeedsDir } from './corpus-helpers.js';

describe.skipIf(!hasDir(sampleFeedsDir))('sample feeds corpus', () => {
  const files = hasDir(sampleFeedsDir)
    ? listFiles(sampleFeedsDir, (name) => /\.(xml|json)$/i.test(name))
    : [];
  const items: FeedItem[] = [];

  it('parses every sample feed into well-formed, clean items', { timeout: 120_000 }, async () => {
    let withItems = 0;
    for (const file of files) {
      const feedId = relative(sampleFeedsDir, file)
        .split('/')
        .slice(0, 2)
        .join('-')
        .toLowerCase()
        .slice(0, 40);
      const feed = await parseFeed(decodeFeedBody(readFileSync(file)), {
        feedId,
        feedUrl: 'https://feeds.example/feed.xml',
      });
      if (feed.items.length > 0) withItems += 1;
      for (const parsed of feed.items) {
        const item = cleanItem(parsed);
        expect(typeof item.title).toBe('string');
        expect(item.id).toMatch(/^[a-z0-9]+$/);
        expect(item.url).toMatch(/^https?:\/\//);
        if (item.publishedAt !== undefined) expect(Number.isNaN(Date.parse(item.publishedAt))).toBe(false);
        expect(dangerousConstructs(item.html ?? '')).toEqual([]);
        items.push(item);
      }
    }
    console.log(`sample feeds: ${files.length} files parsed, ${withItems} with items, ${items.length} items`);
    expect(files.length).toBeGreaterThanOrEqual(45);
  });

  it('dedupes and groups the real-world feeds of one day across outlets', { timeout: 60_000 }, () => {
    const realWorld = items.filter((i) => i.feedId.startsWith('real-world'));
    const { fresh, duplicates } = dedupeItems(realWorld, new Set());
    const groups = groupStories(fresh);
    const crossOutlet = groups.filter((g) => new Set(g.map((i) => i.feedId)).size > 1);
    const widest = Math.max(0, ...crossOutlet.map((g) => new Set(g.map((i) => i.feedId)).size));
    console.log(
      `sample feeds grouping: ${realWorld.length} real-world items, ${duplicates.length} duplicates, ` +
        `${groups.length} stories, ${crossOutlet.length} told by more than one outlet (widest: ${widest} outlets)`,
    );
    expect(crossOutlet.length).toBeGreaterThan(0);
    expect(widest).toBeGreaterThanOrEqual(3);
    for (const group of groups) expect(new Set(group.map((i) => i.id)).size).toBe(group.length);
  });
});
