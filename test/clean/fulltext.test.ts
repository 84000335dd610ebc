import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractArticle, fetchFullText } from '../../functions/clean/fulltext.js';
import { HttpFeedFetcher } from '../../functions/fetch/http-feed-fetcher.js';
import { ARTICLE_HTML, type HostileServer, startHostileServer } from '../helpers/hostile-server.js';

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(async () => {
  await server.close();
});

const fetcher = () => new HttpFeedFetcher({ allowHosts: ['127.0.0.1'], timeoutMs: 1_000 });

describe('fetchFullText', () => {
  it('extracts the article body, without navigation, ads, scripts or handlers, links made absolute', async () => {
    const html = await fetchFullText(`${server.origin}/article.html`, fetcher());
    expect(html).toContain('some 3,500 additional soldiers');
    expect(html).toContain('roughly 12,000 troops');
    expect(html).not.toMatch(/Buy now|Privacy|<script|onerror|trackReader/);
    expect(html).toContain(`src="${server.origin}/lead.jpg"`);
  });

  it.each([
    ['a refused address', 'http://169.254.169.254/latest/meta-data/'],
    ['an HTTP error', '/404'],
    ['a page too slow to answer', '/hang'],
    ['a feed instead of a page', '/feed.xml'],
  ])('gives undefined for %s', async (_name, target) => {
    const url = target.startsWith('/') ? `${server.origin}${target}` : target;
    expect(await fetchFullText(url, fetcher())).toBeUndefined();
  });
});

describe('extractArticle', () => {
  it('gives undefined for a page with no article', () => {
    expect(
      extractArticle('<html><body><nav><a href="/">Home</a></nav></body></html>', 'https://n.example/'),
    ).toBeUndefined();
  });

  it('resolves relative links against the page URL', () => {
    expect(extractArticle(ARTICLE_HTML, 'https://n.example/world/story')).toContain(
      'src="https://n.example/lead.jpg"',
    );
  });
});
