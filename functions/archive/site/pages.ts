// The browsable archive's pages, rendered from archived digests: plain values in, HTML strings out.
import { keys } from '../../core/keys.js';
import type { BoardFigure, Digest, FigureDelta, KeyFigure, Story } from '../../core/model.js';
import {
  escapeHtml,
  formatDay,
  formatTimestamp,
  link,
  monthLabel,
  relativeHref,
  renderPage,
} from './html.js';
import { editionMonth } from './read.js';

export interface DigestSection {
  name: string;
  title: string;
  /** Newest first. */
  editions: Digest[];
}

export interface LedgerRow {
  /** Ledger key of the measure (from ledger/figures.json), or the counted phrase when derived from boards. */
  measure: string;
  label: string;
  outlet?: string;
  /** The sentence the figure stands in: the quotation to cite. */
  sentence?: string;
  display: string;
  source?: string;
  url: string;
  storyTitle: string;
  digest: string;
  editionId: string;
  seenAt: string;
}

export interface ArchiveModel {
  digests: DigestSection[];
  /** Every edition, newest first. */
  all: Digest[];
  publicBaseUrl: string;
  now: Date;
  ledger: {
    rows: LedgerRow[];
    /** Where the rows came from: the pipeline's ledger/figures.json, or the editions' boards when it is absent. */
    origin: 'ledger' | 'boards';
    hasJson: boolean;
    hasCsv: boolean;
    deltas: Array<FigureDelta & { digest: string }>;
    /** Measure page id of a printed figure, by ledgerLookupKey(digest, editionId, url, display). */
    measures: Map<string, string>;
  };
}

/**
 * The home page names its newest edition, not the time of the update: every page is a function of the stored
 * editions alone, so a rebuild with nothing new writes nothing.
 */
function footer(model: ArchiveModel): string {
  const newest = model.all[0];
  return newest === undefined
    ? 'No editions yet.'
    : `Newest edition ${escapeHtml(formatTimestamp(newest.generatedAt))}.`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function feedsOf(model: ArchiveModel): Array<[string, string]> {
  return model.digests.map((d) => [`${d.title} (Atom)`, keys.digestFeed(d.name)]);
}

/** One line per edition in a list: date, digest, lead story, counts. */
function editionItem(from: string, edition: Digest, showDigest: boolean): string {
  const href = escapeHtml(relativeHref(from, keys.editionPage(edition.digest, edition.editionId)));
  const lead = edition.stories[0]?.item.title;
  const counts = `${plural(edition.stories.length, 'story', 'stories')}, ${plural(edition.board.length, 'key figure')}`;
  return `<li class="edition"><a href="${href}"><time datetime="${escapeHtml(edition.generatedAt)}">${escapeHtml(
    formatDay(edition.generatedAt),
  )}</time>${showDigest ? ` <span class="digest-name">${escapeHtml(edition.title)}</span>` : ''}</a>
<span class="meta">${escapeHtml(counts)}</span>${lead !== undefined ? `<span class="lead">${escapeHtml(lead)}</span>` : ''}</li>`;
}

function monthsOf(editions: Digest[]): Array<[string, Digest[]]> {
  const byMonth = new Map<string, Digest[]>();
  for (const edition of editions) {
    const month = editionMonth(edition);
    const list = byMonth.get(month) ?? [];
    list.push(edition);
    byMonth.set(month, list);
  }
  return [...byMonth.entries()].sort((a, b) => (a[0] < b[0] ? 1 : -1));
}

function monthNav(from: string, months: Array<[string, Digest[]]>, current?: string): string {
  if (months.length === 0) return '';
  const items = months
    .map(([month, list]) => {
      const label = `${monthLabel(month)} (${list.length})`;
      return month === current
        ? `<li aria-current="page">${escapeHtml(label)}</li>`
        : `<li><a href="${escapeHtml(relativeHref(from, keys.monthPage(month)))}">${escapeHtml(label)}</a></li>`;
    })
    .join('\n');
  return `<nav class="months" aria-label="Months"><h2>By month</h2><ul>${items}</ul></nav>`;
}

function searchBox(): string {
  return `<section class="search" aria-labelledby="search-title">
<h2 id="search-title">Search the archive</h2>
<form id="search" role="search" data-index="${escapeHtml(keys.searchIndex)}">
<label for="search-input">Stories and figures</label>
<input id="search-input" name="q" type="search" placeholder="e.g. troops, casualties, $1.2 billion" autocomplete="off">
<button type="submit">Search</button>
</form>
<p id="search-status" class="meta" aria-live="polite"></p>
<ol id="search-results" class="results"></ol>
</section>`;
}

function digestCards(from: string, model: ArchiveModel): string {
  if (model.digests.length === 0) return '<p>No digests yet.</p>';
  return `<ul class="digests">${model.digests
    .map((d) => {
      const latest = d.editions[0];
      const latestLink =
        latest === undefined
          ? '<span class="meta">no editions yet</span>'
          : `latest: <a href="${escapeHtml(relativeHref(from, keys.editionPage(d.name, latest.editionId)))}">${escapeHtml(
              formatDay(latest.generatedAt),
            )}</a>`;
      return `<li><h3><a href="${escapeHtml(relativeHref(from, keys.digestPage(d.name)))}">${escapeHtml(d.title)}</a></h3>
<p class="meta">${escapeHtml(plural(d.editions.length, 'edition'))} · ${latestLink} · <a class="feed" href="${escapeHtml(
        relativeHref(from, keys.digestFeed(d.name)),
      )}">Atom feed</a></p></li>`;
    })
    .join('\n')}</ul>`;
}

/** index.html: digests, the newest month of editions, links to older months, search. */
export function renderHome(model: ArchiveModel): string {
  const from = keys.home;
  const months = monthsOf(model.all);
  const newest = months[0];
  const latest =
    newest === undefined
      ? '<p>No editions yet. Run <code>tally run</code> to make the first one.</p>'
      : `<h2>${escapeHtml(monthLabel(newest[0]))}</h2><ol class="editions">${newest[1]
          .map((e) => editionItem(from, e, true))
          .join('\n')}</ol>${
          months.length > 1
            ? `<p><a href="${escapeHtml(relativeHref(from, keys.monthPage(months[1]?.[0] ?? '')))}">Older editions: ${escapeHtml(
                monthLabel(months[1]?.[0] ?? ''),
              )}</a></p>`
            : ''
        }`;
  const body = `<h1>Tally archive</h1>
${searchBox()}
<section aria-labelledby="digests-title"><h2 id="digests-title">Digests</h2>${digestCards(from, model)}</section>
<section class="latest" aria-label="Latest editions">${latest}</section>
${monthNav(from, months, newest?.[0])}`;
  return renderPage({
    key: from,
    title: 'Tally archive',
    feeds: feedsOf(model),
    scripts: [keys.searchScript],
    body,
    footer: footer(model),
  });
}

/** months/<yyyy-mm>/index.html: every edition of one month, all digests. */
export function renderMonth(model: ArchiveModel, month: string): string {
  const from = keys.monthPage(month);
  const months = monthsOf(model.all);
  const editions = months.find(([m]) => m === month)?.[1] ?? [];
  const body = `<h1>${escapeHtml(monthLabel(month))}</h1>
<ol class="editions">${editions.map((e) => editionItem(from, e, true)).join('\n')}</ol>
${monthNav(from, months, month)}`;
  return renderPage({
    key: from,
    title: `${monthLabel(month)} · Tally archive`,
    crumbs: [['Archive', keys.home]],
    feeds: feedsOf(model),
    body,
  });
}

/** editions/<digest>/index.html: every edition of one digest, newest first, by month. */
export function renderDigestIndex(_model: ArchiveModel, section: DigestSection): string {
  const from = keys.digestPage(section.name);
  const months = monthsOf(section.editions);
  const lists = months
    .map(
      ([month, list]) =>
        `<section><h2 id="m-${escapeHtml(month)}">${escapeHtml(monthLabel(month))}</h2><ol class="editions">${list
          .map((e) => editionItem(from, e, false))
          .join('\n')}</ol></section>`,
    )
    .join('\n');
  const body = `<h1>${escapeHtml(section.title)}</h1>
<p class="meta">${escapeHtml(plural(section.editions.length, 'edition'))} · <a class="feed" href="feed.xml" type="application/atom+xml">Follow in a feed reader (Atom)</a></p>
${lists === '' ? '<p>No editions yet.</p>' : lists}`;
  return renderPage({
    key: from,
    title: `${section.title} · Tally archive`,
    crumbs: [['Archive', keys.home]],
    feeds: [[`${section.title} (Atom)`, keys.digestFeed(section.name)]],
    body,
  });
}

function figureLine(figure: KeyFigure, display?: string): string {
  const shown = display ?? figure.raw;
  const counted = figure.counted !== undefined ? ` ${escapeHtml(figure.counted)}` : '';
  const source =
    figure.source !== undefined ? ` <span class="source">— ${escapeHtml(figure.source)}</span>` : '';
  return `<li><strong class="figure">${escapeHtml(shown)}</strong>${counted}${source}</li>`;
}

/** The id of a story's article on its edition page (search results link to it). */
export function storyAnchor(story: Story): string {
  return `story-${story.id.replace(/[^\w-]/g, '-')}`;
}

function renderStory(story: Story, displays: Map<KeyFigure, string>): string {
  const published =
    story.item.publishedAt !== undefined
      ? ` · <time datetime="${escapeHtml(story.item.publishedAt)}">${escapeHtml(formatTimestamp(story.item.publishedAt))}</time>`
      : '';
  const figures =
    story.figures.length === 0
      ? ''
      : `<ul class="figures">${story.figures.map((f) => figureLine(f, displays.get(f))).join('\n')}</ul>`;
  const also =
    story.alsoReportedBy.length === 0
      ? ''
      : `<p class="also">Also reported by: ${story.alsoReportedBy
          .map((other) => link(other.url, other.feedName, ` title="${escapeHtml(other.title)}"`))
          .join(', ')}</p>`;
  return `<article class="story" id="${escapeHtml(storyAnchor(story))}">
<h3>${link(story.item.url, story.item.title)}</h3>
<p class="meta">${escapeHtml(story.feedName)}${published}</p>
${story.summary !== '' ? `<p class="summary">${escapeHtml(story.summary)}</p>` : ''}
${figures}
${also}
<p class="source-link">${link(story.item.url, `Read at ${story.feedName}`)}</p>
</article>`;
}

/** How a board figure is found in the ledger: the same figure printed in the same edition from the same story. */
export function ledgerLookupKey(digest: string, editionId: string, url: string, display: string): string {
  return [digest, editionId, url, display].join('\u0000');
}

function renderBoard(
  board: BoardFigure[],
  stories: Story[],
  measureHref: (b: BoardFigure) => string | undefined,
): string {
  if (board.length === 0) return '';
  const anchors = new Map(stories.map((s) => [s.id, storyAnchor(s)]));
  const rows = board
    .map((b) => {
      const anchor = anchors.get(b.storyId);
      const story =
        anchor !== undefined
          ? `<a href="#${escapeHtml(anchor)}">${escapeHtml(b.storyTitle)}</a>`
          : link(b.storyUrl, b.storyTitle);
      const what = escapeHtml(b.figure.counted ?? b.figure.unit ?? '');
      const href = measureHref(b);
      const measure =
        href === undefined
          ? what
          : `<a href="${escapeHtml(href)}" title="This measure in the figure ledger">${what}</a>`;
      return `<tr><td class="num">${escapeHtml(b.display)}</td><td data-label="What">${measure}</td><td data-label="Who said it">${escapeHtml(
        b.figure.source ?? '',
      )}</td><td data-label="Story">${story} ${link(b.storyUrl, 'source', ' class="src"')}</td></tr>`;
    })
    .join('\n');
  return `<section class="board" aria-labelledby="board-title"><h2 id="board-title">Key figures</h2>
<div class="table-wrap"><table class="cards"><thead><tr><th scope="col">Figure</th><th scope="col">What</th><th scope="col">Who said it</th><th scope="col">Story</th></tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}

export function renderDeltas(deltas: FigureDelta[]): string {
  if (deltas.length === 0) return '';
  const items = deltas
    .map((d) => {
      const prev = `${link(d.previous.url, d.previous.display)}${d.previous.source !== undefined ? ` (${escapeHtml(d.previous.source)})` : ''}`;
      const curr = `${link(d.current.url, d.current.display)}${d.current.source !== undefined ? ` (${escapeHtml(d.current.source)})` : ''}`;
      const tag =
        d.kind === 'conflict'
          ? '<span class="tag conflict">sources differ</span>'
          : '<span class="tag">changed</span>';
      return `<li>${tag} <strong>${escapeHtml(d.label)}</strong>: ${prev} <span aria-label="then">→</span> ${curr}</li>`;
    })
    .join('\n');
  return `<section class="deltas" aria-labelledby="deltas-title"><h2 id="deltas-title">Changes and conflicts</h2><ul>${items}</ul></section>`;
}

function renderHealth(digest: Digest): string {
  if (digest.feedHealth.length === 0) return '';
  const rows = digest.feedHealth
    .map(
      (f) =>
        `<tr><td>${escapeHtml(f.feedName)}</td><td data-label="Status">${escapeHtml(f.status)}</td><td data-label="New items">${f.itemsNew}</td><td${
          f.error === undefined ? '' : ' data-label="Error"'
        }>${escapeHtml(f.error?.message ?? '')}</td></tr>`,
    )
    .join('\n');
  const failing = digest.feedHealth.filter((f) => f.status === 'failed').length;
  return `<details class="health"><summary>Feeds: ${escapeHtml(plural(digest.feedHealth.length, 'feed'))}${
    failing > 0 ? `, ${failing} failed` : ''
  }</summary><div class="table-wrap"><table class="cards"><thead><tr><th scope="col">Feed</th><th scope="col">Status</th><th scope="col">New items</th><th scope="col">Error</th></tr></thead><tbody>${rows}</tbody></table></div></details>`;
}

/** editions/<digest>/<editionId>/index.html: the edition as a web page. */
export function renderEdition(
  model: ArchiveModel,
  section: DigestSection,
  digest: Digest,
  neighbours: { newer?: Digest; older?: Digest },
): string {
  const from = keys.editionPage(digest.digest, digest.editionId);
  const displays = new Map<KeyFigure, string>();
  // Story figures are the same objects as on the board only in memory; match by position in the sentence instead.
  for (const b of digest.board) {
    const story = digest.stories.find((s) => s.id === b.storyId);
    const match = story?.figures.find(
      (f) => f.start === b.figure.start && f.end === b.figure.end && f.raw === b.figure.raw,
    );
    if (match !== undefined) displays.set(match, b.display);
  }
  const nav = [
    neighbours.older !== undefined
      ? `<a rel="prev" href="${escapeHtml(relativeHref(from, keys.editionPage(digest.digest, neighbours.older.editionId)))}">← ${escapeHtml(
          formatDay(neighbours.older.generatedAt),
        )}</a>`
      : '',
    `<a href="${escapeHtml(relativeHref(from, keys.digestPage(digest.digest)))}">All editions</a>`,
    neighbours.newer !== undefined
      ? `<a rel="next" href="${escapeHtml(relativeHref(from, keys.editionPage(digest.digest, neighbours.newer.editionId)))}">${escapeHtml(
          formatDay(neighbours.newer.generatedAt),
        )} →</a>`
      : '',
  ]
    .filter((s) => s !== '')
    .join(' · ');
  const downloads = ['digest.html', 'digest.txt', 'digest.json']
    .map((file) => `<a href="${escapeHtml(file)}">${escapeHtml(file)}</a>`)
    .join(' · ');
  const body = `<article class="edition-page">
<h1>${escapeHtml(digest.title)}</h1>
<p class="meta">Edition of <time datetime="${escapeHtml(digest.generatedAt)}">${escapeHtml(formatTimestamp(digest.generatedAt))}</time>,
covering ${escapeHtml(formatTimestamp(digest.window.from))} to ${escapeHtml(formatTimestamp(digest.window.to))} ·
${escapeHtml(plural(digest.stories.length, 'story', 'stories'))}</p>
<nav class="edition-nav" aria-label="Editions">${nav} · <a class="feed" href="${escapeHtml(
    relativeHref(from, keys.digestFeed(digest.digest)),
  )}" type="application/atom+xml">Atom feed</a></nav>
${renderBoard(digest.board, digest.stories, (b) => {
  const id = model.ledger.measures.get(
    ledgerLookupKey(digest.digest, digest.editionId, b.storyUrl, b.display),
  );
  return id === undefined ? undefined : relativeHref(from, keys.measurePage(id));
})}
${renderDeltas(digest.deltas)}
<section class="stories" aria-labelledby="stories-title"><h2 id="stories-title">Stories</h2>
${digest.stories.map((s) => renderStory(s, displays)).join('\n')}
</section>
${renderHealth(digest)}
<p class="downloads">This edition as sent: ${downloads}</p>
</article>`;
  return renderPage({
    key: from,
    title: `${digest.title}, ${formatDay(digest.generatedAt)} · Tally`,
    crumbs: [
      ['Archive', keys.home],
      [section.title, keys.digestPage(section.name)],
    ],
    feeds: [[`${section.title} (Atom)`, keys.digestFeed(section.name)]],
    body,
  });
}
