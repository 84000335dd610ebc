// The figure ledger as pages: an index of every measure the digests have tracked (latest figure, who said it,
// how often it was reported), and one citable page per measure with every report of it, its source, the
// quotation and the edition. Rows come from ledger/figures.json when the pipeline keeps one, else from the
// editions' key-figure boards.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { keys } from '../../core/keys.js';
import { type Digest, LedgerEntryFields, LedgerSchema } from '../../core/model.js';
import { slug } from '../../core/slug.js';
import { escapeHtml, formatDay, link, relativeHref, renderPage } from './html.js';
import { type ArchiveModel, type LedgerRow, renderDeltas } from './pages.js';

/** What a page needs to cite a ledger entry: the model's fields, the outlet and quotation optional. */
const citation = LedgerEntryFields.pick({
  measure: true,
  label: true,
  display: true,
  url: true,
  storyTitle: true,
  digest: true,
  editionId: true,
  seenAt: true,
  source: true,
  outlet: true,
  sentence: true,
}).partial({ outlet: true, sentence: true });

/**
 * ledger/figures.json as the archive reads it (the model's document, see track/): an entry that lacks what a
 * citation needs is left out (null) rather than failing the page.
 */
export const LedgerFileSchema = LedgerSchema.extend({ entries: z.array(citation.nullable().catch(null)) });
export type LedgerFile = z.infer<typeof LedgerFileSchema>;

/** Rows of a ledger/figures.json document read with LedgerFileSchema. */
export function ledgerRowsFromFile(file: LedgerFile): LedgerRow[] {
  const rows: LedgerRow[] = [];
  for (const e of file.entries) {
    if (e === null) continue;
    const row: LedgerRow = {
      measure: e.measure,
      label: e.label === '' ? e.measure : e.label,
      display: e.display,
      url: e.url,
      storyTitle: e.storyTitle,
      digest: e.digest,
      editionId: e.editionId,
      seenAt: e.seenAt,
    };
    if (e.source !== undefined) row.source = e.source;
    if (e.outlet !== undefined) row.outlet = e.outlet;
    if (e.sentence !== undefined && e.sentence !== '') row.sentence = e.sentence;
    rows.push(row);
  }
  return rows;
}

/** The ledger as the digests' boards report it, for archives whose pipeline keeps no ledger/figures.json. */
export function ledgerRowsFromDigests(editions: Digest[]): LedgerRow[] {
  const rows: LedgerRow[] = [];
  for (const edition of editions) {
    for (const b of edition.board) {
      const label = b.figure.counted ?? b.figure.unit ?? b.figure.kind;
      const row: LedgerRow = {
        measure: `${b.figure.kind}:${b.figure.unit ?? ''}:${label.toLowerCase()}`,
        label,
        display: b.display,
        url: b.storyUrl,
        storyTitle: b.storyTitle,
        digest: edition.digest,
        editionId: edition.editionId,
        seenAt: edition.generatedAt,
      };
      if (b.figure.source !== undefined) row.source = b.figure.source;
      if (b.figure.sentence !== '') row.sentence = b.figure.sentence;
      const story = edition.stories.find((s) => s.id === b.storyId);
      if (story !== undefined) row.outlet = story.feedName;
      rows.push(row);
    }
  }
  return rows;
}

/** A stable, readable file name for a measure: its key slugged, plus a short hash against collisions. */
export function measureId(measure: string): string {
  // The cut may end on a dash; the hash is joined with one of its own.
  const name = slug(measure, 60).replace(/-+$/, '');
  const hash = createHash('sha256').update(measure).digest('hex').slice(0, 8);
  return name === '' ? hash : `${name}-${hash}`;
}

export interface MeasureGroup {
  measure: string;
  id: string;
  /** Label of the newest report. */
  label: string;
  /** Newest first. */
  rows: LedgerRow[];
}

function byNewest(a: LedgerRow, b: LedgerRow): number {
  return Date.parse(b.seenAt) - Date.parse(a.seenAt) || (a.editionId < b.editionId ? 1 : -1);
}

/** Rows grouped by measure, the most recently reported measure first. */
export function groupMeasures(rows: LedgerRow[]): MeasureGroup[] {
  const groups = new Map<string, LedgerRow[]>();
  for (const row of rows) {
    const list = groups.get(row.measure) ?? [];
    list.push(row);
    groups.set(row.measure, list);
  }
  return [...groups.entries()]
    .map(([measure, list]) => {
      list.sort(byNewest);
      return { measure, id: measureId(measure), label: list[0]?.label ?? measure, rows: list };
    })
    .sort((a, b) => {
      const first = a.rows[0];
      const second = b.rows[0];
      return first === undefined || second === undefined
        ? 0
        : byNewest(first, second) || a.label.localeCompare(b.label);
    });
}

function sourcesOf(rows: LedgerRow[]): string {
  const sources = [...new Set(rows.map((r) => r.source).filter((s): s is string => s !== undefined))];
  return sources.length <= 2
    ? sources.join('; ')
    : `${sources.slice(0, 2).join('; ')} and ${sources.length - 2} more`;
}

function downloads(model: ArchiveModel, from: string): string {
  const links = [
    model.ledger.hasCsv
      ? `<a href="${escapeHtml(relativeHref(from, keys.ledgerCsv))}" download>figures.csv</a>`
      : '',
    model.ledger.hasJson
      ? `<a href="${escapeHtml(relativeHref(from, keys.ledgerJson))}" download>figures.json</a>`
      : '',
  ].filter((s) => s !== '');
  return links.length === 0 ? '' : `<p class="downloads">Download the ledger: ${links.join(' · ')}</p>`;
}

/** ledger/index.html: every measure, newest report first, each linking to its own page. */
export function renderLedgerIndex(model: ArchiveModel, groups: MeasureGroup[]): string {
  const from = keys.ledgerPage;
  const rows = groups
    .map((g) => {
      const latest = g.rows[0];
      if (latest === undefined) return '';
      return `<tr><td class="num">${escapeHtml(latest.display)}</td><td data-label="Measure"><a href="${escapeHtml(
        relativeHref(from, keys.measurePage(g.id)),
      )}">${escapeHtml(g.label)}</a></td><td data-label="Who said it">${escapeHtml(sourcesOf(g.rows))}</td><td data-label="Reports">${
        g.rows.length
      }</td><td class="date" data-label="Last seen">${escapeHtml(formatDay(latest.seenAt))}</td></tr>`;
    })
    .join('\n');
  const table =
    groups.length === 0
      ? '<p>No figures yet.</p>'
      : `<div class="table-wrap"><table class="cards"><thead><tr><th scope="col">Latest</th><th scope="col">Measure</th><th scope="col">Who said it</th><th scope="col">Reports</th><th scope="col">Last seen</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  const recent = model.ledger.deltas.slice(0, 30);
  const body = `<h1>Figure ledger</h1>
<p>Every key figure the digests have reported, grouped by what it measures, with who said it and where, so each one can be checked and cited.</p>
${downloads(model, from)}
${renderDeltas(recent)}
<section aria-labelledby="measures-title"><h2 id="measures-title">Measures</h2>
${table}</section>`;
  return renderPage({
    key: from,
    title: 'Figure ledger · Tally archive',
    crumbs: [['Archive', keys.home]],
    body,
  });
}

/** ledger/measures/<id>.html: every report of one measure, newest first, with its quotation. */
export function renderMeasure(model: ArchiveModel, group: MeasureGroup): string {
  const from = keys.measurePage(group.id);
  const rows = group.rows
    .map((r) => {
      const quote = r.sentence !== undefined ? `<q class="quote">${escapeHtml(r.sentence)}</q>` : '';
      const outlet = r.outlet !== undefined ? ` <span class="meta">(${escapeHtml(r.outlet)})</span>` : '';
      return `<tr><td class="num">${escapeHtml(r.display)}</td><td data-label="Who said it">${escapeHtml(
        r.source ?? '',
      )}</td><td data-label="Story">${link(r.url, r.storyTitle)}${outlet}${quote}</td><td class="date" data-label="Edition"><a href="${escapeHtml(
        relativeHref(from, keys.editionPage(r.digest, r.editionId)),
      )}">${escapeHtml(formatDay(r.seenAt))}</a></td></tr>`;
    })
    .join('\n');
  const deltas = model.ledger.deltas.filter((d) => d.measure === group.measure);
  const body = `<h1>${escapeHtml(group.label)}</h1>
<p class="meta">${group.rows.length} report(s) · ledger key <code>${escapeHtml(group.measure)}</code></p>
${renderDeltas(deltas)}
<div class="table-wrap"><table class="cards"><thead><tr><th scope="col">Figure</th><th scope="col">Who said it</th><th scope="col">Story</th><th scope="col">Edition</th></tr></thead><tbody>${rows}</tbody></table></div>
${downloads(model, from)}`;
  return renderPage({
    key: from,
    title: `${group.label} · Figure ledger`,
    crumbs: [
      ['Archive', keys.home],
      ['Figure ledger', keys.ledgerPage],
    ],
    body,
  });
}
