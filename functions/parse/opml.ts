// OPML subscription lists: read (OPML 1.0/2.0, nested folders become tags) and written (OPML 2.0), so that
// `tally feeds import` and `tally feeds export` round-trip with other feed readers.
import { DOMParser } from 'linkedom';
import { FeedError } from '../core/errors.js';
import { escapeXmlAttribute } from '../core/escape.js';
import { prepareXml } from './xml-prepare.js';
import { httpUrl } from './xml-tree.js';

export interface OpmlFeed {
  /** Display name: the outline's title, else its text, else the feed URL. */
  name: string;
  /** http(s) feed URL (xmlUrl). */
  url: string;
  /** Folder titles the outline sits in, plus its comma-separated category attribute. */
  tags: string[];
}

interface XmlNode {
  nodeName: string;
  parentNode: XmlNode | null;
  getAttribute(name: string): string | null;
}

/** Attribute values left with XML references by the DOM: after prepareXml only these five and numerics remain. */
function decodeReferences(value: string): string {
  return value.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (_m, ref: string) => {
    const lower = ref.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? '';
  });
}

function attribute(node: XmlNode, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = node.getAttribute(name);
    if (value !== null) {
      const decoded = decodeReferences(value).replace(/\s+/g, ' ').trim();
      if (decoded !== '') return decoded;
    }
  }
  return undefined;
}

/** The feeds of an OPML document, in document order, without repeats. Throws FeedError FEED_INVALID. */
export function parseOpml(xml: string): OpmlFeed[] {
  const prepared = prepareXml(xml.replace(/^\uFEFF/, '').trimStart(), { textConstructs: false });
  const document = new DOMParser().parseFromString(prepared, 'text/xml') as unknown as {
    documentElement: XmlNode | null;
    querySelectorAll(selector: string): Iterable<XmlNode>;
  };
  if (document.documentElement?.nodeName.toLowerCase() !== 'opml') {
    throw new FeedError('FEED_INVALID', 'opml: the document is not OPML (its root element is not <opml>)');
  }
  const feeds: OpmlFeed[] = [];
  const seen = new Set<string>();
  for (const outline of document.querySelectorAll('outline')) {
    const url = attribute(outline, 'xmlUrl', 'xmlurl', 'XMLURL');
    if (url === undefined || httpUrl(url, '') === undefined || seen.has(url)) continue;
    seen.add(url);
    const tags: string[] = [];
    for (let parent = outline.parentNode; parent !== null; parent = parent.parentNode) {
      if (parent.nodeName.toLowerCase() !== 'outline') break;
      const folder = attribute(parent, 'title', 'text');
      if (folder !== undefined) tags.unshift(folder);
    }
    for (const category of (attribute(outline, 'category') ?? '').split(',')) {
      const tag = category.trim().replace(/^\/+|\/+$/g, '');
      if (tag !== '') tags.push(...tag.split('/').filter((t) => t !== ''));
    }
    feeds.push({ name: attribute(outline, 'title', 'text') ?? url, url, tags: [...new Set(tags)] });
  }
  return feeds;
}

/** An OPML 2.0 document listing the feeds (tags as the category attribute). */
export function toOpml(feeds: readonly OpmlFeed[], title = 'Tally feeds'): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXmlAttribute(title)}</title>`,
    '  </head>',
    '  <body>',
  ];
  for (const feed of feeds) {
    const category = feed.tags.length > 0 ? ` category="${escapeXmlAttribute(feed.tags.join(','))}"` : '';
    const name = escapeXmlAttribute(feed.name);
    lines.push(
      `    <outline type="rss" text="${name}" title="${name}" xmlUrl="${escapeXmlAttribute(feed.url)}"${category}/>`,
    );
  }
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}
