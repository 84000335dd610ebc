// editions/<digest>/feed.xml: an Atom feed (RFC 4287) of a digest's editions, so it can be followed anywhere.

import { keys } from '../../core/keys.js';
import type { Digest } from '../../core/model.js';
import { escapeHtml, formatDay, safeHref } from './html.js';
import type { DigestSection } from './pages.js';

/** Editions an Atom document carries; older ones stay on the digest's page. */
export const FEED_ENTRIES = 50;

/** Absolute URL of an archive key under the public base (which may carry a path). */
export function publicUrl(base: string, key: string): string {
  const root = base.endsWith('/') ? base : `${base}/`;
  return new URL(key, root).href;
}

function entryContent(edition: Digest, pageUrl: string): string {
  // Atom's type="html" content is escaped HTML: built here with escaped feed text, then escaped once more below.
  const board = edition.board
    .slice(0, 8)
    .map((b) => {
      const href = safeHref(b.storyUrl);
      const story =
        href === undefined
          ? escapeHtml(b.storyTitle)
          : `<a href="${escapeHtml(href)}">${escapeHtml(b.storyTitle)}</a>`;
      const counted = b.figure.counted !== undefined ? ` ${escapeHtml(b.figure.counted)}` : '';
      const source = b.figure.source !== undefined ? ` (${escapeHtml(b.figure.source)})` : '';
      return `<li><strong>${escapeHtml(b.display)}</strong>${counted}${source}: ${story}</li>`;
    })
    .join('');
  const stories = edition.stories
    .map((s) => {
      const href = safeHref(s.item.url);
      const title =
        href === undefined
          ? escapeHtml(s.item.title)
          : `<a href="${escapeHtml(href)}">${escapeHtml(s.item.title)}</a>`;
      return `<li>${title} <em>${escapeHtml(s.feedName)}</em></li>`;
    })
    .join('');
  return `${board !== '' ? `<h3>Key figures</h3><ul>${board}</ul>` : ''}<h3>Stories</h3><ul>${stories}</ul><p><a href="${escapeHtml(
    pageUrl,
  )}">Read the edition in the archive</a></p>`;
}

export function renderAtomFeed(section: DigestSection, publicBaseUrl: string, now: Date): string {
  const feedUrl = publicUrl(publicBaseUrl, keys.digestFeed(section.name));
  const pageUrl = publicUrl(publicBaseUrl, keys.digestPage(section.name));
  const updated = section.editions[0]?.generatedAt ?? now.toISOString();
  const entries = section.editions
    .slice(0, FEED_ENTRIES)
    .map((edition) => {
      const url = publicUrl(publicBaseUrl, keys.editionPage(edition.digest, edition.editionId));
      const lead = edition.stories[0]?.item.title;
      const summary = `${edition.stories.length} stories, ${edition.board.length} key figures${lead !== undefined ? `. Lead: ${lead}` : ''}`;
      return `  <entry>
    <id>${escapeHtml(url)}</id>
    <title>${escapeHtml(`${edition.title}, ${formatDay(edition.generatedAt)}`)}</title>
    <link rel="alternate" type="text/html" href="${escapeHtml(url)}"/>
    <published>${escapeHtml(new Date(edition.generatedAt).toISOString())}</published>
    <updated>${escapeHtml(new Date(edition.generatedAt).toISOString())}</updated>
    <summary>${escapeHtml(summary)}</summary>
    <content type="html">${escapeHtml(entryContent(edition, url))}</content>
  </entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeHtml(pageUrl)}</id>
  <title>${escapeHtml(section.title)}</title>
  <subtitle>${escapeHtml(`Editions of ${section.title}, with the key figures of each story`)}</subtitle>
  <updated>${escapeHtml(new Date(updated).toISOString())}</updated>
  <link rel="self" type="application/atom+xml" href="${escapeHtml(feedUrl)}"/>
  <link rel="alternate" type="text/html" href="${escapeHtml(pageUrl)}"/>
  <author><name>Tally</name></author>
  <generator>Tally</generator>
${entries}
</feed>
`;
}
