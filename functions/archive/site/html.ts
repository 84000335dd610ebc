// Escaping and the page frame shared by every archive page. Everything that came from a feed passes through
// escapeHtml (text and attributes) and safeHref (links), so feed text can never become markup.
import { escapeHtml } from '../../core/escape.js';
import { htmlDocument } from '../../core/html-document.js';

// The pages, feed and ledger modules take escapeHtml from here with the rest of the page helpers.
export { escapeHtml } from '../../core/escape.js';

/** Only absolute http(s) URLs become links; anything else (javascript:, data:, garbage) is dropped. */
export function safeHref(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** `<a href>` for a feed-supplied URL, or the plain escaped text when the URL is not safe. */
export function link(href: string | undefined, text: string, attrs = ''): string {
  const safe = safeHref(href);
  const body = escapeHtml(text);
  return safe === undefined ? body : `<a href="${escapeHtml(safe)}"${attrs}>${body}</a>`;
}

/** Link to another archive page, relative to the page it appears on (works under any base path and from disk). */
export function relativeHref(fromKey: string, toKey: string): string {
  const from = fromKey.split('/').slice(0, -1);
  const to = toKey.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.length - common;
  const path = [...Array<string>(up).fill('..'), ...to.slice(common)].join('/');
  return path === '' ? './/' : path;
}

// Month names as the rendered mail dates spell them (en-GB), January first.
const MONTH_NAME = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });
const MONTHS = Array.from({ length: 12 }, (_, m) => MONTH_NAME.format(Date.UTC(2000, m, 1)));

/** "2025-03" → "March 2025". */
export function monthLabel(month: string): string {
  const [year, mm] = month.split('-');
  const name = MONTHS[Number(mm) - 1];
  return name === undefined || year === undefined ? month : `${name} ${year}`;
}

/** ISO timestamp → "2025-03-05 07:00 UTC" (times are shown in UTC so pages do not depend on the reader's zone). */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 10);
}

export interface PageFrame {
  /** Key of the page in the archive (for relative links). */
  key: string;
  title: string;
  /** Breadcrumbs: [label, key] pairs, home first. */
  crumbs?: Array<[string, string]>;
  /** Atom feeds to announce: [title, key]. */
  feeds?: Array<[string, string]>;
  /** Extra scripts (archive keys). */
  scripts?: string[];
  body: string;
  /** Footer line (already escaped). */
  footer?: string;
}

export function renderPage(frame: PageFrame): string {
  const rel = (key: string) => escapeHtml(relativeHref(frame.key, key));
  const feeds = (frame.feeds ?? [])
    .map(
      ([title, key]) =>
        `<link rel="alternate" type="application/atom+xml" title="${escapeHtml(title)}" href="${rel(key)}">`,
    )
    .join('\n');
  const scripts = (frame.scripts ?? []).map((key) => `<script src="${rel(key)}" defer></script>`).join('\n');
  const crumbs =
    frame.crumbs === undefined || frame.crumbs.length === 0
      ? ''
      : `<nav class="crumbs" aria-label="Breadcrumb">${frame.crumbs
          .map(([label, key]) => `<a href="${rel(key)}">${escapeHtml(label)}</a>`)
          .join(' <span aria-hidden="true">›</span> ')}</nav>`;
  return htmlDocument(
    `<meta name="color-scheme" content="light dark">
<title>${escapeHtml(frame.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${rel('assets/archive.css')}">
${feeds}
${scripts}`,
    `<header class="site"><a class="brand" href="${rel('index.html')}">Tally</a> <span class="tagline">news digests and the figures in them</span></header>
<main>
${crumbs}
${frame.body}
</main>
<footer class="site">${frame.footer ?? ''} <a href="${rel('ledger/index.html')}">Figure ledger</a></footer>`,
  );
}
