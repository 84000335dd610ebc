// Readable plain text of an HTML fragment, shared by parse (titles and summaries from HTML) and clean (an
// item's text): one module both import, so parse never depends on the later clean stage.
import { Parser } from 'htmlparser2';
import { parseHTML } from 'linkedom';

const BLOCK = new Set(
  (
    'address article aside blockquote br caption dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 ' +
    'header hr li main nav ol p pre section table tr ul'
  ).split(' '),
);
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
  if (!/[<&]/.test(html)) return collapseText(html);
  return collapseText(DOCUMENT_TAGS.test(html) ? domText(html) : streamText(html));
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

/** Line ends unified, runs of blanks made one space, at most one blank line in a row, trimmed. */
export function collapseText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\t\f\v \u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
