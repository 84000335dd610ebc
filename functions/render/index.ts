// render: the Digest as an email (HTML from the compiled MJML templates, a plain-text part, the JSON model)
// with per-subscriber slots that personalize() fills by string work. Everything from feeds is escaped.
// The stage's entry is renderDigest; the view model, HTML layout, text part, slot filling, public page and
// confirmation mail each live in their own module, re-exported here for the stage's callers.

import type { Digest } from '../core/model.js';
import { compiledTemplate } from './compiled.js';
import type { RenderedEdition } from './edition.js';
import { compact, layoutHtml } from './html.js';
import type { Context } from './template.js';
import { oneLine } from './text.js';
import { textPart } from './text-part.js';
import {
  baseUrl,
  boardContext,
  DATE_LONG,
  deltaContext,
  healthLine,
  introLine,
  linksFor,
  MAX_DELTAS,
  parseDate,
  preheaderOf,
  storyContext,
  storyUrl,
  subjectOf,
} from './view.js';

export { renderConfirmation } from './confirmation.js';
export type { RenderedEdition } from './edition.js';
export { HTML_LIMIT_BYTES, SLOT_RESERVE_BYTES, wireBytes } from './html.js';
export { personalize } from './personalize.js';
export { publicEdition } from './public-edition.js';

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
