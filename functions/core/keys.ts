// The archive's key layout (ARCHITECTURE.md), in one place: the folder store and S3 use the same keys.

const SAFE = /^[a-z0-9][a-z0-9-]{0,127}$/;

function segment(value: string, what: string): string {
  if (!SAFE.test(value)) throw new Error(`keys: ${what} "${value.slice(0, 40)}" is not a safe key segment`);
  return value;
}

function ymd(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
}

export const keys = {
  feedState: (feedId: string) => `state/feeds/${segment(feedId, 'feed id')}.json`,
  seenIndex: (feedId: string) => `state/seen/${segment(feedId, 'feed id')}.json`,
  digestState: (digest: string) => `state/digests/${segment(digest, 'digest name')}.json`,
  /** Items are filed under the UTC day they were first fetched. */
  itemDay: (fetchedAt: string) => `items/${ymd(fetchedAt)}/`,
  item: (fetchedAt: string, itemId: string) => `items/${ymd(fetchedAt)}/${segment(itemId, 'item id')}.json`,
  edition: (digest: string, editionId: string) =>
    `editions/${segment(digest, 'digest name')}/${segment(editionId, 'edition id')}/`,
  editionFile: (
    digest: string,
    editionId: string,
    file: 'digest.html' | 'digest.txt' | 'digest.json' | 'mail.json',
  ) => `${keys.edition(digest, editionId)}${file}`,
  sentClaim: (digest: string, editionId: string, subscriberHash: string) =>
    `${keys.edition(digest, editionId)}sent/${segment(subscriberHash, 'subscriber hash')}.json`,
  deliveryReport: (digest: string, editionId: string) => `${keys.edition(digest, editionId)}delivery.json`,
  ledgerJson: 'ledger/figures.json',
  ledgerCsv: 'ledger/figures.csv',
  subscriber: (hash: string) => `subscribers/${segment(hash, 'subscriber hash')}.json`,
} as const;

/** Prefixes that hold private data: never served by `tally serve` or CloudFront, never cached. */
export const PRIVATE_PREFIXES = ['state/', 'items/', 'subscribers/', 'config/'] as const;

export function isPrivateKey(key: string): boolean {
  return (
    PRIVATE_PREFIXES.some((p) => key.startsWith(p)) || /\/sent\/|\/delivery\.json$|\/mail\.json$/.test(key)
  );
}
