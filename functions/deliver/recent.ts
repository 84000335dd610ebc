// Which edition is still worth sending: the digest's latest, if it was built within the digest's window. One rule
// for the hourly planner (plan-edition) and for `tally run`, so a reader gets today's news, never last week's.
import type { DigestConfig } from '../config.js';
import { keys } from '../core/keys.js';
import { DigestStateSchema } from '../core/model.js';
import { readJson } from '../json-store.js';
import type { BlobStore } from '../ports.js';

const HOUR = 3_600_000;

/**
 * True while `now` is in [builtAt, builtAt + windowHours): half-open, like the edition's own window. An edition
 * built at T holds the items fetched up to T, at most a window back; for a digest built once a window the next
 * edition takes over at T + window exactly. With `<=` both editions would count as recent at that instant and
 * a reader whose hour falls on it could be sent the stale one; with `<` consecutive windows tile, no overlap.
 * A build time ahead of the clock (another machine's clock, a hand-edited state file) or one that does not
 * parse is not trusted: nothing is sent on it.
 */
export function isRecentEdition(builtAt: string, windowHours: number, now: Date): boolean {
  const age = now.getTime() - Date.parse(builtAt);
  return age >= 0 && age < windowHours * HOUR;
}

/** The digest's latest edition if it is recent (isRecentEdition), else undefined. */
export async function recentEdition(
  store: BlobStore,
  digest: Pick<DigestConfig, 'name' | 'windowHours'>,
  now: Date,
): Promise<{ editionId: string; builtAt: string } | undefined> {
  const { lastEditionId, lastBuiltAt } =
    (await readJson(store, keys.digestState(digest.name), DigestStateSchema)) ?? {};
  if (lastEditionId === undefined || lastBuiltAt === undefined) return undefined;
  if (!isRecentEdition(lastBuiltAt, digest.windowHours, now)) return undefined;
  return { editionId: lastEditionId, builtAt: lastBuiltAt };
}
