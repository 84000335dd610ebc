import { describe, expect, it } from 'vitest';
import { FeedError } from '../../functions/core/errors.js';
import { parseOpml, toOpml } from '../../functions/parse/opml.js';

const OPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>My subscriptions</title></head>
  <body>
    <outline text="News" title="News">
      <outline type="rss" text="Outlet A &amp; Co" xmlUrl="https://a.example/feed?x=1&amp;y=2" htmlUrl="https://a.example/"/>
      <outline text="Asia">
        <outline type="rss" title="Outlet B" text="B" xmlUrl="https://b.example/atom.xml" category="/Korea,Wire/AP"/>
      </outline>
    </outline>
    <outline type="rss" text="Outlet C" xmlurl="http://c.example/rss"/>
    <outline type="rss" text="Duplicate A" xmlUrl="https://a.example/feed?x=1&amp;y=2"/>
    <outline type="rss" text="Local file" xmlUrl="file:///etc/passwd"/>
    <outline type="link" text="Not a feed" url="https://d.example/"/>
  </body>
</opml>`;

describe('parseOpml', () => {
  it('reads feeds, folders as tags, categories, entities; skips repeats and non-http URLs', () => {
    expect(parseOpml(OPML)).toEqual([
      { name: 'Outlet A & Co', url: 'https://a.example/feed?x=1&y=2', tags: ['News'] },
      { name: 'Outlet B', url: 'https://b.example/atom.xml', tags: ['News', 'Asia', 'Korea', 'Wire', 'AP'] },
      { name: 'Outlet C', url: 'http://c.example/rss', tags: [] },
    ]);
  });

  it.each([
    ['not OPML', '<rss version="2.0"><channel/></rss>'],
    [
      'entity declarations',
      '<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml><body><outline text="&x;" xmlUrl="https://a.example/"/></body></opml>',
    ],
    ['not XML', 'hello'],
  ])('refuses %s with FEED_INVALID', (_name, text) => {
    expect(() => parseOpml(text)).toThrow(FeedError);
  });
});

describe('toOpml', () => {
  it('round-trips through parseOpml, escaping what needs escaping', () => {
    const feeds = [
      { name: 'A "quoted" <name> & more', url: 'https://a.example/feed?x=1&y=2', tags: ['News', 'Asia'] },
      { name: 'B', url: 'http://b.example/rss', tags: [] },
    ];
    const opml = toOpml(feeds);
    expect(opml).toContain('<opml version="2.0">');
    expect(parseOpml(opml)).toEqual(feeds);
  });
});
