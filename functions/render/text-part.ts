// The mail's text/plain part: the same edition as the HTML, wrapped at 72 columns, with links gathered as
// numbered references at the end and the same per-subscriber slots.

import type { Digest } from '../core/model.js';
import { formatFigure } from '../extract/format.js';
import { isKeyFigure } from '../extract/key-figure.js';
import { slotMarker } from './template.js';
import { hang, oneLine, wrap } from './text.js';
import {
  absolute,
  DATE_LONG,
  deltaContext,
  healthLine,
  introLine,
  type Links,
  MAX_DELTAS,
  MAX_SUMMARY,
  outlets,
  parseDate,
  phraseOf,
  STORY_FIGURES,
  storyUrl,
  when,
} from './view.js';

export const TEXT_WIDTH = 72;
/** Figures up to this wide are right-aligned in the text part ("more than 110,000" is 17). */
const ALIGN_MAX = 20;

/** The text part with the stories the HTML shows in full (`shown`); the rest are listed as links. */
export function textPart(digest: Digest, shown: number, links: Links, base: URL): string {
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
