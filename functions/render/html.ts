// The mail's HTML part: the compiled digest template filled with the view model, laid out so the mail stays
// under Gmail's clipping size as it travels (quoted-printable), with room kept for the per-subscriber slots.

import { TallyError } from '../core/errors.js';
import { type Context, Fragment, fill, type Template } from './template.js';

/**
 * Gmail clips a message over ~102 KB and hides what follows, the unsubscribe footer included. The HTML is
 * laid out so that even quoted-printable encoded (wireBytes) it stays under this.
 */
export const HTML_LIMIT_BYTES = 100_000;
/** Room kept for what personalize() adds: a greeting and two signed links (personalize enforces it). */
export const SLOT_RESERVE_BYTES = 4_000;

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

export interface Layout {
  html: string;
  /** Stories shown in full; the rest are links under "More in the archive". */
  shown: number;
}

/**
 * Lays out the HTML within the size budget in one pass: stories in rank order while they fit, the rest as
 * links, and links while they fit; the footer is always there because it is part of the fixed frame. The frame
 * is measured with its longest intro (the one naming stories moved to the archive), so the final intro fits.
 */
export function layoutHtml(
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

/**
 * The HTML is ASCII, but a string built from pieces of two-byte strings stays two-byte in V8: copying and
 * encoding it then costs several times more. Re-reading it as Latin-1 gives the compact representation.
 */
export function compact(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the check is for 7-bit text, controls included
  return /^[\u0000-\u007f]*$/.test(value) ? Buffer.from(value, 'latin1').toString('latin1') : value;
}
