// Who said a figure (attribution) and what it refers to (concepts), read from the tokens of its sentence.

import {
  DOWN_WORDS,
  MONTHS,
  ONES,
  PHRASE_STOPS,
  SPEECH_VERBS,
  TENS,
  UNITS,
  UP_WORDS,
  WEEKDAYS,
} from './lexicon.js';
import type { Token } from './tokens.js';

const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'i', 'we', 'you', 'who', 'which', 'that', 'this']);
const LEADING_DROPS = new Set(['a', 'an', 'the', 'and', 'but', 'as', 'so', 'while', 'also']);
const BOUNDARY = new Set([',', ';', ':', '"', '“', '”', '(', ')', '—', '–', '|']);
const ATTR_STOP_AFTER = new Set([
  'on',
  'in',
  'at',
  'that',
  'last',
  'this',
  'earlier',
  'later',
  'today',
  'yesterday',
]);

export interface Attribution {
  source: string;
  pronoun: boolean;
  /** The verb was "quoted"/"cited": the speaker relays someone else's figures. */
  relayed: boolean;
}

function joinTokens(T: Token[], a: number, b: number): string {
  let s = '';
  for (let k = a; k < b; k++) {
    const t = T[k];
    if (!t) continue;
    s += k > a && !t.glued ? ` ${t.text}` : t.text;
  }
  return s;
}

function trimPhrase(T: Token[], a: number, b: number): [number, number] {
  let s = a;
  let e = b;
  while (s < e && (LEADING_DROPS.has(T[s]?.lower ?? '') || T[s]?.type === 'sym')) s++;
  while (e > s && T[e - 1]?.type === 'sym') e--;
  return [s, e];
}

/** The source named in one sentence, if any. */
export function attribution(T: Token[]): Attribution | undefined {
  // "according to X"
  for (let k = 0; k + 1 < T.length; k++) {
    if (T[k]?.lower === 'according' && T[k + 1]?.lower === 'to') {
      let e = k + 2;
      while (e < T.length && e < k + 12 && !BOUNDARY.has(T[e]?.text ?? '') && T[e]?.text !== '.') e++;
      const [s, ee] = trimPhrase(T, k + 2, e);
      if (ee > s) return { source: joinTokens(T, s, ee), pronoun: false, relayed: false };
    }
  }
  for (let k = 0; k < T.length; k++) {
    const v = T[k];
    if (v?.type !== 'word' || !SPEECH_VERBS.has(v.lower)) continue;
    // "X said": walk back to a boundary.
    let s = k;
    while (s > 0 && k - s < 9) {
      const p = T[s - 1];
      if (!p || BOUNDARY.has(p.text) || p.text === '.' || p.type === 'num') break;
      if (p.lower === 'that' || p.lower === 'and' || p.lower === 'but' || p.lower === 'while') break;
      if (SPEECH_VERBS.has(p.lower) || UP_WORDS.has(p.lower) || DOWN_WORDS.has(p.lower)) break;
      s--;
    }
    const [a, b] = trimPhrase(T, s, k);
    const relayed = v.lower === 'quoted' || v.lower === 'cited';
    if (b > a && b - a <= 7) {
      const phrase = joinTokens(T, a, b);
      const lowerFirst = T[a]?.lower ?? '';
      const startsWithCap = /^\p{Lu}/u.test(T[a]?.text ?? '');
      if (PRONOUNS.has(lowerFirst) && b - a === 1) return { source: phrase, pronoun: true, relayed };
      // A source names someone: a capitalized word or a role noun ("officials", "the ministry").
      if (startsWithCap || b - a <= 4) {
        if (!T.slice(a, b).some((t) => t.type === 'num')) return { source: phrase, pronoun: false, relayed };
      }
    }
    // ", said Ryan Sweet, head of ..." — the speaker after the verb.
    if (k > 0 && (T[k - 1]?.text === ',' || T[k - 1]?.text === '”' || T[k - 1]?.text === '"' || b <= a)) {
      let e = k + 1;
      if (ATTR_STOP_AFTER.has(T[e]?.lower ?? '')) continue;
      while (e < T.length && e < k + 8 && !BOUNDARY.has(T[e]?.text ?? '') && T[e]?.text !== '.') e++;
      const [a2, b2] = trimPhrase(T, k + 1, e);
      if (b2 > a2 && /^\p{Lu}/u.test(T[a2]?.text ?? '')) {
        return { source: joinTokens(T, a2, b2), pronoun: false, relayed };
      }
    }
  }
  return undefined;
}

/** Words that can name what a figure refers to. */
export function isContentWord(t: Token): boolean {
  if (t.type !== 'word' || t.text.length < 2) return false;
  const w = t.lower;
  if (PHRASE_STOPS.has(w) || SPEECH_VERBS.has(w) || UP_WORDS.has(w) || DOWN_WORDS.has(w)) return false;
  if (ONES[w] !== undefined || TENS[w] !== undefined || MONTHS[w] !== undefined || WEEKDAYS[w] !== undefined)
    return false;
  if (UNITS[w] !== undefined) return false;
  if (w.endsWith('ly') && !/^\p{Lu}/u.test(t.text)) return false;
  return true;
}

const CLAUSE_BREAK = new Set([';', ':', '(', ')', '—', '|', '"', '“', '”']);

/**
 * Concepts of a figure: content words of its clause before the figure (the subject and verb phrase
 * it belongs to), then the modifiers of its counted phrase. Stops at the previous figure.
 */
export function concepts(
  T: Token[],
  first: number,
  end: number,
  floor: number,
  counted?: [number, number],
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (t: Token): void => {
    const key = t.lower.replace(/['’]s$/u, '');
    if (seen.has(key)) return;
    seen.add(key);
    out.push(t.text.replace(/['’]s$/u, ''));
  };
  let s = first - 1;
  let commas = 0;
  while (s >= floor && s >= 0) {
    const t = T[s];
    if (!t) break;
    if (CLAUSE_BREAK.has(t.text)) break;
    if (t.text === ',') {
      commas++;
      if (commas > 1) break;
    }
    s--;
  }
  const before: Token[] = [];
  for (let k = s + 1; k < first; k++) {
    const t = T[k];
    if (t && isContentWord(t)) before.push(t);
  }
  for (const t of before.slice(-8)) add(t);
  if (counted) {
    for (let k = counted[0]; k < counted[1] - 1; k++) {
      const t = T[k];
      if (t && isContentWord(t)) add(t);
    }
  }
  // Nothing before: the words right after the figure ("400 charging stations by the end of 2020").
  if (out.length === 0) {
    for (let k = end; k < T.length && k < end + 6; k++) {
      const t = T[k];
      if (!t || CLAUSE_BREAK.has(t.text) || t.text === '.') break;
      if (isContentWord(t)) add(t);
    }
  }
  return out;
}
