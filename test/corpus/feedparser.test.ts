// The feedparser corpus (../shared/corpora/feedparser, 2,107 files): no hang, no crash, only typed errors; the
// files' own title expectations; and the sanitizer against the 745 sanitize cases. Prints its counts for CI.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanItem } from '../../functions/clean/index.js';
import { isTallyError } from '../../functions/core/errors.js';
import { htmlToText } from '../../functions/core/html-text.js';
import type { ParsedFeed } from '../../functions/core/model.js';
import { decodeFeedBody } from '../../functions/fetch/charset.js';
import { canonicalUrl } from '../../functions/parse/ids.js';
import { parseFeed } from '../../functions/parse/index.js';
import {
  dangerousConstructs,
  feedparserDir,
  fieldExpectations,
  hasDir,
  listFiles,
  readHeader,
  titleExpectations,
} from './corpus-helpers.js';

const PER_FILE_LIMIT_MS = 10_000;

interface Outcome {
  file: string;
  feed?: ParsedFeed;
  error?: unknown;
  text: string;
}

function normalizeTitle(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** feedparser keeps markup in titles; Tally's titles are text. A literal is met as written or as its text. */
function titleMatches(actual: string | undefined, literals: string[]): boolean {
  // An absent title is the empty text (feedparser's '<img …/>' title has no text at all).
  const got = normalizeTitle(actual ?? '');
  return literals.some(
    (literal) => got === normalizeTitle(literal) || got === normalizeTitle(htmlToText(literal)),
  );
}

async function parseWithLimit(body: string, file: string): Promise<ParsedFeed> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`hang: ${file} took over ${PER_FILE_LIMIT_MS} ms`)),
      PER_FILE_LIMIT_MS,
    );
  });
  try {
    return await Promise.race([
      parseFeed(body, { feedId: 'corpus', feedUrl: 'http://127.0.0.1:8097/feed' }),
      limit,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe.skipIf(!hasDir(feedparserDir))('feedparser corpus', () => {
  const outcomes: Outcome[] = [];

  it('parses every file without hanging, crashing or an untyped error', { timeout: 300_000 }, async () => {
    const files = listFiles(feedparserDir, (name) => /\.(xml|json|rdf|atom|rss)$/i.test(name));
    for (const file of files) {
      const bytes = readFileSync(file);
      const header = readHeader(bytes.toString('latin1'));
      const text = decodeFeedBody(bytes, header.headers['content-type']);
      try {
        outcomes.push({ file, feed: await parseWithLimit(text, file), text });
      } catch (error) {
        outcomes.push({ file, error, text });
      }
    }
    const titles = outcomes.flatMap((o) =>
      o.feed ? [o.feed.meta.title, ...o.feed.items.map((i) => i.title)] : [],
    );
    const notStrings = titles.filter((t) => t !== undefined && typeof t !== 'string').length;
    const typed = outcomes.filter((o) => o.error !== undefined && isTallyError(o.error));
    const untyped = outcomes.filter((o) => o.error !== undefined && !isTallyError(o.error));
    console.log(
      `feedparser corpus: ${files.length} files, ${outcomes.length - typed.length - untyped.length} parsed, ` +
        `${typed.length} typed errors (FEED_INVALID), ${untyped.length} untyped errors, ` +
        `${notStrings} of ${titles.length} titles not strings`,
    );
    if (process.env.CORPUS_VERBOSE) {
      for (const o of typed) console.log(`  typed: ${relative(feedparserDir, o.file)}: ${String(o.error)}`);
    }
    for (const o of untyped.slice(0, 10))
      console.log(`  untyped: ${relative(feedparserDir, o.file)}: ${String(o.error)}`);
    expect(files.length).toBeGreaterThan(2000);
    expect(untyped.map((o) => relative(feedparserDir, o.file))).toEqual([]);
    expect(notStrings).toBe(0);
  });

  it('decodes the encoding cases without replacement characters', () => {
    const encoding = outcomes.filter((o) => o.file.includes('/encoding/') && o.feed !== undefined);
    const garbled = encoding.filter((o) => /\ufffd/.test(JSON.stringify(o.feed)));
    console.log(
      `feedparser encoding cases: ${encoding.length} parsed, ${garbled.length} with U+FFFD in their fields`,
    );
    for (const o of garbled) console.log(`  garbled: ${relative(feedparserDir, o.file)}`);
    expect(encoding.length).toBeGreaterThan(60);
  });

  it('meets at least 95% of the title expectations', { timeout: 60_000 }, () => {
    let total = 0;
    let met = 0;
    const misses: string[] = [];
    for (const outcome of outcomes) {
      const expectLine = readHeader(outcome.text).expect;
      if (expectLine === undefined) continue;
      for (const [target, literals] of titleExpectations(expectLine)) {
        total += 1;
        const index = /^entries\[(\d+)\]$/.exec(target)?.[1];
        const actual =
          index === undefined ? outcome.feed?.meta.title : outcome.feed?.items[Number(index)]?.title;
        if (titleMatches(actual, literals)) met += 1;
        else
          misses.push(
            `${relative(feedparserDir, outcome.file)}: ${target} ${JSON.stringify(actual)} ≠ ${JSON.stringify(literals[0])}`,
          );
      }
    }
    console.log(
      `feedparser corpus: title expectations met ${met} / ${total} (${((100 * met) / Math.max(total, 1)).toFixed(1)}%)`,
    );
    for (const miss of misses.slice(0, 60)) console.log(`  miss: ${miss}`);
    expect(total).toBeGreaterThan(350);
    expect(met / total).toBeGreaterThanOrEqual(0.95);
  });

  it('meets the link expectations (relative links resolved against xml:base and the document URL)', () => {
    let total = 0;
    let met = 0;
    for (const outcome of outcomes) {
      const expectLine = readHeader(outcome.text).expect;
      if (expectLine === undefined) continue;
      for (const [target, literals] of fieldExpectations(expectLine, 'link')) {
        total += 1;
        const index = /^entries\[(\d+)\]$/.exec(target)?.[1];
        const actual =
          index === undefined ? outcome.feed?.meta.link : outcome.feed?.items[Number(index)]?.url;
        // Tally canonicalizes article URLs (host case, trailing slash, tracking parameters): compare likewise.
        if (actual !== undefined && literals.some((l) => canonicalUrl(l) === canonicalUrl(actual))) met += 1;
        else if (process.env.CORPUS_VERBOSE)
          console.log(`  link miss: ${relative(feedparserDir, outcome.file)} ${target} ${actual}`);
      }
    }
    console.log(`feedparser corpus: link expectations met ${met} / ${total}`);
    expect(total).toBeGreaterThan(25);
    // Misses: CDF (not supported) and bases taken from a Content-Location header (not used as a base here).
    expect(met / total).toBeGreaterThanOrEqual(0.85);
  });

  it('leaves no dangerous construct in sanitized item HTML of the sanitize cases', {
    timeout: 120_000,
  }, () => {
    const cases = outcomes.filter((o) => o.file.includes('/sanitize/'));
    let withHtml = 0;
    let payloadsBefore = 0;
    const left: string[] = [];
    for (const outcome of cases) {
      for (const item of outcome.feed?.items ?? []) {
        if (item.html === undefined) continue;
        withHtml += 1;
        if (dangerousConstructs(item.html).length > 0) payloadsBefore += 1;
        const cleaned = cleanItem(item);
        for (const construct of dangerousConstructs(cleaned.html ?? '')) {
          left.push(`${relative(feedparserDir, outcome.file)}: ${construct}`);
        }
      }
    }
    console.log(
      `feedparser sanitize cases: ${cases.length} files, ${withHtml} items with HTML, ${payloadsBefore} carried a ` +
        `dangerous construct before cleaning, ${left.length} dangerous constructs left after`,
    );
    for (const construct of left.slice(0, 20)) console.log(`  left: ${construct}`);
    expect(cases.length).toBeGreaterThan(700);
    expect(payloadsBefore).toBeGreaterThan(0);
    expect(left).toEqual([]);
  });
});
