// The shape xml2js (inside rss-parser) gives a parsed document, and small readers over it.

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
