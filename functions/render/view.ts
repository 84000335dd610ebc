// The digest as a view model: what each part of the mail shows (links, dates, quoted phrases, story, board and
// delta contexts), with every string from a feed reduced to one line. The HTML and text parts both read it.

import { TallyError } from '../core/errors.js';
import { keys } from '../core/keys.js';
import type { BoardFigure, Digest, FeedHealth, FigureDelta, KeyFigure, Story } from '../core/model.js';
import { formatFigure } from '../extract/format.js';
import { isKeyFigure } from '../extract/key-figure.js';
import { type Context, cleanText } from './template.js';
import { oneLine, truncate } from './text.js';

export const STORY_FIGURES = 3;
export const MAX_DELTAS = 8;
const MAX_OUTLETS = 4;
/** Summaries are 2–3 sentences; anything longer is cut. */
export const MAX_SUMMARY = 1_200;

export const DATE_LONG = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const DATE_SHORT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const TIME = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: 'UTC',
});

export function parseDate(iso: string | undefined): Date | undefined {
  if (iso === undefined) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function shortDate(iso: string | undefined): string | undefined {
  const date = parseDate(iso);
  return date === undefined ? undefined : DATE_SHORT.format(date);
}

export function when(iso: string | undefined): string | undefined {
  const date = parseDate(iso);
  return date === undefined ? undefined : `${DATE_SHORT.format(date)}, ${TIME.format(date)} UTC`;
}

export function baseUrl(publicBaseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(publicBaseUrl);
  } catch {
    throw new TallyError('INPUT_INVALID', `render: publicBaseUrl "${oneLine(publicBaseUrl)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TallyError('INPUT_INVALID', `render: publicBaseUrl "${url.href}" is not http(s)`);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}

/** An absolute http(s) URL, or undefined for anything else (javascript:, data:, garbage). */
export function absolute(value: string | undefined, base: URL): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(cleanText(value).trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const QUOTE_WORDS_BEFORE = 7;
const QUOTE_WORDS_AFTER = 5;

/**
 * What the number counts: the counted phrase, else a short quotation of the sentence around the figure, so a
 * reader sees the figure in the source's own words rather than a list of keywords.
 */
export function phraseOf(figure: KeyFigure): string {
  if (figure.counted !== undefined && figure.counted.trim() !== '') return oneLine(figure.counted, 200);
  const sentence = oneLine(figure.sentence, Number.POSITIVE_INFINITY);
  const raw = oneLine(figure.raw, Number.POSITIVE_INFINITY);
  const at = raw === '' ? -1 : sentence.indexOf(raw);
  if (at < 0) return oneLine(figure.concepts.slice(0, 4).join(' '), 200);
  const before = sentence
    .slice(0, at)
    .split(' ')
    .filter((w) => w !== '');
  const after = sentence
    .slice(at + raw.length)
    .split(' ')
    .filter((w) => w !== '');
  const head = before.slice(-QUOTE_WORDS_BEFORE).join(' ');
  const tail = after.slice(0, QUOTE_WORDS_AFTER).join(' ');
  const open = before.length > QUOTE_WORDS_BEFORE ? '…' : '';
  const close = after.length > QUOTE_WORDS_AFTER ? '…' : '';
  const glue = tail === '' || /^[,.;:!?)]/.test(tail) ? '' : ' ';
  return oneLine(`“${open}${head}${head === '' ? '' : ' '}${raw}${glue}${tail}${close}”`, 200);
}

export interface Links {
  archiveUrl: string;
  archiveIndexUrl: string;
  ledgerUrl: string;
  ledgerCsvUrl: string;
}

// Archive pages are addressed with their index.html: S3 behind CloudFront does not resolve folder URLs.
export function linksFor(digest: Digest, base: URL): Links {
  const folder = new URL(`editions/${encodeURIComponent(digest.digest)}/`, base);
  return {
    archiveUrl:
      absolute(digest.archiveUrl, base) ??
      new URL(`${encodeURIComponent(digest.editionId)}/index.html`, folder).href,
    archiveIndexUrl: new URL('index.html', folder).href,
    ledgerUrl: new URL(keys.ledgerPage, base).href,
    ledgerCsvUrl: new URL(keys.ledgerCsv, base).href,
  };
}

export function storyUrl(story: Story, links: Links, base: URL): string {
  return absolute(story.item.url, base) ?? links.archiveUrl;
}

export function outlets(story: Story, base: URL): Array<{ name: string; url: string }> {
  const seen = new Set<string>([story.feedName]);
  const list: Array<{ name: string; url: string }> = [];
  for (const other of story.alsoReportedBy) {
    const url = absolute(other.url, base);
    if (url === undefined || seen.has(other.feedName)) continue;
    seen.add(other.feedName);
    list.push({ name: oneLine(other.feedName), url });
    if (list.length === MAX_OUTLETS) break;
  }
  return list;
}

export function storyContext(story: Story, rank: number, links: Links, base: URL): Context {
  const url = storyUrl(story, links, base);
  const published = when(story.item.publishedAt);
  const figures = story.figures.filter(isKeyFigure).slice(0, STORY_FIGURES);
  const also = outlets(story, base);
  return {
    rank,
    title: oneLine(story.item.title),
    url,
    feedName: oneLine(story.feedName),
    when: published === undefined ? [] : [{ text: published }],
    summary: oneLine(story.summary, MAX_SUMMARY),
    figures:
      figures.length === 0
        ? []
        : [
            {
              figure: figures.map((figure) => ({
                display: formatFigure(figure),
                phrase: phraseOf(figure),
                source: figure.source === undefined ? [] : [{ name: oneLine(figure.source) }],
              })),
            },
          ],
    also:
      also.length === 0
        ? []
        : [{ outlet: also.map((o, i) => ({ name: o.name, url: o.url, separator: i === 0 ? '' : ', ' })) }],
  };
}

export function boardContext(board: BoardFigure[], links: Links, base: URL): Context[] {
  return board.map((entry) => ({
    display: oneLine(entry.display),
    phrase: phraseOf(entry.figure),
    source: entry.figure.source === undefined ? [] : [{ source: oneLine(entry.figure.source) }],
    storyTitle: oneLine(entry.storyTitle),
    storyUrl: absolute(entry.storyUrl, base) ?? links.archiveUrl,
  }));
}

export function deltaContext(delta: FigureDelta, links: Links, base: URL): Context {
  return {
    conflict: delta.kind === 'conflict' ? [{}] : [],
    label: oneLine(delta.label),
    previous: oneLine(delta.previous.display),
    previousWhen: shortDate(delta.previous.seenAt) ?? oneLine(delta.previous.editionId),
    previousSource:
      delta.previous.source === undefined ? [] : [{ previousSource: oneLine(delta.previous.source) }],
    current: oneLine(delta.current.display),
    currentWhen: delta.kind === 'change' ? 'now' : (shortDate(delta.current.seenAt) ?? 'now'),
    currentSource:
      delta.current.source === undefined ? [] : [{ currentSource: oneLine(delta.current.source) }],
    url: absolute(delta.current.url, base) ?? links.archiveUrl,
    previousUrl: absolute(delta.previous.url, base) ?? links.archiveIndexUrl,
  };
}

/** One line on feeds that could not be read, so readers know what the edition may be missing. */
export function healthLine(health: FeedHealth[]): string | undefined {
  const missing = health.filter((feed) => feed.status === 'failed' || feed.status === 'paused');
  if (missing.length === 0) return undefined;
  const names = missing.map((feed) => oneLine(feed.feedName));
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
  return `${health.length - missing.length} of ${health.length} sources answered; not reached this time: ${shown}.`;
}

export function introLine(digest: Digest, shown: number): string {
  const stories = digest.stories.length;
  if (stories === 0) return 'Nothing new arrived for this edition.';
  const sources = new Set(digest.stories.map((story) => story.feedName)).size;
  const storyWord = stories === 1 ? 'story' : 'stories';
  const sourceWord = sources === 1 ? 'source' : 'sources';
  const more = shown < stories ? ` The ${stories - shown} after the first ${shown} are in the archive.` : '';
  return `${stories} ${storyWord} from ${sources} ${sourceWord}, with the figures that matter in each.${more}`;
}

export function subjectOf(digest: Digest): string {
  const title = oneLine(digest.title);
  const top = digest.stories[0];
  const date = shortDate(digest.window.to) ?? oneLine(digest.editionId);
  if (top === undefined) return truncate(`${title}, ${date}`, 150);
  return truncate(`${title}: ${oneLine(top.item.title)}`, 150);
}

export function preheaderOf(digest: Digest): string {
  const figures = digest.board
    .slice(0, 3)
    .map((entry) => `${oneLine(entry.display)} ${phraseOf(entry.figure)}`);
  if (figures.length > 0) return truncate(figures.join(' · '), 140);
  return truncate(oneLine(digest.stories[0]?.summary ?? 'Nothing new in this edition.'), 140);
}
