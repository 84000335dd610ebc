// The shape xml2js (inside rss-parser) gives a parsed document, small readers over it, and the URL and escaping
// helpers every feed reader (XML and JSON) shares.

/** An element: attributes under "$", text under "_", children as arrays under their tag names. */
export interface XmlElement {
  $?: Record<string, string>;
  _?: string;
  [child: string]: unknown;
}

/** xml2js gives a bare string for an element with text only and no attributes. */
export type Node = string | XmlElement;

export function nodeText(node: Node | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node;
  return typeof node._ === 'string' ? node._ : '';
}

export function nodeAttr(node: Node | undefined, name: string): string | undefined {
  if (node === undefined || typeof node === 'string' || node.$ === undefined) return undefined;
  const attrs = node.$;
  const exact = attrs[name];
  if (typeof exact === 'string') return exact;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(attrs)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** The absolute form of a possibly relative URL, or undefined when it cannot be resolved. */
export function resolveUrl(value: string, base: string | undefined): string | undefined {
  try {
    return (base === undefined || base === '' ? new URL(value) : new URL(value, base)).href;
  } catch {
    return undefined;
  }
}

/** An absolute http(s) URL from a possibly relative one, or undefined (other schemes are never passed on). */
export function httpUrl(value: string | undefined, base: string): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const resolved = resolveUrl(value.trim(), base);
  return resolved !== undefined && /^https?:\/\//i.test(resolved) ? resolved : undefined;
}

// Every reader makes HTML of a feed's plain text with the one HTML escaper (quotes included, so a caller may
// put the result in an attribute); the readers take it from here with the other shared helpers.
export { escapeHtml } from '../core/escape.js';
