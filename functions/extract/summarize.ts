// summarizeStory: two or three sentences lifted from the story that carry its top figures.
// Extractive only, so every number it states is in the source.

import type { KeyFigure } from '../core/model.js';
import { KEY_FIGURE_KINDS } from './key-figure.js';
import { splitSentences } from './tokens.js';

export interface SummarizeInput {
  title: string;
  text: string;
  figures: KeyFigure[];
  maxSentences?: number;
}

const KEY = new Set(KEY_FIGURE_KINDS);
const FURNITURE =
  /\||\bPhoto by\b|License Photo|\bFile photo\b|^\s*(Advertisement|Read more|Click here|Sign up)\b/iu;
const STOP = new Set(
  'the a an of to in on and or for with at by from is are was were be has have had it its'.split(' '),
);

function words(s: string): Set<string> {
  const out = new Set<string>();
  for (const w of s.toLowerCase().match(/\p{L}+/gu) ?? []) if (!STOP.has(w) && w.length > 2) out.add(w);
  return out;
}

/** 2–3 sentences of `text` (default 3) in source order, chosen to contain the top figures. */
export function summarizeStory(input: SummarizeInput): string {
  const max = Math.max(1, Math.min(input.maxSentences ?? 3, 5));
  const sentences = splitSentences(input.text).filter((s) => s.text.length >= 15 && !FURNITURE.test(s.text));
  if (sentences.length === 0) {
    const all = splitSentences(input.text);
    return all
      .slice(0, Math.min(max, 2))
      .map((s) => s.text)
      .join(' ');
  }
  const key = input.figures.filter((f) => KEY.has(f.kind));
  // The sentence of each figure, by binary search over sentence starts.
  const sentenceOf = (f: KeyFigure): number => {
    let lo = 0;
    let hi = sentences.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = sentences[mid];
      if (!s) break;
      if (f.end <= s.start) hi = mid - 1;
      else if (f.start >= s.end) lo = mid + 1;
      else return f.start >= s.start && f.end <= s.end ? mid : -1;
    }
    return -1;
  };
  const valueKey = (f: KeyFigure): string => `${f.kind}|${f.value}|${f.low}|${f.high}`;

  const chosen = new Set<number>();
  const stated = new Set<string>();
  // First the sentences holding the top figures, in rank order; a figure already stated in a chosen
  // sentence does not need a second one.
  for (const f of key) {
    if (chosen.size >= max) break;
    const i = sentenceOf(f);
    if (i < 0 || chosen.has(i) || stated.has(valueKey(f))) continue;
    chosen.add(i);
    for (const g of key) if (sentenceOf(g) === i) stated.add(valueKey(g));
  }
  // Then, until there are two at least, the best remaining sentences: the lead and the title's words.
  if (chosen.size < Math.min(max, 2)) {
    const titleWords = words(input.title);
    const score = sentences.map((s, i) => {
      let v = Math.max(0, 1.5 - 0.3 * i);
      let overlap = 0;
      for (const x of words(s.text)) if (titleWords.has(x)) overlap++;
      v += Math.min(2, overlap * 0.4);
      if (s.text.length > 400) v -= 1;
      if (/^["“]/u.test(s.text)) v -= 0.5;
      return v;
    });
    const order = sentences.map((_, i) => i).sort((a, b) => (score[b] ?? 0) - (score[a] ?? 0) || a - b);
    for (const i of order) {
      if (chosen.size >= Math.min(max, 2)) break;
      chosen.add(i);
    }
  }
  return [...chosen]
    .sort((a, b) => a - b)
    .map((i) => stripDateline(sentences[i]?.text ?? ''))
    .join(' ');
}

/** "SEOUL, March 5 (UPI) -- North Korea …" → "North Korea …": the dateline is furniture in a digest. */
const DATELINE = /^[\p{Lu}][\p{Lu} ./'’-]{1,40}(?:,[^()]{0,30})?\s*\([^)]{1,40}\)\s*[-–—]{1,2}\s*/u;
function stripDateline(sentence: string): string {
  const stripped = sentence.replace(DATELINE, '');
  return stripped.length >= 15 ? stripped : sentence;
}
