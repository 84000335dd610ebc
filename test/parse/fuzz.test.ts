// Mutated feeds (a seeded generator, so every run is the same): parseFeed either returns items that keep the
// model's invariants (before and after clean) or throws FeedError FEED_INVALID. Never another error, never a hang.
// The counts at the end make sure the invariants were checked on many items, not passed vacuously.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rng as random } from '../../bench/lib/random.js';
import { cleanItem } from '../../functions/clean/index.js';
import { FeedError } from '../../functions/core/errors.js';
import type { FeedItem, ParsedFeed } from '../../functions/core/model.js';
import { parseFeed } from '../../functions/parse/index.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'feeds');
const MUTATIONS = 1500;
const OPTIONS = { feedId: 'fuzz', feedUrl: 'https://fuzz.example/feed' };

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

/** An http(s) URL that parses on its own (no base needed). */
function isAbsoluteHttp(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const TAG = /<\/?[a-zA-Z][^>]*>/;
/** The HTML spells a "<" as text (an entity): then the text may show a tag-like string the feed meant as words. */
const ESCAPED_LT = /&lt;|&#0*60;|&#x0*3c;/i;

/** The model's invariants of an item, as parse gives it (`cleaned` false) and after clean (`cleaned` true). */
function checkItem(item: FeedItem, cleaned: boolean, where: string): void {
  // Stricter than the key table's segment rule: 24 lowercase hex digits.
  expect(item.id, `${where}: id`).toMatch(/^[0-9a-f]{24}$/);
  expect(item.feedId, `${where}: feedId`).toBe(OPTIONS.feedId);
  expect(isAbsoluteHttp(item.url), `${where}: url ${JSON.stringify(item.url)} is absolute http(s)`).toBe(
    true,
  );
  expect(typeof item.title, `${where}: title`).toBe('string');
  expect(typeof item.text, `${where}: text`).toBe('string');
  // Optional fields are absent, never empty.
  for (const field of ['guid', 'author', 'publishedAt', 'html'] as const) {
    const value = item[field];
    if (value !== undefined) {
      expect(typeof value, `${where}: ${field}`).toBe('string');
      expect(value.trim(), `${where}: ${field} is not blank`).not.toBe('');
    }
  }
  if (item.publishedAt !== undefined) {
    expect(new Date(item.publishedAt).toISOString(), `${where}: publishedAt is ISO 8601`).toBe(
      item.publishedAt,
    );
  }
  expect(Array.isArray(item.categories), `${where}: categories`).toBe(true);
  for (const category of item.categories) {
    expect(typeof category === 'string' && category.trim() !== '', `${where}: category ${category}`).toBe(
      true,
    );
  }
  if (!cleaned) {
    // Parse leaves the text to clean.
    expect(item.text, `${where}: text before clean`).toBe('');
    return;
  }
  if (item.html !== undefined) {
    expect(item.html, `${where}: sanitized html`).not.toMatch(
      /<script|<iframe|<form|javascript:|\son[a-z]+\s*=/i,
    );
  }
  // The text is the html's words: none of its elements survive as markup.
  if (item.html === undefined || !ESCAPED_LT.test(item.html)) {
    expect(item.text, `${where}: text holds no markup`).not.toMatch(TAG);
  }
}

describe('parseFeed on mutated feeds', () => {
  const names = readdirSync(fixtures).filter((name) => /\.(xml|json)$/.test(name));
  const sources = names.map((name) => readFileSync(join(fixtures, name), 'utf8'));

  it('reads every unmutated source into items that keep the invariants', async () => {
    for (const [i, source] of sources.entries()) {
      const feed = await parseFeed(source, OPTIONS);
      expect(feed.items.length, names[i]).toBeGreaterThan(0);
      for (const item of feed.items) {
        checkItem(item, false, `${names[i]}`);
        checkItem(cleanItem(item), true, `${names[i]} cleaned`);
      }
    }
  });

  it(`returns items that keep the invariants or throws FEED_INVALID for ${MUTATIONS} mutations`, {
    timeout: 120_000,
  }, async () => {
    const next = random(20250305);
    let parsed = 0;
    let refused = 0;
    let items = 0;
    let xml = 0;
    let xmlParsed = 0;
    for (let i = 0; i < MUTATIONS; i++) {
      const name = names[i % names.length] ?? '';
      const body = mutate(sources[i % sources.length] ?? '', next);
      const isXml = name.endsWith('.xml');
      if (isXml) xml += 1;
      let feed: ParsedFeed;
      try {
        feed = await parseFeed(body, OPTIONS);
      } catch (error) {
        if (
          !(error instanceof FeedError) ||
          error.code !== 'FEED_INVALID' ||
          !error.message.startsWith('parse: ')
        ) {
          throw new Error(
            `mutation ${i} of ${name} raised ${String(error)}\n--- input ---\n${body.slice(0, 2000)}`,
          );
        }
        refused += 1;
        continue;
      }
      parsed += 1;
      if (isXml) xmlParsed += 1;
      for (const meta of Object.values(feed.meta)) expect(meta, `mutation ${i}: feed meta`).not.toBe('');
      if (feed.meta.link !== undefined)
        expect(isAbsoluteHttp(feed.meta.link), `mutation ${i}: link`).toBe(true);
      for (const item of feed.items) {
        checkItem(item, false, `mutation ${i} of ${name}`);
        checkItem(cleanItem(item), true, `mutation ${i} of ${name}, cleaned`);
        items += 1;
      }
    }
    console.log(`fuzz: ${MUTATIONS} mutated feeds, ${parsed} parsed (${items} items), ${refused} refused`);
    expect(parsed + refused).toBe(MUTATIONS);
    // One to six edits per feed: damaged XML is mostly still read (the lenient pass, as feedparser's "bozo"),
    // damaged JSON mostly refused. Far from these shares, the mutator or a parse path changed.
    expect(parsed / MUTATIONS).toBeGreaterThan(0.4);
    expect(refused / MUTATIONS).toBeGreaterThan(0.2);
    expect(xmlParsed / xml).toBeGreaterThan(0.6);
    // The invariants above ran on many items, not on a handful.
    expect(items).toBeGreaterThan(MUTATIONS / 3);
  });
});
