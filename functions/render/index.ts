// render: the Digest as an email (HTML from the compiled MJML templates, a plain-text part, the JSON model)
// with per-subscriber slots that personalize() fills by string work. Everything from feeds is escaped.

import { TallyError } from '../core/errors.js';
import { keys } from '../core/keys.js';
import type {
  BoardFigure,
  Digest,
  FeedHealth,
  FigureDelta,
  KeyFigure,
  RenderedEdition,
  Story,
} from '../core/model.js';
import { formatFigure } from '../extract/format.js';
import { isKeyFigure } from '../extract/key-figure.js';
import { compiledTemplate } from './compiled.js';
import {
  type Context,
  cleanText,
  Fragment,
  fill,
  slotMarker,
  splitSlots,
  type Template,
} from './template.js';
import { hang, oneLine, truncate, wrap } from './text.js';

export type { RenderedEdition } from '../core/model.js';

/**
 * Gmail clips a message over ~102 KB and hides what follows, the unsubscribe footer included. The HTML is
 * laid out so that even quoted-printable encoded (wireBytes) it stays under this.
 */
export const HTML_LIMIT_BYTES = 100_000;
/** Room kept for what personalize() adds: a greeting and two signed links (personalize enforces it). */
export const SLOT_RESERVE_BYTES = 4_000;
const MAX_GREETING = 120;
const MAX_URL = 1_000;
const STORY_FIGURES = 3;
const MAX_DELTAS = 8;
const MAX_OUTLETS = 4;
const TEXT_WIDTH = 72;
/** Figures up to this wide are right-aligned in the text part ("more than 110,000" is 17). */
const ALIGN_MAX = 20;
/** Summaries are 2–3 sentences; anything longer is cut. */
const MAX_SUMMARY = 1_200;

const DATE_LONG = new Intl.DateTimeFormat('en-GB', {
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

function parseDate(iso: string | undefined): Date | undefined {
  if (iso === undefined) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function shortDate(iso: string | undefined): string | undefined {
  const date = parseDate(iso);
  return date === undefined ? undefined : DATE_SHORT.format(date);
}

function when(iso: string | undefined): string | undefined {
  const date = parseDate(iso);
  return date === undefined ? undefined : `${DATE_SHORT.format(date)}, ${TIME.format(date)} UTC`;
}

function baseUrl(publicBaseUrl: string): URL {
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
function absolute(value: string | undefined, base: URL): string | undefined {
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
function phraseOf(figure: KeyFigure): string {
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

interface Links {
  archiveUrl: string;
  archiveIndexUrl: string;
  ledgerUrl: string;
  ledgerCsvUrl: string;
}

// Archive pages are addressed with their index.html: S3 behind CloudFront does not resolve folder URLs.
function linksFor(digest: Digest, base: URL): Links {
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

function storyUrl(story: Story, links: Links, base: URL): string {
  return absolute(story.item.url, base) ?? links.archiveUrl;
}

function outlets(story: Story, base: URL): Array<{ name: string; url: string }> {
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

function storyContext(story: Story, rank: number, links: Links, base: URL): Context {
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

function boardContext(board: BoardFigure[], links: Links, base: URL): Context[] {
  return board.map((entry) => ({
    display: oneLine(entry.display),
    phrase: phraseOf(entry.figure),
    source: entry.figure.source === undefined ? [] : [{ source: oneLine(entry.figure.source) }],
    storyTitle: oneLine(entry.storyTitle),
    storyUrl: absolute(entry.storyUrl, base) ?? links.archiveUrl,
  }));
}

function deltaContext(delta: FigureDelta, links: Links, base: URL): Context {
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
function healthLine(health: FeedHealth[]): string | undefined {
  const missing = health.filter((feed) => feed.status === 'failed' || feed.status === 'paused');
  if (missing.length === 0) return undefined;
  const names = missing.map((feed) => oneLine(feed.feedName));
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
  return `${health.length - missing.length} of ${health.length} sources answered; not reached this time: ${shown}.`;
}

function introLine(digest: Digest, shown: number): string {
  const stories = digest.stories.length;
  if (stories === 0) return 'Nothing new arrived for this edition.';
  const sources = new Set(digest.stories.map((story) => story.feedName)).size;
  const storyWord = stories === 1 ? 'story' : 'stories';
  const sourceWord = sources === 1 ? 'source' : 'sources';
  const more = shown < stories ? ` The ${stories - shown} after the first ${shown} are in the archive.` : '';
  return `${stories} ${storyWord} from ${sources} ${sourceWord}, with the figures that matter in each.${more}`;
}

function subjectOf(digest: Digest): string {
  const title = oneLine(digest.title);
  const top = digest.stories[0];
  const date = shortDate(digest.window.to) ?? oneLine(digest.editionId);
  if (top === undefined) return truncate(`${title}, ${date}`, 150);
  return truncate(`${title}: ${oneLine(top.item.title)}`, 150);
}

function preheaderOf(digest: Digest): string {
  const figures = digest.board
    .slice(0, 3)
    .map((entry) => `${oneLine(entry.display)} ${phraseOf(entry.figure)}`);
  if (figures.length > 0) return truncate(figures.join(' · '), 140);
  return truncate(oneLine(digest.stories[0]?.summary ?? 'Nothing new in this edition.'), 140);
}

/**
 * The size of HTML on the wire, an upper bound: mailers send it quoted-printable, where "=" becomes "=3D",
 * lines end in CRLF and a soft break "=" CRLF comes every 76 bytes at most. Gmail's clipping has been seen to
 * count the encoded size, so the layout budgets that.
 */
export function wireBytes(html: string): number {
  let size = Buffer.byteLength(html, 'utf8');
  let equals = 0;
  let newlines = 0;
  for (let i = 0; i < html.length; i += 1) {
    const code = html.charCodeAt(i);
    if (code === 61) equals += 1;
    else if (code === 10) newlines += 1;
  }
  size += 2 * equals + newlines;
  return size + 3 * Math.ceil(size / 73);
}

function blockOf(template: Template, name: string): Template {
  const block = template.blocks[name];
  if (block === undefined) throw new TallyError('TEMPLATE_INVALID', `render: template has no block ${name}`);
  return block;
}

function allLabel(count: number): string {
  return `All ${count} stories of this edition in the archive`;
}

interface Layout {
  html: string;
  /** Stories shown in full; the rest are links under "More in the archive". */
  shown: number;
}

/**
 * Lays out the HTML within the size budget in one pass: stories in rank order while they fit, the rest as
 * links, and links while they fit; the footer is always there because it is part of the fixed frame. The frame
 * is measured with its longest intro (the one naming stories moved to the archive), so the final intro fits.
 */
function layoutHtml(
  root: Template,
  frameFor: (shown: number) => Context,
  stories: Context[],
  more: Context[],
  archiveUrl: string,
): Layout {
  const budget = HTML_LIMIT_BYTES - SLOT_RESERVE_BYTES;
  const storyHtml = stories.map((story) => fill(blockOf(root, 'story'), story, 'digest.story'));
  const storyCost = storyHtml.map(wireBytes);
  const moreBlock = blockOf(root, 'more');
  const linkBlock = blockOf(moreBlock, 'link');
  const total = stories.length;
  let used =
    wireBytes(fill(root, { ...frameFor(0), story: [], more: [] })) +
    storyCost.reduce((sum, cost) => sum + cost, 0);
  const moreCost = wireBytes(fill(moreBlock, { link: [], archiveUrl, allLabel: allLabel(total) }));
  let shown = total;
  while (shown > 0 && used > budget) {
    shown -= 1;
    used -= storyCost[shown] ?? 0;
    if (shown === total - 1) used += moreCost;
  }
  // Links to the stories moved out, most important first, while they fit.
  const links: Fragment[] = [];
  for (let i = shown; i < total; i += 1) {
    const html = fill(linkBlock, more[i] ?? {}, 'digest.more.link');
    const cost = wireBytes(html);
    if (used + cost > budget) break;
    used += cost;
    links.push(new Fragment(html));
  }
  const moreSection =
    shown < total
      ? [new Fragment(fill(moreBlock, { link: links, archiveUrl, allLabel: allLabel(total) }))]
      : [];
  const html = fill(root, {
    ...frameFor(shown),
    story: storyHtml.slice(0, shown).map((h) => new Fragment(h)),
    more: moreSection,
  });
  return { html, shown };
}

function textPart(digest: Digest, shown: number, links: Links, base: URL): string {
  const out: string[] = [];
  const title = oneLine(digest.title);
  const date = parseDate(digest.window.to);
  out.push(title.toUpperCase());
  if (date !== undefined) out.push(DATE_LONG.format(date));
  out.push('');
  out.push(`${slotMarker('greeting')}${wrap(introLine(digest, shown), TEXT_WIDTH)}`);
  out.push('');
  const refs: string[] = [];
  const ref = (url: string): number => {
    const at = refs.indexOf(url);
    if (at >= 0) return at + 1;
    refs.push(url);
    return refs.length;
  };

  if (digest.board.length > 0) {
    out.push('KEY FIGURES', '');
    const displays = digest.board.map((entry) => oneLine(entry.display));
    const width = Math.min(ALIGN_MAX, Math.max(...displays.map((d) => d.length)));
    digest.board.forEach((entry, i) => {
      const display = displays[i] ?? '';
      const url = absolute(entry.storyUrl, base) ?? links.archiveUrl;
      const source = entry.figure.source === undefined ? '' : ` (${oneLine(entry.figure.source)})`;
      const prefix = `  ${display.length <= width ? display.padStart(width) : display}  `;
      out.push(hang(prefix, `${phraseOf(entry.figure)}${source} [${ref(url)}]`, TEXT_WIDTH));
    });
    out.push('');
  }

  const deltas = digest.deltas.slice(0, MAX_DELTAS);
  if (deltas.length > 0) {
    out.push('SINCE EARLIER EDITIONS', '');
    for (const delta of deltas) {
      const c = deltaContext(delta, links, base);
      const prevSource = delta.previous.source === undefined ? '' : `, ${oneLine(delta.previous.source)}`;
      const curSource = delta.current.source === undefined ? '' : `, ${oneLine(delta.current.source)}`;
      const lead = delta.kind === 'conflict' ? 'Sources differ on ' : '';
      const line = `${lead}${c.label}: ${c.previous} (${c.previousWhen}${prevSource}) [${ref(String(c.previousUrl))}] -> ${c.current} (${c.currentWhen}${curSource}) [${ref(String(c.url))}]`;
      out.push(hang('  - ', line, TEXT_WIDTH));
    }
    out.push('');
  }

  if (digest.stories.length > 0) out.push('STORIES', '');
  // Ranks right-aligned so every story's lines start in one column (" 9." above "10.").
  const rankWidth = String(shown).length;
  const indent = ' '.repeat(rankWidth + 2);
  digest.stories.slice(0, shown).forEach((story, i) => {
    const url = storyUrl(story, links, base);
    const rank = `${String(i + 1).padStart(rankWidth)}. `;
    out.push(hang(rank, `${oneLine(story.item.title)} [${ref(url)}]`, TEXT_WIDTH));
    const meta = [oneLine(story.feedName), when(story.item.publishedAt)]
      .filter((v) => v !== undefined)
      .join(' · ');
    out.push(wrap(meta, TEXT_WIDTH, indent));
    if (story.summary.trim() !== '') out.push(wrap(oneLine(story.summary, MAX_SUMMARY), TEXT_WIDTH, indent));
    const figures = story.figures.filter(isKeyFigure).slice(0, STORY_FIGURES);
    if (figures.length > 0) {
      const displays = figures.map(formatFigure);
      const width = Math.min(ALIGN_MAX, Math.max(...displays.map((d) => d.length)));
      figures.forEach((figure, j) => {
        const display = displays[j] ?? '';
        const source = figure.source === undefined ? '' : ` (${oneLine(figure.source)})`;
        out.push(hang(`${indent}${display.padStart(width)}  `, `${phraseOf(figure)}${source}`, TEXT_WIDTH));
      });
    }
    const also = outlets(story, base);
    if (also.length > 0) {
      out.push(
        wrap(
          `Also reported by ${also.map((o) => `${o.name} [${ref(o.url)}]`).join(', ')}`,
          TEXT_WIDTH,
          indent,
        ),
      );
    }
    out.push('');
  });
  if (shown < digest.stories.length) {
    out.push('MORE IN THE ARCHIVE', '');
    for (const story of digest.stories.slice(shown)) {
      out.push(
        hang('  - ', `${oneLine(story.item.title)} [${ref(storyUrl(story, links, base))}]`, TEXT_WIDTH),
      );
    }
    out.push(`  All ${digest.stories.length} stories: ${links.archiveUrl}`, '');
  }

  const health = healthLine(digest.feedHealth);
  if (health !== undefined) out.push(wrap(health, TEXT_WIDTH), '');

  if (refs.length > 0) {
    out.push('LINKS', '');
    const width = String(refs.length).length + 2;
    refs.forEach((url, i) => {
      out.push(`${`[${i + 1}]`.padStart(width)} ${url}`);
    });
    out.push('');
  }
  out.push('-- ');
  out.push(`This edition on the web: ${links.archiveUrl}`);
  out.push(`All editions: ${links.archiveIndexUrl}`);
  out.push(`Figure ledger: ${links.ledgerUrl} (CSV: ${links.ledgerCsvUrl})`);
  out.push(`${slotMarker('account')}${slotMarker('public')}`);
  return out.join('\n');
}

/** Renders the edition once; personalize() then fills the per-subscriber slots. */
export function renderDigest(digest: Digest, options: { publicBaseUrl: string }): RenderedEdition {
  const template = compiledTemplate('digest');
  const base = baseUrl(options.publicBaseUrl);
  const links = linksFor(digest, base);
  const subject = subjectOf(digest);
  const preheader = preheaderOf(digest);
  const health = healthLine(digest.feedHealth);
  const deltas = digest.deltas.slice(0, MAX_DELTAS).map((delta) => deltaContext(delta, links, base));
  const board = boardContext(digest.board, links, base);
  const stories = digest.stories.map((story, i) => storyContext(story, i + 1, links, base));
  const more = digest.stories.map((story) => ({
    title: oneLine(story.item.title),
    url: storyUrl(story, links, base),
    feedName: oneLine(story.feedName),
  }));
  const date = parseDate(digest.window.to);
  const dateLine = date === undefined ? oneLine(digest.editionId) : DATE_LONG.format(date);
  const frame = (shown: number): Context => ({
    title: oneLine(digest.title),
    preheader,
    dateLine,
    intro: introLine(digest, shown),
    archiveUrl: links.archiveUrl,
    archiveIndexUrl: links.archiveIndexUrl,
    ledgerUrl: links.ledgerUrl,
    ledgerCsvUrl: links.ledgerCsvUrl,
    board: board.length === 0 ? [] : [{ row: board }],
    deltas: deltas.length === 0 ? [] : [{ delta: deltas }],
    health: health === undefined ? [] : [{ text: health }],
  });
  const layout = layoutHtml(template.root, frame, stories, more, links.archiveUrl);
  return {
    subject,
    preheader,
    html: compact(layout.html),
    text: textPart(digest, layout.shown, links, base),
    json: `${JSON.stringify(digest, null, 2)}\n`,
  };
}

interface SplitEdition {
  html: string;
  text: string;
  htmlParts: { literals: string[]; slots: string[] };
  textParts: { literals: string[]; slots: string[] };
}

const splitCache = new WeakMap<RenderedEdition, SplitEdition>();

/**
 * The HTML is ASCII, but a string built from pieces of two-byte strings stays two-byte in V8: copying and
 * encoding it then costs several times more. Re-reading it as Latin-1 gives the compact representation.
 */
function compact(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the check is for 7-bit text, controls included
  return /^[\u0000-\u007f]*$/.test(value) ? Buffer.from(value, 'latin1').toString('latin1') : value;
}

function splitEdition(edition: RenderedEdition): SplitEdition {
  const cached = splitCache.get(edition);
  if (cached !== undefined && cached.html === edition.html && cached.text === edition.text) return cached;
  const split = {
    html: edition.html,
    text: edition.text,
    htmlParts: splitSlots(compact(edition.html)),
    textParts: splitSlots(edition.text),
  };
  splitCache.set(edition, split);
  return split;
}

/** Joins literals and slot values; Array#join yields a flat string, so the caller never pays for a rope. */
function join(parts: { literals: string[]; slots: string[] }, values: Record<string, string>): string {
  const pieces: string[] = new Array(parts.literals.length + parts.slots.length);
  pieces[0] = parts.literals[0] ?? '';
  for (let i = 0; i < parts.slots.length; i += 1) {
    pieces[2 * i + 1] = values[parts.slots[i] ?? ''] ?? '';
    pieces[2 * i + 2] = parts.literals[i + 1] ?? '';
  }
  return pieces.join('');
}

function linkOrThrow(value: string, what: string): string {
  const url = cleanText(value).trim();
  if (!/^https?:\/\/[^\s<>"']+$/i.test(url) || url.length > MAX_URL) {
    throw new TallyError(
      'INPUT_INVALID',
      `render: ${what} must be an http(s) URL of at most ${MAX_URL} characters`,
    );
  }
  return url;
}

/** Fills the per-subscriber slots: greeting, unsubscribe and preference links. String work only. */
export function personalize(
  edition: RenderedEdition,
  recipient: {
    unsubscribeUrl: string;
    preferencesUrl: string;
    greeting?: string;
    /** Titles of the digests this subscriber chose, named in the footer. */
    digests?: string[];
  },
): { subject: string; html: string; text: string } {
  const { slots } = compiledTemplate('digest');
  const split = splitEdition(edition);
  // A digest must never go out without its unsubscribe link: refuse HTML or text that lost the slot.
  if (!split.htmlParts.slots.includes('account') || !split.textParts.slots.includes('account')) {
    throw new TallyError(
      'TEMPLATE_INVALID',
      'render: this edition has no unsubscribe slot; personalize the output of renderDigest, not a filled copy',
    );
  }
  const unsubscribeUrl = linkOrThrow(recipient.unsubscribeUrl, 'unsubscribeUrl');
  const preferencesUrl = linkOrThrow(recipient.preferencesUrl, 'preferencesUrl');
  const greeting =
    recipient.greeting === undefined ? '' : truncate(oneLine(recipient.greeting), MAX_GREETING);
  const chosen = (recipient.digests ?? [])
    .map((title) => oneLine(title, 100))
    .filter((title) => title !== '')
    .slice(0, 10)
    .join(', ');
  const values = {
    greeting: greeting === '' || slots.greeting === undefined ? '' : fill(slots.greeting, { greeting }),
    account:
      slots.account === undefined
        ? ''
        : fill(slots.account, {
            unsubscribeUrl,
            preferencesUrl,
            chosen: chosen === '' ? [] : [{ list: chosen }],
          }),
  };
  // The layout kept this much room for the filled slots, measured as it travels.
  if (wireBytes(values.greeting) + wireBytes(values.account) > SLOT_RESERVE_BYTES) {
    throw new TallyError(
      'INPUT_INVALID',
      `render: greeting and links take more than ${SLOT_RESERVE_BYTES} bytes; the mail would pass 100 KB`,
    );
  }
  const html = join(split.htmlParts, values);
  const text = join(split.textParts, {
    greeting: greeting === '' ? '' : `${greeting}\n\n`,
    account: `${chosen === '' ? '' : `${wrap(`Your digests: ${chosen}`, TEXT_WIDTH)}\n`}Unsubscribe: ${unsubscribeUrl}\nPreferences: ${preferencesUrl}\n`,
  });
  return { subject: edition.subject, html, text };
}

/** The edition as a public web page (the archive): no greeting, a subscribe link instead of account links. */
export function publicEdition(
  edition: RenderedEdition,
  options: { subscribeUrl: string },
): { html: string; text: string } {
  const { slots } = compiledTemplate('digest');
  const split = splitEdition(edition);
  const subscribeUrl = linkOrThrow(options.subscribeUrl, 'subscribeUrl');
  return {
    html: join(split.htmlParts, {
      public: slots.public === undefined ? '' : fill(slots.public, { subscribeUrl }),
    }),
    text: join(split.textParts, { public: `Subscribe: ${subscribeUrl}\n` }),
  };
}

/** The double opt-in mail: which digests, one button, the link spelled out. */
export function renderConfirmation(input: {
  digestTitles: string[];
  confirmUrl: string;
  publicBaseUrl: string;
}): {
  subject: string;
  html: string;
  text: string;
} {
  const { root } = compiledTemplate('confirm');
  const base = baseUrl(input.publicBaseUrl);
  const confirmUrl = linkOrThrow(input.confirmUrl, 'confirmUrl');
  const titles = input.digestTitles.map((title) => oneLine(title, 200)).filter((title) => title !== '');
  const named = titles.length === 0 ? 'Tally' : titles.join(', ');
  const subject = truncate(`Confirm your subscription to ${named}`, 150);
  const html = fill(root, {
    title: subject,
    preheader: `One click confirms it; nothing is sent until you do.`,
    digests: titles.length === 0 ? [] : [{ digest: titles.map((name) => ({ name })) }],
    confirmUrl,
    publicBaseUrl: base.href,
  });
  const text = [
    'Please confirm your subscription',
    '',
    'Someone, hopefully you, asked to receive:',
    ...titles.map((title) => hang('  - ', title, TEXT_WIDTH)),
    '',
    'Confirm by opening this link:',
    confirmUrl,
    '',
    'If you did not ask for this, ignore this message: nothing is sent until you confirm.',
    '',
    '-- ',
    base.href,
    '',
  ].join('\n');
  return { subject, html, text };
}
