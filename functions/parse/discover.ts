// Feed autodiscovery: the feeds an HTML page announces with <link rel="alternate" type="application/rss+xml">,
// so that `tally fetch` given a site's page can say which feed URL to use instead.
import { parseHTML } from 'linkedom';

const FEED_TYPES = /^application\/(?:rss\+xml|atom\+xml|feed\+json|rdf\+xml|json)\b|^text\/xml\b/i;

/** Absolute http(s) URLs of the feeds a page links, in page order, without repeats. */
export function discoverFeedLinks(html: string, pageUrl: string): string[] {
  const { document } = parseHTML(html);
  const found: string[] = [];
  for (const link of document.querySelectorAll('link[href]')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    const type = link.getAttribute('type') ?? '';
    if (!rel.includes('alternate') || !FEED_TYPES.test(type)) continue;
    try {
      const url = new URL(link.getAttribute('href') ?? '', pageUrl);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && !found.includes(url.href))
        found.push(url.href);
    } catch {
      // an unreadable href names no feed
    }
  }
  return found;
}
