import { describe, expect, it } from 'vitest';
import { discoverFeedLinks } from '../../functions/parse/discover.js';

describe('discoverFeedLinks', () => {
  it.each([
    [
      'RSS, Atom and JSON links, relative, in page order',
      '<link rel="alternate" type="application/rss+xml" href="/rss"><link rel="Alternate" type="application/atom+xml" href="atom.xml"><link rel="alternate" type="application/feed+json" href="https://x.example/f.json">',
      ['https://site.example/rss', 'https://site.example/blog/atom.xml', 'https://x.example/f.json'],
    ],
    [
      'other link types ignored',
      '<link rel="stylesheet" href="/s.css"><link rel="alternate" hreflang="fr" href="/fr">',
      [],
    ],
    [
      'non-http schemes ignored',
      '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">',
      [],
    ],
    [
      'repeats removed',
      '<link rel="alternate" type="application/rss+xml" href="/rss"><link rel="alternate" type="application/rss+xml" href="https://site.example/rss">',
      ['https://site.example/rss'],
    ],
  ])('%s', (_name, head, expected) => {
    expect(
      discoverFeedLinks(
        `<!doctype html><html><head>${head}</head><body></body></html>`,
        'https://site.example/blog/',
      ),
    ).toEqual(expected);
  });
});
