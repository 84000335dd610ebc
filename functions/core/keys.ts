// Every key of the archive (ARCHITECTURE.md's layout) is built here and nowhere else: the folder store and S3
// use the same keys, and every reader and writer takes them from this one table.
import { TallyError } from './errors.js';

const SAFE = /^[a-z0-9][a-z0-9-]{0,127}$/;
/**
 * What the archive accepts as a digest name or edition id in editions/<digest>/<editionId>/ when it reads: wider
 * than what the pipeline writes (SAFE), so an archive made by hand or by an older release still shows.
 */
export const ARCHIVE_SEGMENT = /^[\w\-.@=+,]+$/;
/** A run of one digest: the UTC minute it was scheduled for, "20261129T0700Z" (aws/messages.ts). */
const RUN_ID = /^\d{8}T\d{4}Z$/;

function checked(value: string, rule: RegExp, what: string): string {
  if (!rule.test(value)) {
    throw new TallyError('INPUT_INVALID', `keys: ${what} "${value.slice(0, 40)}" is not a safe key segment`);
  }
  return value;
}

function segment(value: string, what: string): string {
  return checked(value, SAFE, what);
}

function ymd(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
}

const run = (digest: string, runId: string) =>
  `state/runs/${segment(digest, 'digest name')}/${checked(runId, RUN_ID, 'run id')}/`;

export const keys = {
  // ── State kept between runs (private) ──
  feedState: (feedId: string) => `state/feeds/${segment(feedId, 'feed id')}.json`,
  seenIndex: (feedId: string) => `state/seen/${segment(feedId, 'feed id')}.json`,
  digestState: (digest: string) => `state/digests/${segment(digest, 'digest name')}.json`,
  /** One scheduled run across functions (aws/runs.ts). */
  runManifest: (digest: string, runId: string) => `${run(digest, runId)}manifest.json`,
  runDonePrefix: (digest: string, runId: string) => `${run(digest, runId)}done/`,
  runDone: (digest: string, runId: string, feedId: string) =>
    `${run(digest, runId)}done/${segment(feedId, 'feed id')}.json`,
  runBuildRequested: (digest: string, runId: string) => `${run(digest, runId)}build-requested.json`,
  runBuilt: (digest: string, runId: string) => `${run(digest, runId)}built.json`,

  // ── Items (private) ──
  /** Items are filed under the UTC day they were first fetched. */
  itemDay: (fetchedAt: string) => `items/${ymd(fetchedAt)}/`,
  item: (fetchedAt: string, itemId: string) => `items/${ymd(fetchedAt)}/${segment(itemId, 'item id')}.json`,

  // ── Editions ──
  /** Every edition of every digest lies under this prefix. */
  editions: 'editions/',
  /** The editions of one digest (and its pages). */
  digestEditions: (digest: string) => `editions/${segment(digest, 'digest name')}/`,
  edition: (digest: string, editionId: string) =>
    `editions/${segment(digest, 'digest name')}/${segment(editionId, 'edition id')}/`,
  editionFile: (
    digest: string,
    editionId: string,
    file: 'digest.html' | 'digest.txt' | 'digest.json' | 'mail.json',
  ) => `${keys.edition(digest, editionId)}${file}`,
  /** Claim markers, one per subscriber (create-only), and the delivery report: private. */
  sentClaim: (digest: string, editionId: string, subscriberHash: string) =>
    `${keys.edition(digest, editionId)}sent/${segment(subscriberHash, 'subscriber hash')}.json`,
  deliveryReport: (digest: string, editionId: string) => `${keys.edition(digest, editionId)}delivery.json`,

  // ── The figure ledger ──
  ledgerJson: 'ledger/figures.json',
  ledgerCsv: 'ledger/figures.csv',
  /** Both ledger files, listed at once. */
  ledgerFiles: 'ledger/figures.',

  // ── Subscribers (private) ──
  subscribers: 'subscribers/',
  subscriber: (hash: string) => `subscribers/${segment(hash, 'subscriber hash')}.json`,

  // ── The browsable archive (archive/site) ──
  // Built from digests the archive has read and checked (DigestSchema holds their names and edition ids to a
  // key segment), or from names found in a listing of the store: these do not check the segments again.
  home: 'index.html',
  monthPages: 'months/',
  monthPage: (month: string) => `months/${month}/index.html`,
  digestPage: (digest: string) => `editions/${digest}/index.html`,
  digestFeed: (digest: string) => `editions/${digest}/feed.xml`,
  editionPage: (digest: string, editionId: string) => `editions/${digest}/${editionId}/index.html`,
  archivedEditionFile: (digest: string, editionId: string, file: string) =>
    `editions/${digest}/${editionId}/${file}`,
  ledgerPage: 'ledger/index.html',
  measurePages: 'ledger/measures/',
  measurePage: (id: string) => `ledger/measures/${id}.html`,
  searchIndex: 'search/index.json',
  archiveCss: 'assets/archive.css',
  searchScript: 'assets/search.js',
  /** What the last archive update wrote: page key → MD5. */
  archiveManifest: 'assets/manifest.json',
} as const;

/** Prefixes that hold private data: never served by `tally serve` or CloudFront, never cached. */
export const PRIVATE_PREFIXES = ['state/', 'items/', 'subscribers/', 'config/'] as const;

export function isPrivateKey(key: string): boolean {
  return (
    PRIVATE_PREFIXES.some((p) => key.startsWith(p)) || /\/sent\/|\/delivery\.json$|\/mail\.json$/.test(key)
  );
}
