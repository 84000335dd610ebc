// The data model every stage shares: plain, serializable values (JSON in the archive, JSON over SQS).
// Optional fields are absent (undefined), never empty strings.

/** One entry of a feed after parse + clean. */
export interface FeedItem {
  /** Stable id derived from feedId + guid/url/content (see parse/ids.ts). Safe as an S3 key segment. */
  id: string;
  feedId: string;
  guid?: string;
  /** Absolute http(s) URL of the article, canonicalized where possible. */
  url: string;
  title: string;
  author?: string;
  /** ISO 8601 timestamp. */
  publishedAt?: string;
  /** Sanitized HTML safe to place in an email body. */
  html?: string;
  /** Plain text of the item (title excluded). */
  text: string;
  categories: string[];
}

/** What a feed declared about itself. */
export interface FeedMeta {
  title?: string;
  link?: string;
  description?: string;
  language?: string;
}

export interface ParsedFeed {
  meta: FeedMeta;
  items: FeedItem[];
}

export type FigureKind =
  | 'count'
  | 'money'
  | 'percent'
  | 'measure'
  | 'rate'
  // Kept apart: never counted as key figures.
  | 'date'
  | 'duration'
  | 'age'
  | 'ordinal';

export const KEY_FIGURE_KINDS: readonly FigureKind[] = ['count', 'money', 'percent', 'measure', 'rate'];

export type Qualifier = 'exact' | 'approx' | 'at_least' | 'at_most' | 'more_than' | 'less_than' | 'range';

export type Change = '=' | '~' | '>' | '<' | 'up' | 'down';

export interface KeyFigure {
  /** The span as written ("some 3,500 soldiers" → "some 3,500"). */
  raw: string;
  /** Character offsets of raw in the text given to extractFigures. */
  start: number;
  end: number;
  /** Single value; absent for ranges. */
  value?: number;
  /** Range bounds; present when qualifier is 'range'. */
  low?: number;
  high?: number;
  kind: FigureKind;
  /** Normalized unit: singular lemma for counted nouns ("soldier"), NewsQuant unit names otherwise ("dollar", "percentage"). */
  unit?: string;
  /** What is counted ("North Korean soldiers", "killed in action"). */
  counted?: string;
  qualifier: Qualifier;
  change: Change;
  /** Words naming what/where the figure refers to. */
  concepts: string[];
  /** Who said it ("Ukraine's defense intelligence agency"). */
  source?: string;
  /** The sentence the figure stands in. */
  sentence: string;
  /** Higher is more important; comparable within one story. */
  salience: number;
}

/** One story: an item and the same story from other outlets. */
export interface Story {
  id: string;
  item: FeedItem;
  /** The same story elsewhere: outlet (feed) name, title and link. */
  alsoReportedBy: Array<{ feedId: string; feedName: string; title: string; url: string }>;
  /** 2–3 extractive sentences. */
  summary: string;
  /** Ranked, most salient first; key-figure kinds only. */
  figures: KeyFigure[];
  /** Name of the feed of the canonical item. */
  feedName: string;
  /** Story rank score assigned by compose. */
  score: number;
}

/** A figure on the edition's board, linked to its story. */
export interface BoardFigure {
  storyId: string;
  storyTitle: string;
  storyUrl: string;
  figure: KeyFigure;
  /** Human display of value and qualifier: "~3,500", "at least 1", "5,000–6,000", "$1.2 billion". */
  display: string;
}

/** A change or a conflict found by the figure ledger. */
export interface FigureDelta {
  /** Ledger key of the measure. */
  measure: string;
  /** Human label: "North Korean troops sent to Russia". */
  label: string;
  kind: 'change' | 'conflict';
  previous: { display: string; editionId: string; source?: string; url: string; seenAt: string };
  current: { display: string; editionId: string; source?: string; url: string; seenAt: string };
}

export interface FeedHealth {
  feedId: string;
  feedName: string;
  status: 'ok' | 'not_modified' | 'failed' | 'deferred' | 'paused';
  itemsNew: number;
  itemsDuplicate: number;
  error?: { code: string; message: string };
  lastSuccessAt?: string;
  consecutiveFailures: number;
}

export interface Digest {
  digest: string;
  title: string;
  editionId: string;
  /** ISO timestamps of the window the edition covers. */
  window: { from: string; to: string };
  generatedAt: string;
  stories: Story[];
  board: BoardFigure[];
  deltas: FigureDelta[];
  feedHealth: FeedHealth[];
  /** Public URL of this edition's web page. */
  archiveUrl: string;
}

export type SubscriberStatus = 'pending' | 'active' | 'unsubscribed' | 'suppressed';

export interface Subscriber {
  email: string;
  /** HMAC of the normalized address; the key of subscribers/<hash>.json. */
  hash: string;
  status: SubscriberStatus;
  digests: string[];
  /** IANA time zone. */
  timezone: string;
  /** Local hour 0–23 at which the subscriber wants mail. */
  sendHour: number;
  createdAt: string;
  updatedAt: string;
  confirmedAt?: string;
  suppressedReason?: string;
}
