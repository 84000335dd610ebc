// The rendered edition and its slots: what renderDigest returns, split once into literals and slot names so
// that each subscriber's copy (personalize) and the public page (publicEdition) are a join of strings.

import { TallyError } from '../core/errors.js';
import type { RenderedEdition } from '../core/model.js';
import { compact } from './html.js';
import { cleanText, splitSlots } from './template.js';

export type { RenderedEdition } from '../core/model.js';

const MAX_URL = 1_000;

interface SplitEdition {
  html: string;
  text: string;
  htmlParts: { literals: string[]; slots: string[] };
  textParts: { literals: string[]; slots: string[] };
}

const splitCache = new WeakMap<RenderedEdition, SplitEdition>();

/** The edition's parts, split on first use and kept while the edition's HTML and text stay the same. */
export function splitEdition(edition: RenderedEdition): SplitEdition {
  const cached = splitCache.get(edition);
  if (cached !== undefined && cached.html === edition.html && cached.text === edition.text) return cached;
  const split = {
    html: edition.html,
    text: edition.text,
    htmlParts: splitSlots(compact(edition.html)),
    textParts: splitSlots(edition.text),
  };
  splitCache.set(edition, split);
  return split;
}

/** Joins literals and slot values; Array#join yields a flat string, so the caller never pays for a rope. */
export function join(parts: { literals: string[]; slots: string[] }, values: Record<string, string>): string {
  const pieces: string[] = new Array(parts.literals.length + parts.slots.length);
  pieces[0] = parts.literals[0] ?? '';
  for (let i = 0; i < parts.slots.length; i += 1) {
    pieces[2 * i + 1] = values[parts.slots[i] ?? ''] ?? '';
    pieces[2 * i + 2] = parts.literals[i + 1] ?? '';
  }
  return pieces.join('');
}

export function linkOrThrow(value: string, what: string): string {
  const url = cleanText(value).trim();
  if (!/^https?:\/\/[^\s<>"']+$/i.test(url) || url.length > MAX_URL) {
    throw new TallyError(
      'INPUT_INVALID',
      `render: ${what} must be an http(s) URL of at most ${MAX_URL} characters`,
    );
  }
  return url;
}
