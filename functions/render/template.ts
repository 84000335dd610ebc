// The compiled-template format and its fill: literal HTML from MJML with escaped variables, repeated blocks
// and per-subscriber slots. Filling is string work only; every value goes through escapeMailHtml.
import { TallyError } from '../core/errors.js';
import { escapeMailHtml } from '../core/escape.js';

// render/index.ts and text.ts take cleanText from here, beside the rest of the mail text helpers.
export { cleanText } from '../core/escape.js';

/** A literal, an escaped variable, a repeated block, or a per-subscriber slot left for personalize(). */
export type Part = string | { v: string } | { b: string } | { s: string };

export interface Template {
  parts: Part[];
  blocks: Record<string, Template>;
}

export interface CompiledTemplates {
  version: 1;
  /** Root templates by name (digest, confirm) and the slot templates each declares. */
  templates: Record<string, { root: Template; slots: Record<string, Template> }>;
}

/**
 * Per-subscriber slots live in the HTML/text as SLOT_OPEN + name + SLOT_CLOSE until personalize() fills them.
 * Control characters: feed text can never carry them (cleanText strips them), and being ASCII they keep
 * the HTML a one-byte string, which V8 copies and encodes faster than a two-byte one.
 */
export const SLOT_OPEN = '\u0001';
export const SLOT_CLOSE = '\u0002';

const NON_ASCII = /[\u0080-\u{10ffff}]/gu;

/** Non-ASCII as numeric references: the HTML stays 7-bit whatever the mail path does to it. */
export function asciiHtml(value: string): string {
  return value.replace(NON_ASCII, (ch) => `&#${ch.codePointAt(0)};`);
}

/** A pre-filled fragment: lets callers measure blocks before assembling them. */
export class Fragment {
  constructor(readonly html: string) {}
}

export interface Context {
  [name: string]: string | number | Context[] | Fragment[] | undefined;
}

export function slotMarker(name: string): string {
  return `${SLOT_OPEN}${name}${SLOT_CLOSE}`;
}

/** Fills a template. A missing variable or block is a bug in the caller, so it throws. */
export function fill(template: Template, context: Context, where = 'template'): string {
  let out = '';
  for (const part of template.parts) {
    if (typeof part === 'string') {
      out += part;
    } else if ('v' in part) {
      const value = context[part.v];
      if (typeof value === 'string') out += escapeMailHtml(value);
      else if (typeof value === 'number') out += escapeMailHtml(String(value));
      else throw new TallyError('TEMPLATE_INVALID', `render: ${where} needs a value for {{${part.v}}}`);
    } else if ('b' in part) {
      const items = context[part.b];
      const block = template.blocks[part.b];
      if (block === undefined)
        throw new TallyError('TEMPLATE_INVALID', `render: ${where} has no block ${part.b}`);
      if (items === undefined) continue;
      if (!Array.isArray(items)) {
        throw new TallyError('TEMPLATE_INVALID', `render: ${where} block {{#${part.b}}} needs a list`);
      }
      for (const item of items) {
        out += item instanceof Fragment ? item.html : fill(block, item, `${where}.${part.b}`);
      }
    } else {
      out += slotMarker(part.s);
    }
  }
  return out;
}

/** Splits a string at its slot markers once, so each personalization is a join. */
export function splitSlots(value: string): { literals: string[]; slots: string[] } {
  const literals: string[] = [];
  const slots: string[] = [];
  let at = 0;
  for (;;) {
    const open = value.indexOf(SLOT_OPEN, at);
    if (open < 0) break;
    const close = value.indexOf(SLOT_CLOSE, open + 1);
    if (close < 0) break;
    literals.push(value.slice(at, open));
    slots.push(value.slice(open + 1, close));
    at = close + 1;
  }
  literals.push(value.slice(at));
  return { literals, slots };
}

function isTemplate(value: unknown): value is Template {
  if (typeof value !== 'object' || value === null) return false;
  const { parts, blocks } = value as { parts?: unknown; blocks?: unknown };
  if (!Array.isArray(parts) || typeof blocks !== 'object' || blocks === null) return false;
  const partsOk = parts.every(
    (part) =>
      typeof part === 'string' ||
      (typeof part === 'object' &&
        part !== null &&
        Object.keys(part).length === 1 &&
        ['v', 'b', 's'].some((key) => typeof (part as Record<string, unknown>)[key] === 'string')),
  );
  return partsOk && Object.values(blocks).every(isTemplate);
}

/** Validates the generated module's default export. */
export function asCompiledTemplates(value: unknown): CompiledTemplates | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { version, templates } = value as { version?: unknown; templates?: unknown };
  if (version !== 1 || typeof templates !== 'object' || templates === null) return undefined;
  for (const entry of Object.values(templates)) {
    if (typeof entry !== 'object' || entry === null) return undefined;
    const { root, slots } = entry as { root?: unknown; slots?: unknown };
    if (!isTemplate(root) || typeof slots !== 'object' || slots === null) return undefined;
    if (!Object.values(slots).every(isTemplate)) return undefined;
  }
  return value as CompiledTemplates;
}

const TOKEN = /\{\{([#/]?)(@?)([A-Za-z][A-Za-z0-9]*)\}\}/g;

/**
 * Build time: turns compiled MJML output with {{var}}, {{#block}}…{{/block}} and {{#@slot}}…{{/@slot}} into a
 * template. Slot bodies become templates of their own (filled by personalize); the root keeps a marker.
 * Braces that are not a well-formed token are an error, so a typo never reaches a reader.
 */
export function parseTemplate(
  source: string,
  name = 'template',
): { root: Template; slots: Record<string, Template> } {
  const slots: Record<string, Template> = {};
  const root: Template = { parts: [], blocks: {} };
  const stack: Array<{ template: Template; name: string; slot: boolean }> = [
    { template: root, name, slot: false },
  ];
  let at = 0;
  const pushLiteral = (text: string) => {
    if (text.includes('{{') || text.includes('}}')) {
      throw new TallyError(
        'TEMPLATE_INVALID',
        `templates: ${name} has a malformed token near "${text.slice(0, 60)}"`,
      );
    }
    if (text === '') return;
    const top = stack[stack.length - 1];
    if (top === undefined) return;
    const parts = top.template.parts;
    const last = parts[parts.length - 1];
    if (typeof last === 'string') parts[parts.length - 1] = last + text;
    else parts.push(text);
  };
  for (const match of source.matchAll(TOKEN)) {
    pushLiteral(source.slice(at, match.index));
    at = match.index + match[0].length;
    const [, sigil, slot, id = ''] = match;
    const top = stack[stack.length - 1];
    if (top === undefined) break;
    if (sigil === '#') {
      const template: Template = { parts: [], blocks: {} };
      if (slot === '@') {
        if (stack.length > 1)
          throw new TallyError('TEMPLATE_INVALID', `templates: ${name} nests slot @${id} in a block`);
        if (slots[id] !== undefined)
          throw new TallyError('TEMPLATE_INVALID', `templates: ${name} repeats slot @${id}`);
        slots[id] = template;
        top.template.parts.push({ s: id });
      } else {
        if (top.template.blocks[id] !== undefined) {
          throw new TallyError('TEMPLATE_INVALID', `templates: ${name} repeats block ${id} in one scope`);
        }
        top.template.blocks[id] = template;
        top.template.parts.push({ b: id });
      }
      stack.push({ template, name: id, slot: slot === '@' });
    } else if (sigil === '/') {
      if (stack.length === 1 || top.name !== id || top.slot !== (slot === '@')) {
        throw new TallyError(
          'TEMPLATE_INVALID',
          `templates: ${name} closes ${slot}${id} but ${top.name} is open`,
        );
      }
      stack.pop();
    } else {
      if (slot === '@')
        throw new TallyError('TEMPLATE_INVALID', `templates: ${name} uses {{@${id}}}; slots are blocks`);
      top.template.parts.push({ v: id });
    }
  }
  pushLiteral(source.slice(at));
  if (stack.length > 1) {
    throw new TallyError(
      'TEMPLATE_INVALID',
      `templates: ${name} leaves {{#${stack[stack.length - 1]?.name}}} open`,
    );
  }
  return { root, slots };
}
