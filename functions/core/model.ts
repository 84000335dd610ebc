// The data model every stage shares, and every shape Tally stores: each is one zod schema here, its type derived
// from it. Values are plain and serializable (JSON in the archive, JSON over SQS); optional fields are absent
// (undefined), never empty strings. The schemas are checked where JSON crosses the store (json-store.ts readJson),
// never again inside a stage. Field order is the order the producing stage writes, so a value read back and
// written again keeps its bytes.
import { z } from 'zod';
import { ARCHIVE_SEGMENT } from './keys.js';

/** An ISO 8601 timestamp (anything Date.parse reads: edition pages sort and date by it). */
const isoTimestamp = z.string().refine((v) => !Number.isNaN(Date.parse(v)), {
  message: 'must be an ISO timestamp',
});
/** Digest names and edition ids as they appear in archive keys (editions/<digest>/<editionId>/). */
const keySegment = z.string().regex(ARCHIVE_SEGMENT, 'must be a key segment');
const problem = z.object({ code: z.string(), message: z.string() });

/** The first issue of a failed check, with where it is: "stories.0.item.url: Invalid input: …". */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '(top level)' : issue.path.join('.');
  return `${where}: ${issue?.message ?? 'is invalid'}`;
}

/** One entry of a feed after parse + clean. */
export const FeedItemSchema = z.object({
  /** Stable id derived from feedId + guid/url/content (see parse/ids.ts). Safe as an S3 key segment. */
  id: z.string(),
  feedId: z.string(),
  /** Absolute http(s) URL of the article, canonicalized where possible. */
  url: z.string(),
  title: z.string(),
  /** Plain text of the item (title excluded). */
  text: z.string(),
  categories: z.array(z.string()),
  guid: z.string().optional(),
  author: z.string().optional(),
  /** ISO 8601 timestamp. */
  publishedAt: z.string().optional(),
  /** Sanitized HTML safe to place in an email body. */
  html: z.string().optional(),
});
export type FeedItem = z.infer<typeof FeedItemSchema>;

/** What a feed declared about itself. Never stored. */
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

export const FigureKindSchema = z.enum([
  'count',
  'money',
  'percent',
  'measure',
  'rate',
  // Kept apart: never counted as key figures.
  'date',
  'duration',
  'age',
  'ordinal',
]);
export type FigureKind = z.infer<typeof FigureKindSchema>;

export const QualifierSchema = z.enum([
  'exact',
  'approx',
  'at_least',
  'at_most',
  'more_than',
  'less_than',
  'range',
]);
export type Qualifier = z.infer<typeof QualifierSchema>;

export const ChangeSchema = z.enum(['=', '~', '>', '<', 'up', 'down']);
export type Change = z.infer<typeof ChangeSchema>;

export const KeyFigureSchema = z.object({
  /** The span as written ("some 3,500 soldiers" → "some 3,500"). */
  raw: z.string(),
  /** Character offsets of raw in the text given to extractFigures. */
  start: z.number(),
  end: z.number(),
  kind: FigureKindSchema,
  qualifier: QualifierSchema,
  change: ChangeSchema,
  /** Words naming what/where the figure refers to. */
  concepts: z.array(z.string()),
  /** The sentence the figure stands in. */
  sentence: z.string(),
  /** Higher is more important; comparable within one story. */
  salience: z.number(),
  /** Single value; absent for ranges. */
  value: z.number().optional(),
  /** Range bounds; present when qualifier is 'range'. */
  low: z.number().optional(),
  high: z.number().optional(),
  /** Normalized unit: singular lemma for counted nouns ("soldier"), NewsQuant unit names otherwise ("dollar", "percentage"). */
  unit: z.string().optional(),
  /** What is counted ("North Korean soldiers", "killed in action"). */
  counted: z.string().optional(),
  /** Who said it ("Ukraine's defense intelligence agency"). */
  source: z.string().optional(),
});
export type KeyFigure = z.infer<typeof KeyFigureSchema>;

/** One story: an item and the same story from other outlets. */
export const StorySchema = z.object({
  id: z.string(),
  item: FeedItemSchema,
  /** The same story elsewhere: outlet (feed) name, title and link. */
  alsoReportedBy: z.array(
    z.object({ feedId: z.string(), feedName: z.string(), title: z.string(), url: z.string() }),
  ),
  /** 2–3 extractive sentences. */
  summary: z.string(),
  /** Ranked, most salient first; key-figure kinds only. */
  figures: z.array(KeyFigureSchema),
  /** Name of the feed of the canonical item. */
  feedName: z.string(),
  /** Story rank score assigned by compose. */
  score: z.number(),
});
export type Story = z.infer<typeof StorySchema>;

/** A figure on the edition's board, linked to its story. */
export const BoardFigureSchema = z.object({
  storyId: z.string(),
  storyTitle: z.string(),
  storyUrl: z.string(),
  figure: KeyFigureSchema,
  /** Human display of value and qualifier: "~3,500", "at least 1", "5,000–6,000", "$1.2 billion". */
  display: z.string(),
});
export type BoardFigure = z.infer<typeof BoardFigureSchema>;

const deltaSide = z.object({
  display: z.string(),
  editionId: z.string(),
  source: z.string().optional(),
  url: z.string(),
  seenAt: z.string(),
});

/** A change or a conflict found by the figure ledger. */
export const FigureDeltaSchema = z.object({
  /** Ledger key of the measure. */
  measure: z.string(),
  /** Human label: "North Korean troops sent to Russia". */
  label: z.string(),
  kind: z.enum(['change', 'conflict']),
  previous: deltaSide,
  current: deltaSide,
});
export type FigureDelta = z.infer<typeof FigureDeltaSchema>;

export const FeedHealthSchema = z.object({
  feedId: z.string(),
  feedName: z.string(),
  status: z.enum(['ok', 'not_modified', 'failed', 'deferred', 'paused']),
  itemsNew: z.number(),
  itemsDuplicate: z.number(),
  error: problem.optional(),
  lastSuccessAt: z.string().optional(),
  consecutiveFailures: z.number(),
});
export type FeedHealth = z.infer<typeof FeedHealthSchema>;

/** One edition: editions/<digest>/<editionId>/digest.json. */
export const DigestSchema = z.object({
  digest: keySegment,
  title: z.string(),
  editionId: keySegment,
  /** ISO timestamps of the window the edition covers. */
  window: z.object({ from: isoTimestamp, to: isoTimestamp }),
  generatedAt: isoTimestamp,
  stories: z.array(StorySchema),
  board: z.array(BoardFigureSchema),
  deltas: z.array(FigureDeltaSchema),
  feedHealth: z.array(FeedHealthSchema),
  /** Public URL of this edition's web page. */
  archiveUrl: z.string(),
});
export type Digest = z.infer<typeof DigestSchema>;

/** The mail edition (editions/<digest>/<editionId>/mail.json): what the sender personalizes per subscriber. */
export const RenderedEditionSchema = z.object({
  subject: z.string(),
  preheader: z.string(),
  /** HTML with per-subscriber slots; personalize() or publicEdition() fills them. */
  html: z.string(),
  /** text/plain part with the same slots. */
  text: z.string(),
  /** The Digest model as JSON. */
  json: z.string(),
});
export type RenderedEdition = z.infer<typeof RenderedEditionSchema>;

export const SubscriberStatusSchema = z.enum(['pending', 'active', 'unsubscribed', 'suppressed']);
export type SubscriberStatus = z.infer<typeof SubscriberStatusSchema>;

/** subscribers/<hash>.json. */
export const SubscriberSchema = z.object({
  email: z.string().min(3).max(254),
  /** HMAC of the normalized address; the key of subscribers/<hash>.json. */
  hash: z.string().regex(/^[a-f0-9]{64}$/),
  status: SubscriberStatusSchema,
  digests: z.array(z.string()),
  /** IANA time zone. */
  timezone: z.string().min(1),
  /** Local hour 0–23 at which the subscriber wants mail. */
  sendHour: z.number().int().min(0).max(23),
  createdAt: z.string(),
  updatedAt: z.string(),
  confirmedAt: z.string().optional(),
  suppressedReason: z.string().optional(),
});
export type Subscriber = z.infer<typeof SubscriberSchema>;

// ── State the pipeline keeps between runs ──────────────────────────────────────────────────────────────────

/** items/<yyyy>/<mm>/<dd>/<itemId>.json: the cleaned item, its figures and summary. */
export const StoredItemSchema = z.object({
  version: z.literal(1),
  item: FeedItemSchema,
  feedName: z.string(),
  fetchedAt: z.string(),
  figures: z.array(KeyFigureSchema),
  summary: z.string(),
});
export type StoredItem = z.infer<typeof StoredItemSchema>;

/** state/feeds/<feedId>.json: conditional-GET validators and the feed's health. */
export const FeedStateSchema = z.object({
  feedId: z.string(),
  url: z.string(),
  consecutiveFailures: z.number(),
  lastFetchAt: z.string().optional(),
  lastSuccessAt: z.string().optional(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  lastError: problem.extend({ at: z.string() }).optional(),
  deferredUntil: z.string().optional(),
});
export type FeedState = z.infer<typeof FeedStateSchema>;

/** state/seen/<feedId>.json: fingerprints of the items a feed has already given. */
export const SeenIndexSchema = z.object({
  version: z.literal(1),
  /** Fingerprints in first-seen order; the oldest fall off past the ingest's cap. */
  fingerprints: z.array(z.string()),
});
export type SeenIndex = z.infer<typeof SeenIndexSchema>;

/** state/digests/<digest>.json: the digest's latest edition. */
export const DigestStateSchema = z.object({
  digest: z.string(),
  lastEditionId: z.string().optional(),
  lastBuiltAt: z.string().optional(),
});
export type DigestState = z.infer<typeof DigestStateSchema>;

// ── One scheduled run across functions (aws/runs.ts); every record is written create-only ──────────────────

/** state/runs/<digest>/<runId>/manifest.json: the feeds the planner fanned out. */
export const RunManifestSchema = z.object({
  digest: z.string(),
  runId: z.string(),
  feeds: z.array(z.string()),
  plannedAt: z.string(),
});
export type RunManifest = z.infer<typeof RunManifestSchema>;

/** state/runs/<digest>/<runId>/done/<feedId>.json: one feed of the run ingested. */
export const FeedDoneMarkerSchema = FeedHealthSchema.pick({ feedId: true, status: true, itemsNew: true });
export type FeedDoneMarker = z.infer<typeof FeedDoneMarkerSchema>;

/** state/runs/<digest>/<runId>/build-requested.json: the one build request of the run. */
export const BuildRequestSchema = z.object({ requestedAt: z.string() });
export type BuildRequest = z.infer<typeof BuildRequestSchema>;

/** state/runs/<digest>/<runId>/built.json: what the run's build did. */
export const BuiltMarkerSchema = z.object({
  digest: z.string(),
  runId: z.string(),
  status: z.enum(['built', 'skipped']),
  editionId: z.string().optional(),
  reason: z.string().optional(),
  builtAt: z.string(),
});
export type BuiltMarker = z.infer<typeof BuiltMarkerSchema>;

// ── Delivery (deliver/) ────────────────────────────────────────────────────────────────────────────────────

/** editions/<digest>/<editionId>/sent/<subscriberHash>.json: one subscriber's claim on one edition. */
export const DeliveryClaimSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('claimed'), claimedAt: z.string() }),
  z.object({
    status: z.literal('sent'),
    claimedAt: z.string(),
    sentAt: z.string(),
    messageId: z.string(),
  }),
  z.object({
    status: z.literal('failed'),
    claimedAt: z.string(),
    failedAt: z.string(),
    code: z.string(),
    message: z.string(),
  }),
]);
export type DeliveryClaim = z.infer<typeof DeliveryClaimSchema>;

/** What one delivery run of an edition did. */
export const DeliveryReportSchema = z.object({
  digest: z.string(),
  editionId: z.string(),
  /** Sent by this run. */
  sent: z.number(),
  /** Recorded as sent by an earlier run. */
  alreadySent: z.number(),
  failed: z.array(z.object({ subscriber: z.string(), code: z.string(), message: z.string() })),
  /**
   * Claims with no message id: a crash between claim and record (or, while two senders overlap, a send the
   * other one has in flight). Never sent again automatically; the claim file's claimedAt tells them apart.
   */
  claimedWithoutRecord: z.array(z.string()),
  /** Recipients left out because their record now says they are not active or left this digest. */
  skipped: z.number().optional(),
});
export type DeliveryReport = z.infer<typeof DeliveryReportSchema>;

/** editions/<digest>/<editionId>/delivery.json: the report of the latest delivery run, when and through what. */
export const StoredDeliveryReportSchema = DeliveryReportSchema.extend({
  finishedAt: z.string(),
  mailer: z.string(),
});
export type StoredDeliveryReport = z.infer<typeof StoredDeliveryReportSchema>;

// ── The figure ledger (track/): ledger/figures.json ────────────────────────────────────────────────────────

/** The fields of a ledger entry; LedgerEntrySchema adds the rule that ties value, low and high together. */
export const LedgerEntryFields = z.object({
  /** Ledger key of the measure; shared by every entry of the same measure. */
  measure: z.string().min(1),
  /** Human label: "North Korean soldiers sent to Russia's Far East". */
  label: z.string(),
  kind: FigureKindSchema,
  unit: z.string().optional(),
  /** Head and words the measure was matched on. */
  head: z.string().min(1),
  words: z.array(z.string()),
  value: z.number().optional(),
  low: z.number().optional(),
  high: z.number().optional(),
  qualifier: QualifierSchema,
  /** As displayed: "~3,500". */
  display: z.string(),
  /** The span as written and the sentence it stands in: the quotation. */
  raw: z.string(),
  sentence: z.string(),
  /** Who said it. */
  source: z.string().optional(),
  storyId: z.string(),
  storyTitle: z.string(),
  url: z.string(),
  /** Outlet (feed name). */
  outlet: z.string(),
  digest: z.string(),
  editionId: z.string().min(1),
  /** When the outlet published it (else when the edition was built). ISO. */
  seenAt: isoTimestamp,
});

/** One figure as printed in one edition: enough to cite it without the edition at hand. */
export const LedgerEntrySchema = LedgerEntryFields.refine(
  (e) => e.value !== undefined || (e.low !== undefined && e.high !== undefined),
  { message: 'needs a value or low and high' },
);
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

export const LedgerSchema = z.object({
  version: z.literal(1),
  entries: z.array(LedgerEntrySchema),
});
export type Ledger = z.infer<typeof LedgerSchema>;

// ── The browsable archive (archive/site) ───────────────────────────────────────────────────────────────────

/** assets/manifest.json: every page the last archive update wrote, key → MD5 of its content. */
export const ArchiveManifestSchema = z.object({
  v: z.literal(1),
  pages: z.record(z.string(), z.string()),
});
export type ArchiveManifest = z.infer<typeof ArchiveManifestSchema>;
