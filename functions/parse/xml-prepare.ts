// Makes untrusted XML safe and well-formed enough for the XML parser before it sees a byte of it:
// refuses entity declarations (XXE, "billion laughs") and deep nesting, drops the DOCTYPE, repairs stray "&" and
// HTML-only named entities, and turns markup inside text constructs (Atom xhtml, inline HTML in RSS) into text.
import { parseHTML } from 'linkedom';
import { FeedError } from '../core/errors.js';
import { escapeHtml } from './xml-tree.js';

/** Deeper than any real feed; a parser or DOM walk recursing this far is still far from the stack limit. */
export const MAX_XML_DEPTH = 256;

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** Elements whose content is text or HTML; child elements inside them are markup, kept as a string. */
const TEXT_CONSTRUCTS = new Set([
  'title',
  'subtitle',
  'summary',
  'content',
  'rights',
  'tagline',
  'info',
  'copyright',
  'description',
  'encoded',
  'body',
]);
const NON_TEXT_PREFIXES = new Set(['media', 'itunes', 'googleplay', 'podcast', 'psc', 'georss', 'gml']);

const entityCache = new Map<string, string | null>();

/** The text of an HTML named entity ("rdquo" → "”"), or null when HTML does not know it. */
function decodeHtmlEntity(name: string): string | null {
  const cached = entityCache.get(name);
  if (cached !== undefined) return cached;
  const { document } = parseHTML(`<!doctype html><html><body><p>&${name};</p></body></html>`);
  const text = document.body?.textContent ?? '';
  const value = text === `&${name};` || text === '' ? null : text;
  if (entityCache.size < 4096) entityCache.set(name, value);
  return value;
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

function numericRefs(text: string): string {
  let out = '';
  for (const ch of text) out += `&#${ch.codePointAt(0)};`;
  return out;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML forbids, removed on purpose
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Repairs character data: stray "&", HTML entities XML does not define, characters XML forbids. */
export function repairText(text: string): string {
  return text
    .replace(FORBIDDEN_CHARS, '')
    .replace(/&(#[0-9]{1,8};|#[xX][0-9a-fA-F]{1,8};|[A-Za-z][A-Za-z0-9]{0,31};)?/g, (_m, ref?: string) => {
      if (ref === undefined) return '&amp;';
      if (ref.startsWith('#')) {
        const code =
          ref[1] === 'x' || ref[1] === 'X'
            ? Number.parseInt(ref.slice(2), 16)
            : Number.parseInt(ref.slice(1), 10);
        return isXmlChar(code) ? `&${ref}` : '&#65533;';
      }
      const name = ref.slice(0, -1);
      if (XML_ENTITIES.has(name)) return `&${ref}`;
      const decoded = decodeHtmlEntity(name);
      return decoded === null ? `&amp;${ref}` : numericRefs(decoded);
    });
}

function localName(name: string): { prefix: string; local: string } {
  const colon = name.indexOf(':');
  return colon < 0
    ? { prefix: '', local: name.toLowerCase() }
    : { prefix: name.slice(0, colon).toLowerCase(), local: name.slice(colon + 1).toLowerCase() };
}

function invalid(message: string): FeedError {
  return new FeedError('FEED_INVALID', `parse: ${message}`);
}

/** End index (exclusive) of a tag starting at `start` ("<"), honouring quoted attribute values; -1 if none. */
function tagEnd(s: string, start: number): number {
  let quote = '';
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
    else if (c === '<') return -1;
  }
  return -1;
}

function tagName(tag: string, offset: number): string {
  const m = /^[^\s/>]+/.exec(tag.slice(offset));
  return m ? m[0] : '';
}

/** The inner markup of a text construct as one CDATA section holding HTML. */
function markupAsCdata(inner: string): string {
  let html = '';
  let pos = 0;
  while (pos < inner.length) {
    const cdata = inner.indexOf('<![CDATA[', pos);
    const comment = inner.indexOf('<!--', pos);
    const next = [cdata, comment].filter((i) => i >= 0).sort((a, b) => a - b)[0];
    if (next === undefined) {
      html += repairText(inner.slice(pos));
      break;
    }
    html += repairText(inner.slice(pos, next));
    if (next === cdata) {
      const end = inner.indexOf(']]>', next + 9);
      const stop = end < 0 ? inner.length : end;
      html += escapeHtml(inner.slice(next + 9, stop));
      pos = end < 0 ? inner.length : end + 3;
    } else {
      const end = inner.indexOf('-->', next + 4);
      pos = end < 0 ? inner.length : end + 3;
    }
  }
  return `<![CDATA[${html.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** The close tag matching an element named `name` whose content starts at `from` (XML names are case-sensitive). */
function findClose(s: string, name: string, from: number): { start: number; end: number } | undefined {
  let depth = 1;
  let pos = from;
  while (pos < s.length) {
    const lt = s.indexOf('<', pos);
    if (lt < 0) return undefined;
    if (s.startsWith('<![CDATA[', lt)) {
      const end = s.indexOf(']]>', lt);
      if (end < 0) return undefined;
      pos = end + 3;
      continue;
    }
    if (s.startsWith('<!--', lt)) {
      const end = s.indexOf('-->', lt);
      if (end < 0) return undefined;
      pos = end + 3;
      continue;
    }
    const closing = s[lt + 1] === '/';
    const nameStart = closing ? lt + 2 : lt + 1;
    const after = s[nameStart + name.length];
    if (
      s.startsWith(name, nameStart) &&
      (after === '>' || after === '/' || after === ' ' || after === '\t' || after === '\n' || after === '\r')
    ) {
      const end = tagEnd(s, lt);
      if (end < 0) return undefined;
      if (closing) {
        depth -= 1;
        if (depth === 0) return { start: lt, end };
      } else if (s[end - 2] !== '/') depth += 1;
      pos = end;
      continue;
    }
    pos = lt + 1;
  }
  return undefined;
}

/**
 * Prepares a feed document for the XML parser (textConstructs: false leaves markup in text elements alone,
 * for documents that are not feeds, such as OPML). Throws FeedError FEED_INVALID for entity declarations,
 * nesting deeper than MAX_XML_DEPTH, or a document with no element at all.
 */
export function prepareXml(xml: string, options: { textConstructs?: boolean } = {}): string {
  const wrapTextConstructs = options.textConstructs ?? true;
  const s = xml;
  const out: string[] = [];
  const open: string[] = [];
  let elements = 0;
  let declared = false;
  /** Text constructs whose close tag was not found: not searched again (keeps the pass linear). */
  const unclosed = new Set<string>();
  let pos = 0;
  while (pos < s.length) {
    const lt = s.indexOf('<', pos);
    if (lt < 0) {
      out.push(repairText(s.slice(pos)));
      break;
    }
    if (lt > pos) out.push(repairText(s.slice(pos, lt)));
    pos = lt;

    if (s.startsWith('<!--', lt)) {
      const end = s.indexOf('-->', lt + 4);
      pos = end < 0 ? s.length : end + 3;
      continue; // comments carry nothing we read
    }
    if (s.startsWith('<![CDATA[', lt)) {
      const end = s.indexOf(']]>', lt + 9);
      if (end < 0) {
        out.push(`<![CDATA[${s.slice(lt + 9)}]]>`);
        pos = s.length;
      } else {
        out.push(s.slice(lt, end + 3));
        pos = end + 3;
      }
      continue;
    }
    if (/^<!DOCTYPE/i.test(s.slice(lt, lt + 9))) {
      const bracket = s.indexOf('[', lt);
      const gt = s.indexOf('>', lt);
      let end = gt;
      if (bracket >= 0 && (gt < 0 || bracket < gt)) {
        const close = s.indexOf(']', bracket);
        const subset = s.slice(bracket, close < 0 ? s.length : close);
        if (/<!ENTITY/i.test(subset)) {
          throw invalid('document declares XML entities (refused: entity expansion and external entities)');
        }
        end = close < 0 ? -1 : s.indexOf('>', close);
      }
      if (/<!ENTITY/i.test(s.slice(lt, end < 0 ? s.length : end))) {
        throw invalid('document declares XML entities (refused: entity expansion and external entities)');
      }
      pos = end < 0 ? s.length : end + 1;
      continue; // the DOCTYPE is dropped: nothing in a feed needs it
    }
    if (s.startsWith('<!', lt)) {
      if (/^<!ENTITY/i.test(s.slice(lt, lt + 8))) {
        throw invalid('document declares XML entities (refused: entity expansion and external entities)');
      }
      const end = s.indexOf('>', lt);
      pos = end < 0 ? s.length : end + 1;
      continue;
    }
    if (s.startsWith('<?', lt)) {
      const end = s.indexOf('?>', lt + 2);
      const stop = end < 0 ? s.length : end + 2;
      // Only the XML declaration is kept; stylesheet and other instructions are dropped.
      if (elements === 0 && !declared && /^<\?xml\s/.test(s.slice(lt, lt + 6))) {
        declared = true;
        out.length = 0; // whitespace or junk before the declaration would make it ill-formed
        out.push(s.slice(lt, stop));
      }
      pos = stop;
      continue;
    }
    const closing = s[lt + 1] === '/';
    const nameStart = closing ? lt + 2 : lt + 1;
    if (!/[A-Za-z_:]/.test(s[nameStart] ?? '')) {
      out.push('&lt;');
      pos = lt + 1;
      continue;
    }
    const end = tagEnd(s, lt);
    if (end < 0) {
      // A truncated close tag at the very end ("</rss") is dropped: the open elements are closed below.
      if (closing && s.indexOf('<', lt + 1) < 0) break;
      out.push('&lt;');
      pos = lt + 1;
      continue;
    }
    const tag = s.slice(lt, end);
    const name = tagName(tag, closing ? 2 : 1);
    if (closing) {
      const index = open.lastIndexOf(name);
      if (index >= 0) open.length = index;
      out.push(tag);
      pos = end;
      continue;
    }
    elements += 1;
    const selfClosing = tag.endsWith('/>');
    const repairedTag = repairText(tag);
    if (selfClosing) {
      out.push(repairedTag);
      pos = end;
      continue;
    }
    const { prefix, local } = localName(name);
    if (
      wrapTextConstructs &&
      TEXT_CONSTRUCTS.has(local) &&
      !NON_TEXT_PREFIXES.has(prefix) &&
      !unclosed.has(name)
    ) {
      const close = findClose(s, name, end);
      if (!close) unclosed.add(name);
      if (close) {
        const inner = s.slice(end, close.start);
        if (/<[A-Za-z]/.test(inner.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ''))) {
          checkDepth(inner, open.length + 1);
          out.push(repairedTag, markupAsCdata(inner), s.slice(close.start, close.end));
          pos = close.end;
          continue;
        }
      }
    }
    open.push(name);
    if (open.length > MAX_XML_DEPTH) throw invalid(`elements nested deeper than ${MAX_XML_DEPTH} levels`);
    out.push(repairedTag);
    pos = end;
  }
  if (elements === 0) throw invalid('document has no XML element');
  // A truncated document (a cut connection, a missing "</rss>") keeps what it has: open elements are closed.
  for (let i = open.length - 1; i >= 0; i--) out.push(`</${open[i]}>`);
  return out.join('');
}

/** Counts element depth inside markup that is about to become text (it is parsed again as HTML later). */
function checkDepth(markup: string, base: number): void {
  let depth = base;
  const voids = /^(br|img|hr|input|meta|link|area|base|col|embed|param|source|track|wbr|p|li)$/i;
  const re = /<(\/?)([A-Za-z][^\s/>]*)[^>]*?(\/?)>/g;
  for (let m = re.exec(markup); m !== null; m = re.exec(markup)) {
    if (m[1] === '/') {
      if (!voids.test(m[2] ?? '')) depth -= 1;
    } else if (m[3] !== '/' && !voids.test(m[2] ?? '')) {
      depth += 1;
      if (depth > MAX_XML_DEPTH * 4) throw invalid(`markup nested deeper than ${MAX_XML_DEPTH * 4} levels`);
    }
  }
}
