// Optional full article text for feeds that carry only a teaser (`fullText: true`): the article page is fetched
// through the same guarded fetcher and its main content extracted with Readability over a linkedom DOM.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { FeedError } from '../core/errors.js';
import { htmlToText } from '../core/html-text.js';
import type { FeedFetcher } from '../ports.js';
import { sanitizeHtml } from './sanitize.js';

/** Below this much text an extraction is a navigation page or a paywall stub, not an article. */
const MIN_TEXT_CHARACTERS = 200;

/**
 * The main content of the article at `url` as sanitized HTML (safe for email; pass it to cleanItem as `html`),
 * or undefined when the page cannot be fetched, is not HTML, or has no readable article. Never throws FeedError:
 * full text is an improvement, and the feed's own text remains when it fails.
 */
export async function fetchFullText(url: string, fetcher: FeedFetcher): Promise<string | undefined> {
  let page: Awaited<ReturnType<FeedFetcher['fetch']>>;
  try {
    page = await fetcher.fetch({ url });
  } catch (error) {
    if (error instanceof FeedError) return undefined;
    throw error;
  }
  if (page.status !== 'ok') return undefined;
  if (page.contentType !== undefined && !/html/i.test(page.contentType)) return undefined;
  return extractArticle(page.body, page.url);
}

/** Readability over an HTML string; relative links resolve against `url`. Pure apart from the DOM it builds. */
export function extractArticle(html: string, url: string): string | undefined {
  const { document } = parseHTML(html);
  let article: { content?: string | null; textContent?: string | null } | null;
  try {
    // linkedom implements the DOM subset Readability reads; the cast bridges the two type worlds.
    article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
      keepClasses: false,
    }).parse();
  } catch {
    return undefined;
  }
  const content = article?.content ?? undefined;
  if (content === undefined) return undefined;
  const safe = sanitizeHtml(content, url);
  return htmlToText(safe).length >= MIN_TEXT_CHARACTERS ? safe : undefined;
}
