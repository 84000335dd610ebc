// Clean stage: item HTML made safe for an email body (sanitize.ts) and the readable plain text derived from it;
// for feeds that carry only a teaser, the article's own text fetched and cleaned instead (fulltext.ts).
import { collapseText, htmlToText } from '../core/html-text.js';
import type { FeedItem } from '../core/model.js';
import type { FeedFetcher } from '../ports.js';
import { fetchFullText } from './fulltext.js';
import { sanitizeHtml } from './sanitize.js';

export { sanitizeHtml } from './sanitize.js';

/** Below this many characters an item is a teaser worth replacing by the article's text (fullText feeds). */
const TEASER_CHARS = 600;

/** The item with its HTML sanitized for email and `text` filled with the readable plain text. */
export function cleanItem(item: FeedItem): FeedItem {
  if (item.html === undefined) return { ...item, text: collapseText(item.text) };
  const html = sanitizeHtml(item.html, item.url);
  const text = htmlToText(html);
  const cleaned: FeedItem = { ...item, text };
  if (html.trim() === '') delete cleaned.html;
  else cleaned.html = html;
  return cleaned;
}

/**
 * A cleaned teaser replaced by the cleaned text of its article page, when the item links to one and the page
 * says more; otherwise the item unchanged. Throws what the fetcher throws beyond FeedError (the caller logs it).
 */
export async function cleanFullText(item: FeedItem, fetcher: FeedFetcher): Promise<FeedItem> {
  if (item.text.length >= TEASER_CHARS || !/^https?:/.test(item.url)) return item;
  const html = await fetchFullText(item.url, fetcher);
  if (html === undefined) return item;
  const full = cleanItem({ ...item, html });
  return full.text.length > item.text.length ? full : item;
}
