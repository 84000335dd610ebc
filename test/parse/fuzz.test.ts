// Mutated feeds (a seeded generator, so every run is the same): parseFeed either returns a feed with string
// titles or throws FeedError FEED_INVALID. Never another error, never a hang.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanItem } from '../../functions/clean/index.js';
import { FeedError } from '../../functions/core/errors.js';
import { parseFeed } from '../../functions/parse/index.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'feeds');

/** mulberry32: a small deterministic PRNG. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  '<',
  '>',
  '&',
  '&amp;',
  '&nbsp;',
  ']]>',
  '<![CDATA[',
  '<!--',
  '-->',
  '"',
  "'",
  '</item>',
  '<item>',
  '<entry>',
  '\u0000',
  '\uFFFF',
  '&#0;',
  '&#x110000;',
  '<!DOCTYPE x>',
  '<?xml version="1.0"?>',
  'xmlns:a="urn:x"',
  '<a:b>',
  '</title>',
  '<title type="xhtml"><div>',
  '{',
  '}',
  '[',
  '"version":',
];

function mutate(text: string, next: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(next() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (out.length + 1));
    const kind = Math.floor(next() * 4);
    if (kind === 0)
      out = out.slice(0, at); // truncate
    else if (kind === 1)
      out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 40)); // delete
    else if (kind === 2)
      out = out.slice(0, at) + (FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] ?? '') + out.slice(at);
    else {
      const from = Math.floor(next() * out.length);
      out = out.slice(0, at) + out.slice(from, from + Math.floor(next() * 200)) + out.slice(at); // duplicate a span
    }
  }
  return out;
}

describe('parseFeed on mutated feeds', () => {
  const sources = readdirSync(fixtures)
    .filter((name) => /\.(xml|json)$/.test(name))
    .map((name) => readFileSync(join(fixtures, name), 'utf8'));

  it('returns a feed or throws FEED_INVALID for 1,500 mutations', { timeout: 120_000 }, async () => {
    const next = random(20250305);
    let parsed = 0;
    let refused = 0;
    for (let i = 0; i < 1500; i++) {
      const source = sources[i % sources.length] ?? '';
      const body = mutate(source, next);
      try {
        const feed = await parseFeed(body, { feedId: 'fuzz', feedUrl: 'https://fuzz.example/feed' });
        for (const item of feed.items) {
          expect(typeof item.title).toBe('string');
          expect(item.id).toMatch(/^[0-9a-f]{24}$/);
          expect(typeof cleanItem(item).text).toBe('string');
        }
        parsed += 1;
      } catch (error) {
        if (!(error instanceof FeedError) || error.code !== 'FEED_INVALID') {
          throw new Error(`mutation ${i} raised ${String(error)}\n--- input ---\n${body.slice(0, 2000)}`);
        }
        refused += 1;
      }
    }
    console.log(`fuzz: 1500 mutated feeds, ${parsed} parsed, ${refused} refused with FEED_INVALID`);
    expect(parsed + refused).toBe(1500);
  });
});
