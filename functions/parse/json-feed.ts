// JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1): validated field by field, since the input is untrusted.
import { FeedError } from '../core/errors.js';
import { htmlToText } from '../core/html-text.js';
import type { FeedItem, FeedMeta, ParsedFeed } from '../core/model.js';
import { parseFeedDate } from './dates.js';
import { canonicalUrl, itemId } from './ids.js';
import { escapeHtml, httpUrl } from './xml-tree.js';

/** Deeper than any JSON Feed needs; refused before JSON.parse builds it. */
export const MAX_JSON_DEPTH = 64;

function invalid(message: string): FeedError {
  return new FeedError('FEED_INVALID', `parse: ${message}`);
}

function checkJsonDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > MAX_JSON_DEPTH) throw invalid(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function urlField(value: unknown, base: string): string | undefined {
  return httpUrl(str(value), base);
}

function textAsHtml(text: string): string {
  return escapeHtml(text).replace(/\n/g, '<br>');
}

function authorName(entry: Record<string, unknown>): string | undefined {
  const authors = Array.isArray(entry.authors) ? entry.authors : [entry.author];
  for (const author of authors) {
    const name = str(record(author)?.name);
    if (name !== undefined) return name;
  }
  return undefined;
}

/** Parses a JSON Feed document. Throws FeedError FEED_INVALID when it is not one. */
export function parseJsonFeed(text: string, options: { feedId: string; feedUrl: string }): ParsedFeed {
  checkJsonDepth(text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FeedError('FEED_INVALID', `parse: not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  const feed = record(json);
  const version = str(feed?.version);
  if (
    feed === undefined ||
    version === undefined ||
    !/^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/.test(version)
  ) {
    throw invalid('JSON document is not a JSON Feed (no "version": "https://jsonfeed.org/version/1.x")');
  }
  if (!Array.isArray(feed.items)) throw invalid('JSON Feed has no "items" array');
  const base = urlField(feed.feed_url, options.feedUrl) ?? options.feedUrl;
  const meta: FeedMeta = {};
  const title = str(feed.title);
  if (title !== undefined) meta.title = title;
  const link = urlField(feed.home_page_url, base);
  if (link !== undefined) meta.link = link;
  const description = str(feed.description);
  if (description !== undefined) meta.description = description;
  const language = str(feed.language);
  if (language !== undefined) meta.language = language;
  const feedAuthor = authorName(feed);

  const items: FeedItem[] = [];
  for (const raw of feed.items) {
    const entry = record(raw);
    if (entry === undefined) continue;
    const contentHtml = str(entry.content_html);
    const contentText = str(entry.content_text);
    const summary = str(entry.summary);
    const html =
      contentHtml ??
      (contentText !== undefined
        ? textAsHtml(contentText)
        : summary !== undefined
          ? textAsHtml(summary)
          : undefined);
    const url = urlField(entry.url, base) ?? urlField(entry.external_url, base);
    const guid = str(entry.id);
    const publishedAt = parseFeedDate(str(entry.date_published) ?? str(entry.date_modified));
    let itemTitle = str(entry.title)?.replace(/\s+/g, ' ');
    if (itemTitle === undefined) {
      const plain = (contentText ?? (html === undefined ? '' : htmlToText(html))).replace(/\s+/g, ' ').trim();
      itemTitle = plain.length <= 100 ? plain : `${plain.slice(0, 99).trim()}…`;
    }
    const finalUrl = url ?? link ?? options.feedUrl;
    const item: FeedItem = {
      id: itemId(options.feedId, guid, url, itemTitle, publishedAt),
      feedId: options.feedId,
      url: /^https?:/i.test(finalUrl) ? canonicalUrl(finalUrl) : finalUrl,
      title: itemTitle,
      text: '',
      categories: Array.isArray(entry.tags)
        ? entry.tags.map(str).filter((t): t is string => t !== undefined)
        : [],
    };
    if (guid !== undefined) item.guid = guid;
    const author = authorName(entry) ?? feedAuthor;
    if (author !== undefined) item.author = author;
    if (publishedAt !== undefined) item.publishedAt = publishedAt;
    if (html !== undefined) item.html = html;
    items.push(item);
  }
  return { meta, items };
}
