// Who said a figure (attribution) and what it refers to (concepts), read from the tokens of its sentence.

import { isPlural, singular } from './lemma.js';
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

/** A full stop inside an abbreviation ("U.N.", "U.S."): glued to a single capital letter, not a sentence end. */
function endsName(T: Token[], e: number): boolean {
  const t = T[e];
  if (!t || BOUNDARY.has(t.text)) return true;
  if (t.text !== '.') return false;
  return !(t.glued && /^\p{Lu}$/u.test(T[e - 1]?.text ?? ''));
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
      while (e < T.length && e < k + 9 && !endsName(T, e)) {
        // "one key individual involved in ...": a participle ends the name.
        if (e > k + 2 && /(ed|ing)$/u.test(T[e]?.lower ?? '') && !/^\p{Lu}/u.test(T[e]?.text ?? '')) break;
        e++;
      }
      const [s, ee] = trimPhrase(T, k + 2, e);
      if (ee > s && nameLike(T, s, ee))
        return { source: joinTokens(T, s, ee), pronoun: false, relayed: false };
    }
  }
  for (let k = 0; k < T.length; k++) {
    const v = T[k];
    if (v?.type !== 'word' || !SPEECH_VERBS.has(v.lower)) continue;
    // "from reports on Reddit", "the estimates": a noun, not a verb.
    if (NOUN_MARKERS.has(T[k - 1]?.lower ?? '')) continue;
    const relayed = v.lower === 'quoted' || v.lower === 'cited';
    // "X said", "X has said": walk back to a boundary.
    let b = k;
    while (b > 0 && SOURCE_TRAIL.has(T[b - 1]?.lower ?? '')) b--;
    let s = b;
    while (s > 0 && b - s < 8) {
      const p = T[s - 1];
      if (!p || BOUNDARY.has(p.text) || p.text === '.' || p.type === 'num') break;
      if (p.lower === 'that' || p.lower === 'and' || p.lower === 'but' || p.lower === 'while') break;
      if (SPEECH_VERBS.has(p.lower) || UP_WORDS.has(p.lower) || DOWN_WORDS.has(p.lower)) break;
      s--;
    }
    const [a, bb] = trimPhrase(T, s, b);
    if (bb > a && bb - a <= 6) {
      const lowerFirst = T[a]?.lower ?? '';
      if (PRONOUNS.has(lowerFirst) && bb - a === 1)
        return { source: joinTokens(T, a, bb), pronoun: true, relayed };
      if (nameLike(T, a, bb)) return { source: joinTokens(T, a, bb), pronoun: false, relayed };
    }
    // ", said Ryan Sweet, head of ..." — the speaker after the verb.
    if (k > 0 && (T[k - 1]?.text === ',' || T[k - 1]?.text === '”' || T[k - 1]?.text === '"' || bb <= a)) {
      let e = k + 1;
      if (ATTR_STOP_AFTER.has(T[e]?.lower ?? '')) continue;
      while (e < T.length && e < k + 9 && !endsName(T, e)) e++;
      const [a2, b2] = trimPhrase(T, k + 1, e);
      if (b2 > a2 && /^\p{Lu}/u.test(T[a2]?.text ?? '') && nameLike(T, a2, b2)) {
        return { source: joinTokens(T, a2, b2), pronoun: false, relayed };
      }
    }
  }
  return undefined;
}

/** Auxiliaries and adverbs between a source and its verb: "the ministry has said", "officials also said". */
const SOURCE_TRAIL = new Set([
  'has',
  'have',
  'had',
  'was',
  'were',
  'is',
  'also',
  'later',
  'previously',
  'recently',
  'earlier',
  'reportedly',
  'further',
  'then',
  'again',
  'had',
  'would',
  'will',
]);
const NOT_IN_NAMES = new Set(
  'might may could would should will can shall must have has had been be is are was were which who whom that he she they it we i you him her them his its their there this these those what when where why how if than not no'.split(
    ' ',
  ),
);

const NOUN_MARKERS = new Set([
  'the',
  'a',
  'an',
  'from',
  'in',
  'of',
  'on',
  'with',
  'these',
  'those',
  'new',
  'recent',
  'media',
  'news',
  'its',
  'their',
  'his',
  'her',
]);
const ROLES = new Set(
  (
    'official police authority ministry spokesman spokeswoman spokesperson agency government company firm ' +
    'analyst expert witness resident source lawmaker minister president court prosecutor economist researcher ' +
    'scientist survey report data statement organizer organiser rescuer doctor hospital military army navy ' +
    'department office commission council committee union bank regulator operator airline group board ' +
    'governor mayor senator representative lawyer attorney coroner sheriff chief director executive ceo ' +
    'observer monitor team club league embassy study poll census index'
  ).split(' '),
);

/** A source is a noun phrase: no verbs, auxiliaries or pronouns inside, no numbers. */
function nameLike(T: Token[], a: number, b: number): boolean {
  let capital = false;
  for (let k = a; k < b; k++) {
    const t = T[k];
    if (!t) return false;
    if (t.type === 'num') return false;
    if (t.type !== 'word') continue;
    if (NOT_IN_NAMES.has(t.lower)) return false;
    if (k > a && isVerbLike(t) && !/^\p{Lu}/u.test(t.text)) return false;
    if (/^\p{Lu}/u.test(t.text)) capital = true;
  }
  // Either a name ("Yu", "Ukraine's defense intelligence agency") or a short role ("officials", "the ministry").
  if (capital) return true;
  const last = T[b - 1]?.lower ?? '';
  return b - a <= 3 && (ROLES.has(singular(last)) || (isPlural(last) && !/['’]s$/u.test(last)));
}

/** Words that can name what a figure refers to. */
export function isContentWord(t: Token): boolean {
  if (t.content === undefined) t.content = contentWord(t);
  return t.content;
}

const TIME_WORDS = new Set(
  'yesterday today tomorrow tonight now then currently year-old years-old week month day time times'.split(
    ' ',
  ),
);

function contentWord(t: Token): boolean {
  if (t.type !== 'word') return false;
  // "S&P": a capital letter glued into a longer name still names something.
  if (t.text.length < 2) return /^\p{Lu}$/u.test(t.text) && t.glued;
  const w = t.lower;
  if (TIME_WORDS.has(w)) return false;
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

const AUXILIARY_VERBS = new Set(
  'is are was were be been has have had will would can could should may might must do does did'.split(' '),
);

/** Memoized on the token: it depends on the token's text alone and is asked many times per sentence. */
function isVerbLike(t: Token): boolean {
  if (t.verb === undefined) t.verb = verbLike(t);
  return t.verb;
}

function verbLike(t: Token): boolean {
  const w = t.lower;
  if (VERBS.has(w) || SPEECH_VERBS.has(w) || UP_WORDS.has(w) || DOWN_WORDS.has(w)) return true;
  if (AUXILIARY_VERBS.has(w)) return true;
  return w.length > 4 && w.endsWith('ed') && !/^\p{Lu}/u.test(t.text);
}

const SUBJECT_DETERMINERS = new Set('the a an its their his her this that our'.split(' '));

/** Indexes of the content words of the sentence's subject: from the start (after an opening phrase) to the first verb. */
function subjectWords(T: Token[], limit: number): number[] {
  let s = 0;
  if (SUBJECT_OPENERS.has(T[0]?.lower ?? '')) {
    let k = 0;
    while (k < T.length && k < 12 && T[k]?.text !== ',') k++;
    if (T[k]?.text === ',') s = k + 1;
  }
  const out: number[] = [];
  for (let k = s; k < T.length && k < limit && k < s + 30; k++) {
    const t = T[k];
    if (!t) break;
    if (k === s && EMPTY_SUBJECTS.has(t.lower)) return [];
    // After a determiner a word is a noun ("the plan would cost"), even if it could be a verb.
    const afterDeterminer = SUBJECT_DETERMINERS.has(T[k - 1]?.lower ?? '');
    if ((isVerbLike(t) && !afterDeterminer) || CLAUSE_BREAK.has(t.text) || t.text === ',') break;
    if (t.lower === 'who' || t.lower === 'which' || t.lower === 'that') break;
    if (isContentWord(t)) out.push(k);
    if (out.length >= 8) break;
  }
  return out;
}

const WORD_PUNCT = new Set([',', '.', ';', ':', '(', ')', '"', '“', '”', '!', '?', '[', ']', '|', '—', '–']);
const COMPLEMENT_DETS = new Set([
  'the',
  'a',
  'an',
  'its',
  'their',
  'his',
  'her',
  'our',
  'all',
  'this',
  'that',
  'those',
  'these',
]);

/** The whitespace-delimited word around token k ("S&P", "TA-125", "e-commerce"), without a possessive. */
function wordAt(T: Token[], k: number): string {
  let a = k;
  let b = k + 1;
  while (a > 0 && T[a]?.glued && !WORD_PUNCT.has(T[a]?.text ?? '') && !WORD_PUNCT.has(T[a - 1]?.text ?? ''))
    a--;
  while (
    b < T.length &&
    T[b]?.glued &&
    !WORD_PUNCT.has(T[b]?.text ?? '') &&
    !WORD_PUNCT.has(T[b - 1]?.text ?? '')
  )
    b++;
  let text = '';
  for (let x = a; x < b; x++) text += T[x]?.text ?? '';
  return text.replace(/['’]s?$/u, '').replace(/^[-$'’]+|[-'’]+$/gu, '');
}

/**
 * Concepts of a figure: the subject of its sentence, the content words of its own clause before it,
 * and what it is "of" or "for" after it ("24 per cent of adults", "$1,062 for the basic version").
 * Empty when the sentence has no subject beyond the counted thing itself ("There are 13 people").
 */
export function concepts(
  T: Token[],
  first: number,
  end: number,
  skip: (k: number) => boolean,
  counted?: [number, number],
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (k: number): void => {
    const w = wordAt(T, k);
    const key = w.toLowerCase();
    if (w.length < 2 || seen.has(key)) return;
    seen.add(key);
    out.push(w);
  };
  for (const k of subjectWords(T, first)) add(k);
  const local: number[] = [];
  // Bounded: a sentence that is one long list of numbers must not make this quadratic.
  for (let k = first - 1; k >= 0 && k >= first - 30 && local.length < 6; k--) {
    const t = T[k];
    if (!t || CLAUSE_BREAK.has(t.text) || t.text === '.') break;
    if (skip(k)) continue;
    if (isContentWord(t) && !isVerbLike(t)) local.push(k);
  }
  for (const k of local.reverse()) add(k);
  if (counted && out.length > 0) {
    for (let k = counted[0]; k < counted[1] - 1; k++) {
      const t = T[k];
      if (t && isContentWord(t)) add(k);
    }
  }
  // After the figure: "of adults", "for the CVT", or a noun it modifies ("a $3,500 mortgage").
  let k = Math.max(end, counted?.[1] ?? 0);
  const link = T[k]?.lower;
  if (link === 'of' || link === 'for') {
    k++;
    while (COMPLEMENT_DETS.has(T[k]?.lower ?? '')) k++;
  }
  if (link === 'of' || link === 'for' || !counted) {
    let n = 0;
    while (k < T.length && n < 4) {
      const t = T[k];
      if (!t || WORD_PUNCT.has(t.text) || skip(k)) break;
      if (t.type === 'word' && (PHRASE_STOPS.has(t.lower) || isVerbLike(t))) break;
      if (isContentWord(t)) {
        add(k);
        n++;
      }
      k++;
    }
  }
  return out;
}
