// Clean stage: item HTML made safe for an email body (allow list, no scripts, frames, forms, event handlers,
// javascript:/data: URLs, positioning styles or tracking pixels) and the readable plain text derived from it.
import { Parser } from 'htmlparser2';
import { parseHTML } from 'linkedom';
import sanitize from 'sanitize-html';
import type { FeedItem } from '../core/model.js';

const ALLOWED_TAGS = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'caption',
  'cite',
  'code',
  'dd',
  'del',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'time',
  'tr',
  'u',
  'ul',
];

/** Elements dropped together with everything inside them. */
const DROP_WITH_CONTENT = [
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'embed',
  'applet',
  'noscript',
  'template',
  'svg',
  'math',
  'textarea',
  'select',
  'option',
  'button',
  'title',
  'head',
  'audio',
  'video',
  'canvas',
  'noembed',
  'noframes',
  'xmp',
  'plaintext',
];

/** Hosts of ad and analytics services whose images are beacons, never content. */
const TRACKER_HOST =
  /(?:^|\.)(?:doubleclick\.net|feedsportal\.com|google-analytics\.com|scorecardresearch\.com|quantserve\.com|pixel\.wp\.com|stats\.wordpress\.com|feeds\.feedburner\.com|feedproxy\.google\.com)$|^(?:pixel|pixels|tracking|tracker|beacon|analytics|stats)\./i;
/** Paths of feed-click and open beacons. */
const TRACKER_PATH =
  /\/~r\/|\/~ff\/|\/~4\/|\/pixel(?:\.gif|\.png)?$|\/beacon|\/open\.gif$|\/track(?:ing)?\//i;

function absolute(url: string, baseUrl: string | undefined): string | undefined {
  try {
    const resolved = baseUrl === undefined ? new URL(url) : new URL(url, baseUrl);
    return resolved.href;
  } catch {
    return undefined;
  }
}

function isTrackingPixel(attribs: Record<string, string>): boolean {
  const width = Number.parseInt(attribs.width ?? '', 10);
  const height = Number.parseInt(attribs.height ?? '', 10);
  if ((Number.isFinite(width) && width <= 2) || (Number.isFinite(height) && height <= 2)) return true;
  try {
    const src = new URL(attribs.src ?? '');
    return TRACKER_HOST.test(src.hostname) || TRACKER_PATH.test(src.pathname);
  } catch {
    return false;
  }
}

/** HTML safe for an email body. Relative links and images resolve against baseUrl (dropped without one). */
export function sanitizeHtml(html: string, baseUrl?: string): string {
  return sanitize(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
      abbr: ['title'],
      time: ['datetime'],
      ol: ['start'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    allowedStyles: {},
    disallowedTagsMode: 'discard',
    nonTextTags: DROP_WITH_CONTENT,
    transformTags: {
      a: (tagName, attribs) => {
        const href = attribs.href === undefined ? undefined : absolute(attribs.href.trim(), baseUrl);
        const out: Record<string, string> = {};
        if (href !== undefined && /^(https?|mailto):/i.test(href)) out.href = href;
        if (attribs.title !== undefined) out.title = attribs.title;
        return { tagName, attribs: out };
      },
      img: (tagName, attribs) => {
        const src = attribs.src === undefined ? undefined : absolute(attribs.src.trim(), baseUrl);
        const out: Record<string, string> = { ...attribs };
        if (src !== undefined && /^https?:/i.test(src)) out.src = src;
        else delete out.src;
        return { tagName, attribs: out };
      },
    },
    exclusiveFilter: (frame) =>
      frame.tag === 'img' && (frame.attribs.src === undefined || isTrackingPixel(frame.attribs)),
  });
}

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tr',
  'ul',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'iframe', 'svg', 'math']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/** Elements that end a line but do not start a paragraph. */
const LINE = new Set(['br', 'li', 'tr', 'dt', 'dd', 'figcaption', 'caption']);

/**
 * Markup that could change where the document's body is (its own html, head or body tags): the streaming walk
 * below assumes the body is the wrapper's, so such input takes the DOM walk.
 */
const DOCUMENT_TAGS = /<\/?(?:html|head|body)\b/i;

/** Readable plain text of an HTML fragment: paragraphs apart by a blank line, list items and <br> by a newline. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return collapse(html);
  return collapse(DOCUMENT_TAGS.test(html) ? domText(html) : streamText(html));
}

/**
 * The text of the body, from htmlparser2's events without building a DOM: the same parser, options and input as
 * linkedom's parseHTML, so the events are those linkedom builds its tree from (one element per open tag, the
 * parent again at each close tag), and the output is domText's, in the same order, at a third of the cost.
 */
function streamText(html: string): string {
  const parts: string[] = [];
  /** Open elements below the document: [html, body, …] while in the body. */
  let depth = 0;
  let inBody = false;
  /** Depth of the SKIP element whose content is being left out; 0 when none. */
  let skipping = 0;
  let cdata = false;
  const parser = new Parser(
    {
      onopentag(name) {
        depth++;
        if (!inBody) {
          if (depth === 2 && name === 'body') inBody = true;
          return;
        }
        if (skipping > 0) return;
        if (SKIP.has(name)) skipping = depth;
        else if (LINE.has(name)) parts.push('\n');
        else if (BLOCK.has(name)) parts.push('\n\n');
      },
      onclosetag(name) {
        if (inBody) {
          if (depth === 2) inBody = false;
          else if (skipping === depth) skipping = 0;
          else if (skipping === 0 && !LINE.has(name) && BLOCK.has(name)) parts.push('\n\n');
        }
        depth--;
      },
      ontext(text) {
        if (inBody && skipping === 0 && !cdata) parts.push(text);
      },
      oncdatastart() {
        cdata = true;
      },
      oncdataend() {
        cdata = false;
      },
    },
    { lowerCaseAttributeNames: false, decodeEntities: true, xmlMode: false },
  );
  parser.write(`<!doctype html><html><head></head><body>${html}</body></html>`);
  parser.end();
  return parts.join('');
}

/** The text of the body of linkedom's DOM: depth-first, blocks apart by blank lines. */
function domText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  const parts: string[] = [];
  // Iterative walk: hostile markup may nest deeper than the call stack allows.
  const stack: Array<DomNode | string> = [document.body as unknown as DomNode];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    if (typeof node === 'string') {
      parts.push(node);
      continue;
    }
    if (node.nodeType === 3) {
      parts.push(node.textContent ?? '');
      continue;
    }
    if (node.nodeType !== 1) continue;
    const name = node.nodeName.toLowerCase();
    if (SKIP.has(name)) continue;
    if (LINE.has(name)) parts.push('\n');
    else if (BLOCK.has(name)) {
      parts.push('\n\n');
      stack.push('\n\n');
    }
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child !== undefined) stack.push(child);
    }
  }
  return parts.join('');
}

function collapse(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\t\f\v \u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The item with its HTML sanitized for email and `text` filled with the readable plain text. */
export function cleanItem(item: FeedItem): FeedItem {
  if (item.html === undefined) return { ...item, text: collapse(item.text) };
  const html = sanitizeHtml(item.html, item.url);
  const text = htmlToText(html);
  const cleaned: FeedItem = { ...item, text };
  if (html.trim() === '') delete cleaned.html;
  else cleaned.html = html;
  return cleaned;
}
