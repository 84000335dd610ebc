// Shared pieces of the corpus tests: where ../shared is, how feedparser's files state their expectations, and
// a DOM check for constructs that must never survive the sanitizer.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = resolve(repoRoot, '..', 'shared');
export const feedparserDir = join(sharedDir, 'corpora', 'feedparser');
export const sampleFeedsDir = join(sharedDir, 'corpora', 'sample-feeds');

export function hasDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

export function listFiles(dir: string, accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (accept(name)) out.push(path);
    }
  };
  walk(dir);
  return out;
}

/** The header block of a feedparser test file: description, expectation, HTTP headers. */
export interface CorpusHeader {
  expect?: string;
  headers: Record<string, string>;
}

export function readHeader(text: string): CorpusHeader {
  const headers: Record<string, string> = {};
  const comment = /<!--([\s\S]*?)-->/.exec(text.slice(0, 4000))?.[1] ?? text.slice(0, 2000);
  for (const match of comment.matchAll(/^\s*Header:\s*([^:\s]+):\s*(.*?)\s*$/gm)) {
    if (match[1] && match[2] !== undefined) headers[match[1].toLowerCase()] = match[2];
  }
  const expect = /Expect:\s*(.*?)\s*(?:-->|$)/m.exec(comment)?.[1];
  return expect === undefined ? { headers } : { expect, headers };
}

/** Decodes a Python string literal body ('\u201d', '\xe0', '\n', "\'") into its JavaScript string. */
export function pythonString(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[nrt'"\\])/g, (_m, esc: string) => {
    if (esc[0] === 'u' || esc[0] === 'U' || esc[0] === 'x')
      return String.fromCodePoint(Number.parseInt(esc.slice(1), 16));
    return { n: '\n', r: '\r', t: '\t', "'": "'", '"': '"', '\\': '\\' }[esc] ?? esc;
  });
}

/**
 * Title expectations of the simple shapes `feed['title'] == '...'` and `entries[N]['title'] == '...'`
 * (also `feed.title`), grouped by target; a target with several literals ("… or …") accepts any of them.
 * Literals built by concatenation ('a' + 'b') are joined.
 */
export function titleExpectations(expect: string): Map<string, string[]> {
  return fieldExpectations(expect, 'title');
}

/** The same shapes for another top-level field of the feed or an entry ('title', 'link'). */
export function fieldExpectations(expect: string, field: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const literal = String.raw`u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")(?:\s*\+\s*u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"))*`;
  const re = new RegExp(
    String.raw`(?<![\w\]])(feed|entries\[(\d+)\])(?:\['${field}'\]|\.${field})\s*==\s*(${literal})`,
    'g',
  );
  for (const m of expect.matchAll(re)) {
    const target = m[1] === 'feed' ? 'feed' : `entries[${m[2]}]`;
    const value = [...(m[3] ?? '').matchAll(/u?'((?:[^'\\]|\\.)*)'|u?"((?:[^"\\]|\\.)*)"/g)]
      .map((part) => pythonString(part[1] ?? part[2] ?? ''))
      .join('');
    const list = out.get(target) ?? [];
    list.push(value);
    out.set(target, list);
  }
  return out;
}

const FORBIDDEN_ELEMENTS = new Set([
  'script',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'base',
  'meta',
  'link',
  'style',
  'svg',
  'math',
  'video',
  'audio',
  'xml',
  'bgsound',
  'layer',
  'ilayer',
]);
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'background',
  'poster',
  'dynsrc',
  'lowsrc',
  'xlink:href',
  'data',
  'codebase',
  'cite',
  'longdesc',
  'usemap',
  'srcset',
]);

/** Dangerous constructs in sanitized HTML: forbidden elements, event handlers, style, non-http(s) URLs. */
export function dangerousConstructs(html: string): string[] {
  const found: string[] = [];
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  for (const element of document.querySelectorAll('*')) {
    const name = element.tagName.toLowerCase();
    if (name === 'html' || name === 'head' || name === 'body') continue;
    if (FORBIDDEN_ELEMENTS.has(name)) found.push(`<${name}>`);
    for (const attr of element.attributes) {
      const attrName = attr.name.toLowerCase();
      if (attrName.startsWith('on')) found.push(`${name}[${attrName}]`);
      if (attrName === 'style') found.push(`${name}[style]`);
      if (URL_ATTRIBUTES.has(attrName)) {
        // Browsers ignore whitespace and control characters inside a scheme: "java\tscript:".
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the check is about
        const value = attr.value.replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();
        const scheme = /^([a-z][a-z0-9+.-]*):/.exec(value)?.[1];
        if (scheme !== undefined && scheme !== 'http' && scheme !== 'https' && scheme !== 'mailto') {
          found.push(`${name}[${attrName}=${scheme}:]`);
        }
      }
    }
  }
  return found;
}
