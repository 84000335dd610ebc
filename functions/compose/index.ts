// compose: the edition's Digest model. Selects the stories (the digest's tag filters, a rank by figure salience,
// corroboration, recency and feed priority, the story cap), builds the key-figures board, and takes the deltas
// that track found for the selected stories: the pipeline selects first, tracks, then composes.
import type { DigestConfig, FeedConfig } from '../config.js';
import type { BoardFigure, Digest, FeedHealth, FigureDelta, Story } from '../core/model.js';
import { formatFigure } from '../extract/format.js';
import { isKeyFigure } from '../extract/key-figure.js';

export { formatFigure, formatNumber } from '../extract/format.js';
export { isKeyFigure } from '../extract/key-figure.js';

export interface ComposeInput {
  digest: DigestConfig;
  editionId: string;
  window: { from: string; to: string };
  /** ISO timestamp. */
  generatedAt: string;
  /** score 0 on input; figures ranked; item.categories + the feed's tags count as tags. */
  stories: Story[];
  /** Tags and priority per feedId. */
  feeds: FeedConfig[];
  feedHealth: FeedHealth[];
  /** Public URL of this edition's page. */
  archiveUrl: string;
  /** Figures on the board; 6 unless given. */
  boardSize?: number;
  /** What changed or conflicts, from trackFigures over the selected stories; none unless given. */
  deltas?: FigureDelta[];
}

/** What selecting the stories needs. */
export type SelectInput = Pick<ComposeInput, 'digest' | 'stories' | 'feeds' | 'window'>;

const DEFAULT_BOARD_SIZE = 6;
const HOUR_MS = 3_600_000;

/** How much a figure of each kind says about a story's weight; counts and money lead wire reports. */
const KIND_WEIGHT: Record<string, number> = { count: 1, money: 1, percent: 0.8, measure: 0.6, rate: 0.6 };

/** Lower-cased tags of a story: its item's categories and its feed's configured tags. */
export function storyTags(story: Story, feedsById: ReadonlyMap<string, FeedConfig>): Set<string> {
  const tags = new Set<string>();
  for (const category of story.item.categories) tags.add(category.trim().toLowerCase());
  for (const tag of feedsById.get(story.item.feedId)?.tags ?? []) tags.add(tag.trim().toLowerCase());
  tags.delete('');
  return tags;
}

/** includeTags: at least one must match (none given = all pass); excludeTags: none may match. */
export function passesTagFilter(tags: ReadonlySet<string>, digest: DigestConfig): boolean {
  const lower = (list: string[]) => list.map((tag) => tag.trim().toLowerCase());
  if (lower(digest.excludeTags).some((tag) => tags.has(tag))) return false;
  const include = lower(digest.includeTags);
  return include.length === 0 || include.some((tag) => tags.has(tag));
}

/**
 * Figures: salience within a story is not comparable across stories, so the story's own ranking is used
 * (first figure full weight, then halves), weighted by kind, by whether the figure says what it counts
 * and who said it.
 */
function figureScore(story: Story): number {
  let score = 0;
  let rank = 0;
  for (const figure of story.figures) {
    if (!isKeyFigure(figure)) continue;
    const kind = KIND_WEIGHT[figure.kind] ?? 0.5;
    const counted =
      figure.counted !== undefined || figure.kind === 'money' || figure.kind === 'percent' ? 1 : 0.6;
    const attributed = figure.source !== undefined ? 1.15 : 1;
    score += kind * counted * attributed * 0.5 ** rank;
    rank += 1;
    if (rank === 3) break;
  }
  return score;
}

/** Distinct other outlets carrying the story. */
function corroboration(story: Story): number {
  const outlets = new Set(story.alsoReportedBy.map((other) => other.feedId));
  outlets.delete(story.item.feedId);
  return outlets.size;
}

function recencyFactor(story: Story, window: { from: string; to: string }): number {
  const to = Date.parse(window.to);
  const from = Date.parse(window.from);
  const span = Number.isFinite(to) && Number.isFinite(from) && to > from ? to - from : 24 * HOUR_MS;
  const published = story.item.publishedAt === undefined ? Number.NaN : Date.parse(story.item.publishedAt);
  // Undated items count as mid-window: neither rewarded nor buried.
  const age = Number.isFinite(published) ? Math.max(0, to - published) : span / 2;
  const halfLife = Math.max(6 * HOUR_MS, span / 2);
  // Old news keeps half its weight: a big story from this morning still beats a trivial one from now.
  return 0.5 + 0.5 * 0.5 ** (age / halfLife);
}

/** The rank score of one story; higher first. */
export function scoreStory(
  story: Story,
  feed: FeedConfig | undefined,
  window: { from: string; to: string },
): number {
  const priority = feed?.priority ?? 1;
  const outlets = corroboration(story);
  const score =
    (1 + figureScore(story)) * (1 + 0.5 * Math.log2(1 + outlets)) * recencyFactor(story, window) * priority;
  return Math.round(score * 1e6) / 1e6;
}

function compareStories(a: Story, b: Story): number {
  if (b.score !== a.score) return b.score - a.score;
  const pa = a.item.publishedAt ?? '';
  const pb = b.item.publishedAt ?? '';
  if (pa !== pb) return pa < pb ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The board: the top figure of each story in rank order, then second figures, until it is full.
 * One story cannot fill the board while others have figures worth showing.
 */
export function buildBoard(stories: Story[], size: number): BoardFigure[] {
  const board: BoardFigure[] = [];
  const seen = new Set<string>();
  const perStory = stories.map((story) => story.figures.filter(isKeyFigure));
  for (let round = 0; board.length < size; round += 1) {
    let added = false;
    for (const [index, story] of stories.entries()) {
      const figure = perStory[index]?.[round];
      if (figure === undefined) continue;
      added = true;
      const display = formatFigure(figure);
      const key = `${display}|${(figure.counted ?? figure.unit ?? '').toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      board.push({
        storyId: story.id,
        storyTitle: story.item.title,
        storyUrl: story.item.url,
        figure,
        display,
      });
      if (board.length === size) break;
    }
    if (!added) break;
  }
  return board;
}

/**
 * The edition's stories: those that pass the digest's tag filters, scored, in rank order, at most maxStories.
 * Selecting its own result again gives the same stories, so composeDigest may be handed stories already selected.
 */
export function selectStories(input: SelectInput): Story[] {
  const feedsById = new Map(input.feeds.map((feed) => [feed.id, feed]));
  return input.stories
    .filter((story) => passesTagFilter(storyTags(story, feedsById), input.digest))
    .map((story) => ({ ...story, score: scoreStory(story, feedsById.get(story.item.feedId), input.window) }))
    .sort(compareStories)
    .slice(0, input.digest.maxStories);
}

/** The Digest: the selected stories, their board, the deltas given, the feeds' health. */
export function composeDigest(input: ComposeInput): Digest {
  const ranked = selectStories(input);
  return {
    digest: input.digest.name,
    title: input.digest.title,
    editionId: input.editionId,
    window: { ...input.window },
    generatedAt: input.generatedAt,
    stories: ranked,
    board: buildBoard(ranked, input.boardSize ?? DEFAULT_BOARD_SIZE),
    deltas: input.deltas ?? [],
    feedHealth: input.feedHealth,
    archiveUrl: input.archiveUrl,
  };
}

/** True when the edition has nothing to say: no story survived the window, dedupe and the tag filters. */
export function isEmptyEdition(digest: Digest): boolean {
  return digest.stories.length === 0;
}

/** The digest's skipWhenEmpty setting applied: build nothing, archive nothing, mail nothing. */
export function shouldSkipEdition(digest: Digest, config: Pick<DigestConfig, 'skipWhenEmpty'>): boolean {
  return config.skipWhenEmpty && isEmptyEdition(digest);
}
