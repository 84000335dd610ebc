// Stable item ids: [0-9a-f]{24}, safe as an S3 key segment, the same for the same item on every run, and the
// canonical article URL they rest on. Dedupe compares items by the same two helpers (it imports them from here).
import { createHash } from 'node:crypto';

/** Query parameters that only track the click, never select the content. */
const TRACKING_PARAM =
  /^(?:utm_[a-z0-9_]*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|igshid|mc_cid|mc_eid|_hsenc|_hsmi|_ga|_gl|mkt_tok|oly_anon_id|oly_enc_id|vero_id|rb_clickid|s_cid|cmpid|ncid|ocid|ito|sr_share|at_medium|at_campaign|at_custom\d*|ref_src|ref_url|__twitter_impression|spm|share|smid|cmp|icid|wt_mc|wt\.mc_id|xtor|partner|rss|feed|feedid|from_rss|src|via)$/i;

/** A short stable hash: 24 hex digits of SHA-256 (ids, fingerprints). */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

/**
 * The canonical form of an article URL: lowercase scheme and host, no default port, no fragment, no tracking
 * parameters, remaining parameters sorted, no trailing slash. Returns the input trimmed when it is not a URL.
 */
export function canonicalUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return url.trim();
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return parsed.href;
  parsed.hash = '';
  parsed.username = '';
  parsed.password = '';
  const kept = [...parsed.searchParams.entries()].filter(([name]) => !TRACKING_PARAM.test(name));
  kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  parsed.search = '';
  for (const [name, value] of kept) parsed.searchParams.append(name, value);
  if (parsed.pathname.length > 1 && parsed.pathname.endsWith('/')) {
    parsed.pathname = parsed.pathname.replace(/\/+$/, '');
  }
  return parsed.href;
}

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
