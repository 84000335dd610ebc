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

const CLAUSE_BREAK = new Set([';', ':', '(', ')', '—', '|', '"', '“', '”', '[', ']']);
const VERBS = new Set(
  (
    'make makes made take takes took give gives gave get gets got go goes went come comes came see sees saw ' +
    'know knows knew think thinks want wants use uses find finds ask asks work works seem seems feel feels ' +
    'try tries leave leaves call calls keep keeps let lets begin begins began show shows hear hears play plays ' +
    'run runs ran move moves live lives hold holds held bring brings brought happen happens write writes ' +
    'provide provides sit sits stand stands pay pays paid meet meets include includes continue continues set ' +
    'sets learn lead leads led understand watch follow follows stop create speak read allow allows spend ' +
    'spends spent win wins won offer offers remember love consider appear appears buy buys bought wait serve ' +
    'die send sends sent expect expects build builds built stay reach reaches kill remain remains suggest ' +
    'suggests pass sell sells sold require requires need needs plan plans hit hits cost costs put puts ' +
    'become becomes became mean means look looks help helps turn turns start starts carry carries face faces ' +
    'receive receives hope hopes invest invests employ employs owe owes hire hires earn earns score scores ' +
    'sit averaged average averages reach account accounts represent represents total totals stood stands ' +
    'worth valued priced sits ranks ranked topped tops hits hit amounts amount equals equal marks marked'
  ).split(' '),
);
const SUBJECT_OPENERS = new Set(
  'in on at after since during for last meanwhile however but and so also still yet even according by as with over this next from while when if although though since earlier later today yesterday'.split(
    ' ',
  ),
);
const EMPTY_SUBJECTS = new Set(
  'he she it they we i you there this that these those who which what one'.split(' '),
);

function isVerbLike(t: Token): boolean {
  const w = t.lower;
  if (VERBS.has(w) || SPEECH_VERBS.has(w) || UP_WORDS.has(w) || DOWN_WORDS.has(w)) return true;
  if (
    /^(is|are|was|were|be|been|has|have|had|will|would|can|could|should|may|might|must|do|does|did)$/u.test(w)
  )
    return true;
  return w.length > 4 && w.endsWith('ed') && !/^\p{Lu}/u.test(t.text);
}

/** Content words of the sentence's subject: from the start (after an opening phrase) to the first verb. */
function subjectWords(T: Token[], limit: number): Token[] {
  let s = 0;
  if (SUBJECT_OPENERS.has(T[0]?.lower ?? '')) {
    let k = 0;
    while (k < T.length && k < 12 && T[k]?.text !== ',') k++;
    if (T[k]?.text === ',') s = k + 1;
  }
  const out: Token[] = [];
  for (let k = s; k < T.length && k < limit; k++) {
    const t = T[k];
    if (!t) break;
    if (k === s && EMPTY_SUBJECTS.has(t.lower)) return [];
    if (isVerbLike(t) || CLAUSE_BREAK.has(t.text) || t.text === ',') break;
    if (t.lower === 'who' || t.lower === 'which' || t.lower === 'that') break;
    if (isContentWord(t)) out.push(t);
    if (out.length >= 8) break;
  }
  return out;
}

/**
 * Concepts of a figure: the subject of its sentence and the content words of its own clause before it
 * (what it is "of"), then the modifiers of its counted phrase. Empty when the sentence has no subject
 * beyond the counted thing itself ("There are 13 people").
 */
export function concepts(
  T: Token[],
  first: number,
  _end: number,
  skip: (k: number) => boolean,
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
  for (const t of subjectWords(T, first)) add(t);
  const local: Token[] = [];
  for (let k = first - 1; k >= 0 && local.length < 6; k--) {
    const t = T[k];
    if (!t || CLAUSE_BREAK.has(t.text) || t.text === '.') break;
    if (skip(k)) continue;
    if (isContentWord(t) && !isVerbLike(t)) local.push(t);
  }
  for (const t of local.reverse()) add(t);
  if (counted && out.length > 0) {
    for (let k = counted[0]; k < counted[1] - 1; k++) {
      const t = T[k];
      if (t && isContentWord(t)) add(t);
    }
  }
  return out;
}
