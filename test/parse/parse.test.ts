import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedError } from '../../functions/core/errors.js';
import { parseFeed } from '../../functions/parse/index.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'feeds');
const options = { feedId: 'test', feedUrl: 'https://feeds.example/feed.xml' };

async function invalid(body: string): Promise<FeedError> {
  try {
    await parseFeed(body, options);
  } catch (error) {
    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).code).toBe('FEED_INVALID');
    expect((error as FeedError).message).toMatch(/^parse: /);
    return error as FeedError;
  }
  throw new Error('expected FEED_INVALID');
}

describe('parseFeed: formats', () => {
  it.each([
    [
      'RSS 2.0',
      '<rss version="2.0"><channel><title>T</title><link>https://s.example/</link><item><title>A &amp; B</title><link>https://s.example/a</link><guid>g1</guid><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate><description>&lt;p&gt;Hi&lt;/p&gt;</description></item></channel></rss>',
      {
        feedTitle: 'T',
        title: 'A & B',
        url: 'https://s.example/a',
        publishedAt: '2003-06-10T04:00:00.000Z',
        html: '<p>Hi</p>',
      },
    ],
    [
      'RSS 0.91',
      '<rss version="0.91"><channel><title>Old</title><item><title>Item</title><link>http://s.example/i</link><description>Text</description></item></channel></rss>',
      { feedTitle: 'Old', title: 'Item', url: 'http://s.example/i', html: 'Text' },
    ],
    [
      'RSS 1.0 (RDF) with Dublin Core under another prefix',
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:d="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://s.example/"><title>RDF</title><link>https://s.example/</link></channel><item rdf:about="https://s.example/r1"><title>R1</title><link>https://s.example/r1</link><d:date>2004-02-29T12:00:00+01:00</d:date></item></rdf:RDF>',
      { feedTitle: 'RDF', title: 'R1', url: 'https://s.example/r1', publishedAt: '2004-02-29T11:00:00.000Z' },
    ],
    [
      'Atom 0.3',
      '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>A03</title><entry><title mode="escaped" type="text/html">&lt;b&gt;Bold&lt;/b&gt; move</title><link rel="alternate" type="text/html" href="https://s.example/e"/><issued>2003-12-13T08:29:29-04:00</issued><id>tag:e</id></entry></feed>',
      {
        feedTitle: 'A03',
        title: 'Bold move',
        url: 'https://s.example/e',
        publishedAt: '2003-12-13T12:29:29.000Z',
      },
    ],
    [
      'Atom 1.0 with a prefix',
      '<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>Pfx</a:title><a:entry><a:title type="text">1 &lt; 2</a:title><a:link href="https://s.example/p"/><a:id>x</a:id><a:updated>2020-01-01T00:00:00Z</a:updated></a:entry></a:feed>',
      {
        feedTitle: 'Pfx',
        title: '1 < 2',
        url: 'https://s.example/p',
        publishedAt: '2020-01-01T00:00:00.000Z',
      },
    ],
    [
      'RSS without a version and with HTML-only entities',
      '<rss><channel><title>Caf&eacute; &ldquo;Q&rdquo;</title><item><title>AT&T &mdash; news</title><link>https://s.example/q</link></item></channel></rss>',
      { feedTitle: 'Café “Q”', title: 'AT&T — news', url: 'https://s.example/q' },
    ],
    [
      'truncated RSS (a cut connection)',
      '<rss version="2.0"><channel><title>Cut</title><item><title>Whole item</title><link>https://s.example/w</link></item><item><title>Half',
      { feedTitle: 'Cut', title: 'Whole item', url: 'https://s.example/w' },
    ],
  ])('reads %s', async (_name, xml, expected) => {
    const feed = await parseFeed(xml, options);
    const item = feed.items[0];
    expect(feed.meta.title).toBe(expected.feedTitle);
    expect(item?.title).toBe(expected.title);
    expect(item?.url).toBe(expected.url);
    if ('publishedAt' in expected) expect(item?.publishedAt).toBe(expected.publishedAt);
    if ('html' in expected) expect(item?.html).toBe(expected.html);
    expect(item?.id).toMatch(/^[0-9a-f]{24}$/);
    expect(item?.text).toBe('');
  });

  it('reads the RSS fixture: guid, author, date with offset, content:encoded, canonical URL', async () => {
    const feed = await parseFeed(readFileSync(join(fixtures, 'outlet-a.rss.xml'), 'utf8'), options);
    expect(feed.meta).toEqual({
      title: 'Outlet A World',
      link: 'https://outlet-a.example/world',
      description: 'World news from Outlet A',
    });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({
      guid: 'outlet-a-1001',
      author: 'Staff reporter',
      publishedAt: '2025-03-04T21:10:00.000Z',
      url: 'https://outlet-a.example/world/north-korea-troops-russia',
      title: "North Korea sends some 3,500 more soldiers to Russia's Far East, lawmaker says",
    });
    expect(feed.items[0]?.html).toContain('<p>North Korea has sent');
  });

  it('reads the Atom fixture: xhtml title as text, xml:base links, html title, summary', async () => {
    const feed = await parseFeed(readFileSync(join(fixtures, 'outlet-b.atom.xml'), 'utf8'), options);
    expect(feed.meta.title).toBe('Outlet B & Friends');
    expect(feed.meta.link).toBe('https://outlet-b.example/');
    expect(feed.items.map((i) => i.title)).toEqual([
      "Pyongyang dispatches 3,500 troops to Russia's Far East for training",
      'Storm closes mountain passes',
    ]);
    expect(feed.items.map((i) => i.url)).toEqual([
      'https://outlet-b.example/news/2025/03/05/pyongyang-troops',
      'https://outlet-b.example/news/2025/03/05/storm',
    ]);
    expect(feed.items[0]?.publishedAt).toBe('2025-03-05T01:30:00.000Z');
    expect(feed.items[1]?.publishedAt).toBe('2025-03-05T06:00:00.000Z');
    // type="text" content is escaped into HTML so that the sanitizer and text extraction see it as text
    expect(feed.items[1]?.html).toBe(
      'Heavy snow closed three mountain passes overnight &amp; more is forecast.',
    );
  });

  it('reads the JSON Feed fixture: relative URL, authors, tags', async () => {
    const feed = await parseFeed(readFileSync(join(fixtures, 'outlet-c.json'), 'utf8'), options);
    expect(feed.meta.title).toBe('Outlet C');
    expect(feed.items[0]).toMatchObject({ author: 'C. Writer', categories: ['Asia', 'Russia'] });
    expect(feed.items[1]?.url).toBe('https://outlet-c.example/a/78');
    expect(feed.items[1]?.html).toBe(
      'The city museum reopened on Wednesday after a renovation that cost $40 million.',
    );
  });

  it('gives stable ids: same guid → same id, different feed → different id', async () => {
    const xml =
      '<rss version="2.0"><channel><title>T</title><item><title>A</title><guid>same</guid></item></channel></rss>';
    const a = await parseFeed(xml, options);
    const b = await parseFeed(xml, options);
    const c = await parseFeed(xml, { ...options, feedId: 'other' });
    expect(a.items[0]?.id).toBe(b.items[0]?.id);
    expect(a.items[0]?.id).not.toBe(c.items[0]?.id);
  });

  it('does not trust a guid the feed repeats on several items', async () => {
    const feed = await parseFeed(
      '<rss version="2.0"><channel><title>T</title><item><title>A</title><link>https://s.example/a</link><guid>https://s.example/</guid></item><item><title>B</title><link>https://s.example/b</link><guid>https://s.example/</guid></item><item><title>C</title><guid>c-1</guid></item></channel></rss>',
      options,
    );
    expect(feed.items.map((i) => i.guid)).toEqual([undefined, undefined, 'c-1']);
    expect(new Set(feed.items.map((i) => i.id)).size).toBe(3);
  });

  it('derives a title from the text when an item has none, and falls back to the feed link for the URL', async () => {
    const feed = await parseFeed(
      '<rss version="2.0"><channel><title>T</title><link>https://s.example/</link><item><description>Only a description here.</description></item></channel></rss>',
      options,
    );
    expect(feed.items[0]?.title).toBe('Only a description here.');
    expect(feed.items[0]?.url).toBe('https://s.example/');
  });

  it('drops javascript: links rather than passing them on', async () => {
    const feed = await parseFeed(
      '<rss version="2.0"><channel><title>T</title><link>https://s.example/</link><item><title>X</title><link>javascript:alert(1)</link></item></channel></rss>',
      options,
    );
    expect(feed.items[0]?.url).toBe('https://s.example/');
  });
});

describe('parseFeed: refusals', () => {
  it.each([
    [
      'XXE (external entity)',
      '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>',
    ],
    [
      'billion laughs',
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]><rss version="2.0"><channel><title>&lol9;</title></channel></rss>`,
    ],
    ['parameter entity', '<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]><rss/>'],
    ['deep nesting', `<rss version="2.0"><channel>${'<x>'.repeat(100_000)}</channel></rss>`],
    [
      'deep nesting inside a text construct',
      `<rss version="2.0"><channel><item><description>${'<div>'.repeat(50_000)}</description></item></channel></rss>`,
    ],
    [
      'deep JSON',
      `{"version":"https://jsonfeed.org/version/1.1","items":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    ],
    ['HTML page', '<!doctype html><html><head><title>Not a feed</title></head><body></body></html>'],
    ['JSON that is not a JSON Feed', '{"hello":"world"}'],
    ['plain text', 'just some words'],
    ['empty document', ''],
  ])('refuses %s with FEED_INVALID', async (_name, body) => {
    await invalid(body);
  });
});
