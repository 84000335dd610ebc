// Parse stage: one entry point for every feed format. XML goes through rss-parser's parseString (xml2js plus
// its format dispatch by root element); the tree it parsed is then normalized here, because rss-parser's own item
// builders return objects for Atom titles and throw TypeErrors on valid feeds. JSON Feed has its own reader.
import Parser from 'rss-parser';
import { FeedError, isTallyError } from '../core/errors.js';
import { htmlToText } from '../core/html-text.js';
import type { FeedItem, FeedMeta, ParsedFeed } from '../core/model.js';
import { parseFeedDate } from './dates.js';
import { canonicalUrl, itemId } from './ids.js';
import { parseJsonFeed } from './json-feed.js';
import { canonicalTagName } from './namespaces.js';
import { prepareXml } from './xml-prepare.js';
import {
  escapeHtml,
  httpUrl,
  type Node,
  nodeAttr,
  nodeText,
  resolveUrl,
  type XmlElement,
} from './xml-tree.js';

export { decodeFeedBody } from '../fetch/charset.js';
export { parseFeedDate } from './dates.js';

export interface ParseOptions {
  feedId: string;
  feedUrl: string;
}

type Kind = 'atom' | 'rss2' | 'rss1' | 'rss09';

/** The raw tree rss-parser parsed, captured in place of its item builders. */
interface Captured {
  kind: Kind;
  tree: XmlElement;
}

interface BuilderHooks {
  buildAtomFeed(tree: XmlElement): Captured;
  buildRSS2(tree: XmlElement): Captured;
  buildRSS1(tree: XmlElement): Captured;
  buildRSS0_9(tree: XmlElement): Captured;
}

function makeParser(strict: boolean, prefixes: Map<string, string>, atomRoot: boolean): Parser {
  const parser = new Parser({
    defaultRSS: 2,
    xml2js: {
      strict,
      // In loose mode sax upper-cases names; canonicalTagName restores the spelling rss-parser expects.
      tagNameProcessors: [(name: string) => canonicalTagName(name, prefixes, atomRoot, !strict)],
      attrNameProcessors: strict ? [] : [(name: string) => name.toLowerCase()],
    },
  });
  const hooks = parser as unknown as BuilderHooks;
  hooks.buildAtomFeed = (tree) => ({ kind: 'atom', tree });
  hooks.buildRSS2 = (tree) => ({ kind: 'rss2', tree });
  hooks.buildRSS1 = (tree) => ({ kind: 'rss1', tree });
  hooks.buildRSS0_9 = (tree) => ({ kind: 'rss09', tree });
  return parser;
}

/** Prefix → namespace URI declarations anywhere in the document. */
function namespacePrefixes(xml: string): Map<string, string> {
  const prefixes = new Map<string, string>();
  const re = /\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*(["'])(.*?)\2/g;
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) {
    if (m[1] && m[3] !== undefined && !prefixes.has(m[1])) prefixes.set(m[1], m[3]);
  }
  return prefixes;
}

function isAtomRoot(xml: string): boolean {
  const root = /<([A-Za-z_][\w.-]*:)?(feed)[\s>]/.exec(xml);
  if (!root) return false;
  const rss = /<([A-Za-z_][\w.-]*:)?(rss|RDF)[\s>]/.exec(xml);
  return rss === null || root.index < rss.index;
}

async function parseXml(xml: string, strict: boolean): Promise<Captured> {
  const prefixes = namespacePrefixes(xml);
  const parser = makeParser(strict, prefixes, isAtomRoot(xml));
  const result = (await parser.parseString(xml)) as unknown;
  if (result === null || typeof result !== 'object' || !('kind' in result) || !('tree' in result)) {
    throw new FeedError('FEED_INVALID', 'parse: document is not a feed');
  }
  return result as Captured;
}

/** Parses a feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.x). Throws FeedError FEED_INVALID. */
export async function parseFeed(body: string, options: ParseOptions): Promise<ParsedFeed> {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  const start = text.trimStart();
  if (start.startsWith('{')) return parseJsonFeed(start, options);
  if (!start.startsWith('<')) {
    throw new FeedError(
      'FEED_INVALID',
      'parse: document is neither XML nor JSON (it does not start with "<" or "{")',
    );
  }
  const prepared = prepareXml(start);
  let captured: Captured;
  try {
    captured = await parseXml(prepared, true);
  } catch (strictError) {
    if (isTallyError(strictError)) throw strictError;
    try {
      // Like feedparser's "bozo" path: a document that is not well-formed is read leniently.
      captured = await parseXml(prepared, false);
    } catch (looseError) {
      if (isTallyError(looseError)) throw looseError;
      const reason = (strictError as Error).message.split('\n')[0] ?? 'unreadable XML';
      throw new FeedError('FEED_INVALID', `parse: not a readable feed (${reason})`, { cause: looseError });
    }
  }
  try {
    return normalize(captured, options);
  } catch (error) {
    if (isTallyError(error)) throw error;
    throw new FeedError(
      'FEED_INVALID',
      `parse: feed structure not understood (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Normalization of the parsed tree.

function children(node: Node | undefined, name: string): Node[] {
  if (node === undefined || typeof node === 'string') return [];
  const value = node[name];
  return Array.isArray(value) ? (value as Node[]) : [];
}

function child(node: Node | undefined, ...names: string[]): Node | undefined {
  for (const name of names) {
    const found = children(node, name)[0];
    if (found !== undefined) return found;
  }
  return undefined;
}

function childText(node: Node | undefined, ...names: string[]): string | undefined {
  for (const name of names) {
    for (const c of children(node, name)) {
      const text = nodeText(c).trim();
      if (text !== '') return text;
    }
  }
  return undefined;
}

function baseOf(node: Node | undefined, parentBase: string): string {
  const base = nodeAttr(node, 'xml:base');
  return base === undefined ? parentBase : (resolveUrl(base, parentBase) ?? parentBase);
}

/** A text construct as HTML (Atom type text/html/xhtml, Atom 0.3 modes; RSS is HTML by convention). */
function constructHtml(node: Node | undefined, atom: boolean): string | undefined {
  if (node === undefined) return undefined;
  let text = nodeText(node);
  const type = (nodeAttr(node, 'type') ?? '').toLowerCase();
  const mode = (nodeAttr(node, 'mode') ?? '').toLowerCase();
  // Atom 1.0: a MIME type that is neither text nor XML means the content is base64 (RFC 4287 §4.1.3.3).
  const binary = atom && type.includes('/') && !/^text\/|[/+]xml$/.test(type);
  if (mode === 'base64' || binary) {
    try {
      text = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
    } catch {
      return undefined;
    }
  }
  if (text.trim() === '') return undefined;
  const isPlain = atom
    ? type === '' || type === 'text' || type === 'text/plain' || binary
    : type === 'text' || type === 'text/plain';
  return isPlain && mode !== 'xml' ? escapeHtml(text) : text;
}

/** A text construct as plain text. */
function constructText(node: Node | undefined, atom: boolean): string | undefined {
  if (node === undefined) return undefined;
  const type = (nodeAttr(node, 'type') ?? '').toLowerCase();
  const mode = (nodeAttr(node, 'mode') ?? '').toLowerCase();
  const raw = nodeText(node);
  const binary = atom && type.includes('/') && !/^text\/|[/+]xml$/.test(type);
  const plainByType = atom
    ? (type === '' || type === 'text' || type === 'text/plain') && mode !== 'xml' && mode !== 'base64'
    : false;
  if (binary || mode === 'base64') {
    const decoded = constructHtml(node, atom);
    const plain =
      decoded === undefined ? '' : decoded.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const text = (binary && type !== 'text/html' ? plain : htmlToText(plain)).replace(/\s+/g, ' ').trim();
    return text === '' ? undefined : text;
  }
  // RSS titles are HTML by convention only when they look like it ("AT&amp;T", "<b>…</b>").
  const looksHtml = /<[A-Za-z/!]|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(raw);
  let text: string;
  if (plainByType || (!atom && !looksHtml && mode !== 'base64')) text = raw.replace(/\s+/g, ' ').trim();
  else {
    const html = constructHtml(node, atom);
    text = html === undefined ? '' : htmlToText(html).replace(/\s+/g, ' ').trim();
  }
  return text === '' ? undefined : text;
}

/**
 * The alternate link of an element (Atom links, or atom:link inside RSS): rel="alternate" or no rel, HTML
 * preferred; never rel="self" (the feed's own URL) or enclosures.
 */
function atomLink(node: Node | undefined, base: string): string | undefined {
  const links = [...children(node, 'link'), ...children(node, 'atom:link')];
  const alternates = links.filter((l) => {
    const rel = nodeAttr(l, 'rel');
    return (
      rel === undefined || rel === 'alternate' || rel === 'http://www.iana.org/assignments/relation/alternate'
    );
  });
  const ordered = [
    ...alternates.filter((l) => /html/i.test(nodeAttr(l, 'type') ?? 'text/html')),
    ...alternates,
  ];
  for (const link of ordered) {
    const href = nodeAttr(link, 'href') ?? nodeText(link);
    const url = httpUrl(href, baseOf(link, base));
    if (url) return url;
  }
  return undefined;
}

function deriveTitle(text: string | undefined): string {
  if (text === undefined) return '';
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= 100) return clean;
  const cut = clean.slice(0, 100);
  const space = cut.lastIndexOf(' ');
  return `${(space > 60 ? cut.slice(0, space) : cut).trim()}…`;
}

function categoriesOf(node: Node): string[] {
  const out: string[] = [];
  for (const c of [...children(node, 'category'), ...children(node, 'dc:subject')]) {
    const value = (nodeAttr(c, 'label') ?? nodeAttr(c, 'term') ?? nodeText(c)).replace(/\s+/g, ' ').trim();
    if (value !== '' && !out.includes(value)) out.push(value);
  }
  return out;
}

function authorOf(node: Node, atom: boolean): string | undefined {
  if (atom) {
    const author = child(node, 'author', 'contributor');
    const name = childText(author, 'name') ?? childText(author, 'email');
    if (name) return name;
  }
  const text = childText(node, 'dc:creator', 'author', 'itunes:author', 'dc:author');
  if (text !== undefined && text !== '') return text.replace(/\s+/g, ' ');
  const author = child(node, 'author');
  return childText(author, 'name');
}

/**
 * The item's body as HTML: the first non-empty of the full content, the summary, and a media description
 * (YouTube and podcast feeds carry their text only there). Atom-namespaced elements in RSS follow Atom rules.
 */
function contentHtml(node: Node, atom: boolean): string | undefined {
  const candidates: Array<[string, boolean]> = atom
    ? [
        ['content', true],
        ['summary', true],
      ]
    : [
        ['content:encoded', false],
        ['xhtml:body', false],
        ['body', false],
        ['description', false],
        ['atom:content', true],
        ['atom:summary', true],
        ['dc:description', false],
        ['itunes:summary', false],
      ];
  for (const [name, atomRules] of candidates) {
    for (const candidate of children(node, name)) {
      const html = constructHtml(candidate, atomRules);
      if (html !== undefined) return html;
    }
  }
  const group = child(node, 'media:group');
  const media = child(node, 'media:description') ?? child(group, 'media:description');
  const text = nodeText(media).trim();
  if (text === '') return undefined;
  // media:description is plain text unless it says type="html".
  return nodeAttr(media, 'type') === 'html' ? text : escapeHtml(text).replace(/\n/g, '<br>');
}

function guidOf(node: Node, atom: boolean): string | undefined {
  const guidNode = child(node, atom ? 'id' : 'guid', 'atom:id', 'dc:identifier');
  const raw = guidNode === undefined ? nodeAttr(node, 'rdf:about') : nodeText(guidNode).trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

interface Context {
  repeatedGuids: ReadonlySet<string>;
  feedId: string;
  base: string;
  feedLink?: string;
  feedAuthor?: string;
  atom: boolean;
}

function normalizeItem(node: Node, ctx: Context): FeedItem {
  const base = baseOf(node, ctx.base);
  const atom = ctx.atom;
  const titleNode = child(node, 'title', 'dc:title', 'atom:title', 'media:title');
  let title = constructText(
    titleNode,
    atom || (titleNode !== undefined && nodeAttr(titleNode, 'type') !== undefined),
  );

  const html = contentHtml(node, atom);

  const guidNode = child(node, atom ? 'id' : 'guid', 'atom:id', 'dc:identifier');
  const rawGuid = guidOf(node, atom);
  // A guid the feed repeats on several items identifies none of them: it would merge distinct stories.
  const guid = rawGuid !== undefined && ctx.repeatedGuids.has(rawGuid) ? undefined : rawGuid;
  const permaLink =
    guidNode !== undefined && !atom && nodeAttr(guidNode, 'isPermaLink')?.toLowerCase() !== 'false';

  let url = atom
    ? atomLink(node, base)
    : (httpUrl(childText(node, 'feedburner:origLink'), base) ??
      httpUrl(childText(node, 'link'), base) ??
      atomLink(node, base) ??
      (permaLink ? httpUrl(guid, base) : undefined) ??
      httpUrl(nodeAttr(node, 'rdf:about'), base));
  if (atom && url === undefined) url = httpUrl(childText(node, 'feedburner:origLink'), base);
  if (atom && url === undefined && guid !== undefined && /^https?:/i.test(guid)) url = httpUrl(guid, base);

  const dateText = atom
    ? childText(node, 'published', 'issued', 'created', 'updated', 'modified', 'dc:date')
    : childText(
        node,
        'pubDate',
        'dc:date',
        'dcterms:issued',
        'dcterms:created',
        'atom:published',
        'atom:updated',
        'dcterms:modified',
        'date',
        'published',
        'updated',
      );
  const publishedAt = parseFeedDate(dateText);

  if (title === undefined) title = deriveTitle(html === undefined ? undefined : htmlToText(html));
  const author = authorOf(node, atom) ?? ctx.feedAuthor;
  const finalUrl = url ?? ctx.feedLink ?? ctx.base;
  const item: FeedItem = {
    id: itemId(ctx.feedId, guid, url, title, publishedAt),
    feedId: ctx.feedId,
    url: /^https?:/i.test(finalUrl) ? canonicalUrl(finalUrl) : finalUrl,
    title,
    text: '',
    categories: categoriesOf(node),
  };
  if (guid !== undefined) item.guid = guid;
  if (author !== undefined) item.author = author;
  if (publishedAt !== undefined) item.publishedAt = publishedAt;
  if (html !== undefined) item.html = html;
  return item;
}

function normalize(captured: Captured, options: ParseOptions): ParsedFeed {
  const { kind, tree } = captured;
  const rootName = kind === 'atom' ? 'feed' : kind === 'rss1' ? 'rdf:RDF' : 'rss';
  const root = children(tree, rootName)[0] ?? (tree[rootName] as Node | undefined);
  if (root === undefined) throw new FeedError('FEED_INVALID', `parse: no ${rootName} element`);
  // "<rss></rss>" is a feed with nothing in it, not an error.
  if (typeof root === 'string') return { meta: {}, items: [] };
  const rootBase = baseOf(root, options.feedUrl);
  const atom = kind === 'atom';
  const channel: Node | undefined = atom ? root : child(root, 'channel');
  const channelBase = baseOf(channel, rootBase);
  const meta: FeedMeta = {};
  const title = constructText(child(channel, 'title', 'dc:title'), atom);
  if (title !== undefined) meta.title = title;
  const link = atom
    ? atomLink(channel, channelBase)
    : (httpUrl(childText(channel, 'link'), channelBase) ?? atomLink(channel, channelBase));
  if (link !== undefined) meta.link = link;
  const description = constructText(
    child(channel, atom ? 'subtitle' : 'description', 'tagline', 'dc:description', 'itunes:subtitle'),
    atom,
  );
  if (description !== undefined) meta.description = description;
  const language = childText(channel, 'language', 'dc:language') ?? nodeAttr(root, 'xml:lang');
  if (language !== undefined) meta.language = language;

  const itemNodes = atom
    ? children(root, 'entry')
    : [...children(channel, 'item'), ...(kind === 'rss1' || kind === 'rss09' ? children(root, 'item') : [])];
  const ctx: Context = { feedId: options.feedId, base: channelBase, atom, repeatedGuids: new Set() };
  if (link !== undefined) ctx.feedLink = link;
  const feedAuthor = atom ? childText(child(channel, 'author'), 'name') : undefined;
  if (feedAuthor !== undefined) ctx.feedAuthor = feedAuthor;
  const nodes = itemNodes
    .filter((n) => typeof n !== 'string' || n.trim() !== '')
    .map((n) => (typeof n === 'string' ? ({ _: n } as unknown as Node) : n));
  const seenGuids = new Set<string>();
  const repeatedGuids = new Set<string>();
  for (const node of nodes) {
    const guid = guidOf(node, atom);
    if (guid === undefined) continue;
    if (seenGuids.has(guid)) repeatedGuids.add(guid);
    seenGuids.add(guid);
  }
  const items = nodes.map((n) => normalizeItem(n, { ...ctx, repeatedGuids }));
  return { meta, items };
}
