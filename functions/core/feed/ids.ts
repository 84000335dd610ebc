// Stable item ids: [0-9a-f]{24}, safe as an S3 key segment, the same for the same item on every run.
import { createHash } from 'node:crypto';
import { canonicalUrl } from '../dedupe/index.js';

function hashId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

/** Feed + guid when the feed gives one, else feed + canonical URL, else feed + title + date. */
export function itemId(
  feedId: string,
  guid: string | undefined,
  url: string | undefined,
  title: string,
  date?: string,
): string {
  if (guid) return hashId(`${feedId}\nguid\n${guid}`);
  if (url) return hashId(`${feedId}\nurl\n${canonicalUrl(url)}`);
  return hashId(`${feedId}\ntitle\n${title}\n${date ?? ''}`);
}
