// Stable item ids: [0-9a-f]{24}, safe as an S3 key segment, the same for the same item on every run.
import { canonicalUrl, shortHash } from '../dedupe/index.js';

/** Feed + guid when the feed gives one, else feed + canonical URL, else feed + title + date. */
export function itemId(
  feedId: string,
  guid: string | undefined,
  url: string | undefined,
  title: string,
  date?: string,
): string {
  if (guid) return shortHash(`${feedId}\nguid\n${guid}`);
  if (url) return shortHash(`${feedId}\nurl\n${canonicalUrl(url)}`);
  return shortHash(`${feedId}\ntitle\n${title}\n${date ?? ''}`);
}
