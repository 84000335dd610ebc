// The grammar of a figure inside one sentence: [qualifier] [sign] [currency] NUMBER [scale]
// [– NUMBER [scale]] [unit | currency | percent] [per DENOMINATOR] [counted noun phrase | toll participle].

import type { Change, FigureKind, KeyFigure, Qualifier } from '../core/model.js';
import { matchDate, matchTime, type Published } from './dates.js';
import { isPlural, singular } from './lemma.js';
import {
  CURRENCY_PREFIXES,
  DOWN_WORDS,
  dict,
  FRACTIONS,
  GLUE_ONLY_UNITS,
  MAX_QUALIFIER_TOKENS,
  MAX_UNIT_TOKENS,
  MONTHS,
  NON_NOUN_FOLLOWERS,
  ONES,
  ORDINAL_WORDS,
  PHRASE_STOPS,
  QUALIFIERS,
  type QualifierEntry,
  RATE_DENOMINATORS,
  SCALE_SUFFIXES,
  SCALES,
  TENS,
  TOLL_PARTICIPLES,
  UNITS,
  type UnitEntry,
  UP_WORDS,
  VAGUE_PLURALS,
  WEEKDAYS,
} from './lexicon.js';
import type { Token } from './tokens.js';

/**
 * A figure found in one sentence, before attribution, concepts and salience: the KeyFigure fields the grammar
 * decides, with token positions in place of character offsets (index.ts turns them into raw, start and end).
 */
export interface RawFigure
  extends Pick<KeyFigure, 'value' | 'low' | 'high' | 'kind' | 'unit' | 'counted' | 'qualifier' | 'change'> {
  /** Token index of the figure's first token. */
  first: number;
  /** Token index after the figure's last token. */
  end: number;
  /** Token range of the counted phrase, to keep it out of the concepts. */
  countedRange?: [number, number];
  /** ISO date for date figures. */
  iso?: string;
  /** The unit came from the counted noun phrase (not a measurement unit). */
  nounUnit: boolean;
}

interface Core {
  first: number;
  end: number;
  value: number;
  word: boolean;
  low?: number;
  high?: number;
  fraction?: boolean;
  /** "a pair of", "a dozen": an "of" already consumed. */
  consumedOf?: boolean;
  /** "sixfold": a multiplier. */
  fold?: boolean;
}

const isCap = (t: Token | undefined): boolean =>
  t !== undefined && t.type === 'word' && /\p{Lu}/u.test(t.text);
const DASHES = new Set(['-', '–', '—', '−']);
const NAME_PREFIX_OK = new Set([
  'sub',
  'minus',
  'mid',
  'now',
  'then',
  'pre',
  'post',
  'top',
  'over',
  'under',
  'x',
  'magnitude',
]);
const YEAR_CONTEXT = new Set(
  (
    'in since by until till from of between before after during the its their his her our early late mid and to ' +
    'through around circa this last next fiscal fy class spring summer autumn fall winter season year ' +
    'election elections vintage model'
  ).split(' '),
);
const LABEL_NOUNS = new Set(
  (
    'category level phase grade stage type class chapter section article no number page room route flight ' +
    'game round episode version series tier step gen generation platform gate lane pier runway terminal ' +
    'district ward unit apartment suite highway interstate line track channel act amendment resolution bill ' +
    'rule clause paragraph item table figure appendix annex exhibit week day group pool seed division'
  ).split(' '),
);
const ONE_BLOCKERS = new Set(
  'no the this that each any every which someone anyone everyone no-one only last another such'.split(' '),
);
const VAGUE_VERBS = new Set([
  'were',
  'are',
  'have',
  'had',
  'remain',
  'remained',
  'died',
  'killed',
  'injured',
  'fled',
]);
/** Verbs that follow a bare number as its predicate ("About 1000 come from Asia"), never as its noun. */
const COMMON_VERBS = new Set(
  (
    'come comes came go goes went live lives lived work works worked say says said make makes made take takes ' +
    'get gets got remain remains stay stays want wants need needs face faces use uses show shows see sees ' +
    'think thinks believe believes attend attends vote votes voted die dies left leave leaves'
  ).split(' '),
);
const AUXILIARIES = new Set(['have', 'has', 'had', 'were', 'was', 'are', 'is', 'been', 'be', 'being']);
const TOLL_VERBS: Readonly<Record<string, string>> = dict({
  killing: 'killed',
  killed: 'killed',
  kills: 'killed',
  injuring: 'injured',
  injured: 'injured',
  wounding: 'wounded',
  wounded: 'wounded',
  displacing: 'displaced',
  displaced: 'displaced',
  evacuated: 'evacuated',
  evacuating: 'evacuated',
  arrested: 'arrested',
  arresting: 'arrested',
  rescued: 'rescued',
  rescuing: 'rescued',
  infecting: 'infected',
  infected: 'infected',
  leaving: 'left',
});
const DETERMINERS = new Set('the a an his her their its our my your these those them whom which'.split(' '));
const ADVERB_SKIPS = new Set(
  'by about around roughly nearly almost some another slightly sharply just only over more than less'.split(
    ' ',
  ),
);
const LY_NOUNS = new Set(['family', 'supply', 'ally', 'rally', 'assembly', 'belly', 'fly', 'reply', 'italy']);
const TOLL_CONTEXTS = new Set([
  'action',
  'combat',
  'battle',
  'fighting',
  'clashes',
  'attacks',
  'strikes',
  'custody',
]);

function numValue(text: string): number {
  return Number(text.replace(/,/gu, ''));
}

/** Spelled-out numbers: "twenty-seven", "two hundred thousand", "a dozen", "a pair of". */
function wordNumber(T: Token[], j: number): Core | undefined {
  const t = T[j];
  if (t?.type !== 'word') return undefined;
  const lw = t.lower;
  const next = T[j + 1];
  if (lw === 'a' || lw === 'an') {
    if (!next) return undefined;
    if (next.lower === 'dozen') return { first: j, end: j + 2, value: 12, word: true };
    if ((next.lower === 'pair' || next.lower === 'couple') && T[j + 2]?.lower === 'of') {
      return { first: j, end: j + 3, value: 2, word: true, consumedOf: true };
    }
    const sc = SCALES[next.lower];
    if (sc !== undefined) {
      const rest = wordNumber(T, j + 1);
      return rest ? { ...rest, first: j } : { first: j, end: j + 2, value: sc, word: true };
    }
    const fr = FRACTIONS[next.lower];
    if (fr !== undefined && next.lower !== 'fourth' && T[j + 2]?.lower === 'of') {
      // "a quarter of a million people"
      const sc = /^(a|an)$/u.test(T[j + 3]?.lower ?? '') ? SCALES[T[j + 4]?.lower ?? ''] : undefined;
      if (sc !== undefined && sc >= 1000) return { first: j, end: j + 5, value: fr * sc, word: true };
      return { first: j, end: j + 2, value: fr, word: true, fraction: true };
    }
    return undefined;
  }
  if (lw === 'dozen' && T[j + 1]?.lower !== 'of') return undefined;
  // "half a million", "half a billion dollars"
  if (lw === 'half' && (T[j + 1]?.lower === 'a' || T[j + 1]?.lower === 'an')) {
    const sc = SCALES[T[j + 2]?.lower ?? ''];
    if (sc !== undefined) return { first: j, end: j + 3, value: sc / 2, word: true };
    if (T[j + 2]?.lower === 'dozen') return { first: j, end: j + 3, value: 6, word: true };
  }
  // "half of the residents", "half the condos"
  const before = T[j - 1]?.lower ?? '';
  if (
    lw === 'half' &&
    (T[j + 1]?.lower === 'of' || T[j + 1]?.lower === 'the') &&
    !/^(the|first|second|a|an|other)$/u.test(before)
  ) {
    return { first: j, end: j + 1, value: 0.5, word: true, fraction: true };
  }
  let total = 0;
  let current = 0;
  let k = j;
  let seen = false;
  while (k < T.length) {
    const w = T[k];
    if (w?.type !== 'word') break;
    const v = ONES[w.lower] ?? TENS[w.lower];
    if (v !== undefined) {
      if (seen && current % 10 !== 0 && current < 100) break;
      if (seen && TENS[w.lower] !== undefined && current % 100 !== 0) break;
      current += v;
      seen = true;
      k++;
      // twenty-seven
      const dash = T[k];
      const after = T[k + 1];
      if (
        TENS[w.lower] !== undefined &&
        dash?.text === '-' &&
        dash.glued &&
        after?.glued &&
        ONES[after.lower] !== undefined &&
        (ONES[after.lower] ?? 0) < 10
      ) {
        current += ONES[after.lower] ?? 0;
        k += 2;
      }
      continue;
    }
    if (!seen) break;
    if (w.lower === 'hundred') {
      current = (current || 1) * 100;
      k++;
      continue;
    }
    if (w.lower === 'dozen') {
      current = (current || 1) * 12;
      k++;
      continue;
    }
    const sc = SCALES[w.lower];
    if (sc !== undefined && sc >= 1000) {
      total += (current || 1) * sc;
      current = 0;
      k++;
      continue;
    }
    if (
      w.lower === 'and' &&
      (ONES[T[k + 1]?.lower ?? ''] !== undefined || TENS[T[k + 1]?.lower ?? ''] !== undefined)
    ) {
      if (total > 0 || current >= 100) {
        k++;
        continue;
      }
    }
    break;
  }
  if (!seen) return undefined;
  // Fractions: "two-thirds", "one third of"
  const dash = T[k];
  const fr = dash?.text === '-' && dash.glued ? T[k + 1] : T[k];
  if (fr && FRACTIONS[fr.lower] !== undefined && current + total <= 10 && current + total > 0) {
    const frEnd = dash?.text === '-' && dash.glued ? k + 2 : k + 1;
    if (T[frEnd]?.lower === 'of' || (dash?.text === '-' && dash.glued)) {
      return {
        first: j,
        end: frEnd,
        value: (current + total) * (FRACTIONS[fr.lower] ?? 0),
        word: true,
        fraction: true,
      };
    }
  }
  return { first: j, end: k, value: total + current, word: true };
}

/** "dozens of", "tens of thousands of", "hundreds of millions of". */
function vagueNumber(T: Token[], j: number): Core | undefined {
  const t = T[j];
  if (!t) return undefined;
  let base: number | undefined;
  let k = j;
  if (t.lower === 'tens' && T[j + 1]?.lower === 'of') {
    base = 10;
    k = j + 2;
    const inner = VAGUE_PLURALS[T[k]?.lower ?? ''];
    if (inner === undefined || inner < 1000) return undefined;
    base *= inner;
    k++;
  } else {
    const v = VAGUE_PLURALS[t.lower];
    if (v === undefined) return undefined;
    base = v;
    k = j + 1;
    if (T[k]?.lower === 'of') {
      const inner = VAGUE_PLURALS[T[k + 1]?.lower ?? ''];
      if (inner !== undefined && inner >= 1000 && inner > v) {
        base = v * inner;
        k += 2;
      }
    }
  }
  // "dozens of people"; a compound "tens of thousands homeless" needs no "of"; "dozens were missing".
  const nx = T[k]?.lower ?? '';
  if (nx !== 'of' && !(k - j >= 3 && T[k]?.type === 'word') && !VAGUE_VERBS.has(nx)) return undefined;
  return { first: j, end: k, value: base, low: base, high: base * 10, word: true };
}

function numericCore(T: Token[], j: number): Core | undefined {
  const t = T[j];
  if (!t) return undefined;
  if (t.type === 'num') {
    // "1/2 pound", "1⁄32 of a quart": a written fraction before a unit or "of".
    const slash = T[j + 1];
    const den = T[j + 2];
    if (
      slash?.glued &&
      (slash.text === '/' || slash.text === '⁄') &&
      den?.glued &&
      /^\d+$/u.test(t.text) &&
      /^\d+$/u.test(den.text) &&
      Number(t.text) < Number(den.text) &&
      Number(den.text) <= 1000 &&
      T[j + 3]?.type === 'word' &&
      (T[j + 3]?.lower === 'of' || UNITS[T[j + 3]?.lower ?? ''] !== undefined)
    ) {
      return { first: j, end: j + 3, value: Number(t.text) / Number(den.text), word: false, fraction: true };
    }
    return { first: j, end: j + 1, value: numValue(t.text), word: false };
  }
  // "sixfold", "two-fold"
  const fold = /^(\p{L}+)fold$/u.exec(t.lower);
  if (fold) {
    const n = ONES[fold[1] ?? ''] ?? TENS[fold[1] ?? ''];
    if (n !== undefined) return { first: j, end: j + 1, value: n, word: true, fold: true };
  }
  return vagueNumber(T, j) ?? wordNumber(T, j);
}

const firstWords = (table: Readonly<Record<string, unknown>>): ReadonlySet<string> =>
  new Set(Object.keys(table).map((k) => k.split(' ')[0] ?? ''));
const lastWords = (table: Readonly<Record<string, unknown>>): ReadonlySet<string> =>
  new Set(Object.keys(table).map((k) => k.split(' ').pop() ?? ''));
const FIRST_WORDS = new Map<object, ReadonlySet<string>>();
const QUALIFIER_LAST = lastWords(QUALIFIERS);
/** Every word-prefix of every key of a table ("per", "per cent" for "per cent of"): where a match can go on. */
const PREFIXES = new Map<object, ReadonlySet<string>>();

function prefixesOf(table: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  const out = new Set<string>();
  for (const key of Object.keys(table)) {
    const words = key.split(' ');
    for (let n = 1; n <= words.length; n++) out.add(words.slice(0, n).join(' '));
  }
  return out;
}

/** Longest key of `table` spelled by the lower-cased tokens starting at i. */
function longest<V>(
  T: Token[],
  i: number,
  table: Readonly<Record<string, V>>,
  max: number,
): [V, number] | undefined {
  let firsts = FIRST_WORDS.get(table);
  if (!firsts) {
    firsts = firstWords(table);
    FIRST_WORDS.set(table, firsts);
  }
  if (!firsts.has(T[i]?.lower ?? '')) return undefined;
  let prefixes = PREFIXES.get(table);
  if (!prefixes) {
    prefixes = prefixesOf(table);
    PREFIXES.set(table, prefixes);
  }
  let best: [V, number] | undefined;
  let key = '';
  for (let n = 0; n < max && i + n < T.length; n++) {
    const tok = T[i + n];
    if (!tok) break;
    key = n === 0 ? tok.lower : `${key} ${tok.lower}`;
    // No key starts with these words, so no longer one can match either.
    if (!prefixes.has(key)) break;
    const v = table[key];
    if (v !== undefined) best = [v, i + n + 1];
  }
  return best;
}

/** Qualifier phrase ending right before token `end` (exclusive), not reaching before `floor`. */
function qualifierBefore(T: Token[], end: number, floor: number): [QualifierEntry, number] | undefined {
  if (!QUALIFIER_LAST.has(T[end - 1]?.lower ?? '')) return undefined;
  for (let n = MAX_QUALIFIER_TOKENS; n >= 1; n--) {
    const s = end - n;
    if (s < floor) continue;
    let key = '';
    for (let k = s; k < end; k++) key = k === s ? (T[k]?.lower ?? '') : `${key} ${T[k]?.lower ?? ''}`;
    const q = QUALIFIERS[key];
    if (q !== undefined) return [q, s];
  }
  return undefined;
}

/** Currency written before the amount ending right before `end`: "$", "US$", "US $", "HK$", "€", "Y=". */
function currencyBefore(T: Token[], end: number, floor: number): [string, number] | undefined {
  const a = T[end - 1];
  if (!a || end - 1 < floor) return undefined;
  const b = T[end - 2];
  if (a.text === '$' && b && end - 2 >= floor && b.type === 'word' && /^[A-Z]{1,3}$/u.test(b.text)) {
    const cur = CURRENCY_PREFIXES[`${b.lower}$`];
    if (cur !== undefined) return [cur, end - 2];
  }
  if (a.text === '=' && a.glued && b?.text === 'Y' && end - 2 >= floor) return ['japanese yen', end - 2];
  // "$US113 trillion", "$A82,615,680": the country letters after the dollar sign.
  if (a.type === 'word' && a.glued && b?.text === '$' && end - 2 >= floor && /^[A-Z]{1,2}$/u.test(a.text)) {
    const c = CURRENCY_PREFIXES[`$${a.lower}`];
    if (c !== undefined) return [c, end - 2];
  }
  const cur = CURRENCY_PREFIXES[a.lower];
  if (cur === undefined) return undefined;
  if (a.type === 'word') {
    // "PLX-R18": letters glued to what comes before are part of a name.
    // ("(PS21,700)" is fine: an opening bracket or quote before the code.)
    if (a.glued && !/^[(["“‘']$/u.test(T[end - 2]?.text ?? '')) return undefined;
    // Letter codes: only upper case ("USD 5", "Rs 40", "PS21,700" glued).
    if (a.text !== a.text.toUpperCase() && a.lower !== 'rs') return undefined;
    if ((a.lower === 'ps' || a.lower === 'rm' || a.lower === 'r') && !T[end]?.glued) return undefined;
  }
  return [cur, end - 1];
}

/** Acronym units that are ordinary words in lower case ("war"): matched on their exact spelling. */
const ACRONYM_UNITS: Readonly<Record<string, UnitEntry>> = dict({
  WAR: { norm: 'win above replacement', kind: 'measure' },
  PS: { norm: 'horsepower', kind: 'measure' },
  Nm: { norm: 'newton metre', kind: 'measure' },
});

function unitAfter(T: Token[], i: number): [UnitEntry, number] | undefined {
  // "2022′s": a prime used as an apostrophe.
  if ((T[i]?.text === '′' || T[i]?.text === '″') && T[i + 1]?.glued && T[i + 1]?.type === 'word')
    return undefined;
  const acronym = ACRONYM_UNITS[T[i]?.text ?? ''];
  if (acronym) return [acronym, i + 1];
  const hit = longest(T, i, UNITS, MAX_UNIT_TOKENS);
  if (!hit) return undefined;
  const first = T[i];
  if (!first) return undefined;
  // Short ambiguous units count only when glued ("5m", "45g") or written as a symbol.
  if (GLUE_ONLY_UNITS.has(first.lower) && hit[1] === i + 1 && !first.glued) return undefined;
  // A single capital letter glued ("5G", "4K") is a name, not a unit.
  if (hit[1] === i + 1 && /^[A-Z]$/u.test(first.text) && !['W', 'V', 'L', 'C', 'F'].includes(first.text))
    return undefined;
  // "46C", "104F" only glued; a spaced capital C or F after a number is too often a name.
  if (hit[1] === i + 1 && (first.text === 'C' || first.text === 'F') && !first.glued) return undefined;
  // "in" as inches never; "min" only glued; "second"/"minute" etc. are fine.
  return hit;
}

interface Scan {
  T: Token[];
  pub: Published | undefined;
  lenient: boolean;
}

/** Words that can begin a date, an ordinal or a number. */
const STARTERS: ReadonlySet<string> = new Set([
  ...Object.keys(ONES),
  ...Object.keys(TENS),
  ...Object.keys(ORDINAL_WORDS),
  ...Object.keys(VAGUE_PLURALS),
  ...Object.keys(MONTHS),
  ...Object.keys(WEEKDAYS),
  'a',
  'an',
  'tens',
  'half',
  'dozen',
]);

/** True when a sentence may hold a figure: a digit or a word that can start one. Cheap, before tokenizing. */
export function mayHoldFigure(sentence: string): boolean {
  return FIGURE_HINT.test(sentence);
}
const FIGURE_HINT = new RegExp(
  `\\d|\\b(?:${[...STARTERS, ...Object.keys(SCALES), ...Object.keys(FRACTIONS), 'pair', 'couple']
    .filter((w) => w.length > 2)
    .join('|')})\\b|(?<=\\p{L})fold\\b`,
  'iu',
);

/** All figures in the tokens of one sentence, in order. */
export function scanSentence(T: Token[], pub: Published | undefined, lenient = false): RawFigure[] {
  const out: RawFigure[] = [];
  const ctx: Scan = { T, pub, lenient };
  let i = 0;
  let floor = 0;
  while (i < T.length) {
    const t = T[i];
    if (!t) break;
    // Most tokens cannot start a figure: skip them cheaply.
    if (t.type === 'word' && !STARTERS.has(t.lower) && !t.lower.endsWith('fold')) {
      i++;
      continue;
    }
    const date = matchDate(T, i, pub);
    if (date) {
      out.push({
        first: date.first,
        end: date.end,
        ...(date.value !== undefined ? { value: date.value } : {}),
        ...(date.low !== undefined ? { low: date.low, high: date.high ?? date.low } : {}),
        kind: 'date',
        unit: 'date',
        qualifier: date.low !== undefined ? 'range' : 'exact',
        change: '=',
        iso: date.iso,
        nounUnit: false,
      });
      i = date.end;
      floor = i;
      continue;
    }
    const time = matchTime(T, i);
    if (time > 0) {
      i = time;
      floor = i;
      continue;
    }
    const ord = ordinalAt(T, i);
    if (ord) {
      out.push(ord);
      i = ord.end;
      floor = i;
      continue;
    }
    const core = numericCore(T, i);
    if (!core) {
      i++;
      continue;
    }
    const fig = assemble(ctx, core, floor, out);
    if (fig === 'skip') {
      i = core.end;
      continue;
    }
    if (typeof fig === 'number') {
      i = fig;
      floor = i;
      continue;
    }
    out.push(fig);
    i = Math.max(fig.end, fig.countedRange?.[1] ?? 0);
    floor = i;
  }
  shareUnits(out, T);
  subjectCounts(out, T);
  return out;
}

const SUBJECT_COUNTERS = new Set(['toll', 'tally', 'number', 'total', 'count']);

/**
 * A bare number whose clause names what it counts before it: "The death toll rose to 45",
 * "The number of displaced people reached 1.2 million".
 */
function subjectCounts(figs: RawFigure[], T: Token[]): void {
  for (const f of figs) {
    if (f.kind !== 'count' || f.unit !== undefined || f.counted !== undefined || f.value === undefined)
      continue;
    for (let k = f.first - 1; k >= 0 && k >= f.first - 12; k--) {
      const t = T[k];
      if (!t || t.text === ';' || t.text === ':' || t.text === '.') break;
      if (!SUBJECT_COUNTERS.has(t.lower)) continue;
      if (t.lower === 'number' && T[k + 1]?.lower === 'of') {
        // "the number of displaced people"
        let e = k + 2;
        while (
          e < f.first &&
          T[e]?.type === 'word' &&
          !PHRASE_STOPS.has(T[e]?.lower ?? '') &&
          !isPlural(T[e - 1]?.text ?? '')
        )
          e++;
        const head = T[e - 1];
        if (e > k + 2 && head && isPlural(head.text)) {
          f.counted = T.slice(k + 2, e)
            .map((x) => x.text)
            .join(' ');
          f.unit = singular(head.lower);
          f.nounUnit = true;
        }
      } else if (t.lower === 'toll' || t.lower === 'tally') {
        // "the death toll", "the casualty tally"
        const mod = T[k - 1];
        f.counted = mod?.type === 'word' && !PHRASE_STOPS.has(mod.lower) ? `${mod.text} ${t.text}` : t.text;
        f.unit = mod?.lower === 'death' ? 'death' : t.lower;
        f.nounUnit = true;
      }
      break;
    }
  }
}

const SHARE_GAPS = new Set([
  'and',
  'or',
  ',',
  'while',
  'but',
  'versus',
  'vs',
  'against',
  'with',
  'nor',
  'including',
]);
const KEYISH: ReadonlySet<FigureKind> = new Set(['count', 'money', 'percent', 'measure', 'rate', 'duration']);

/**
 * Elliptical figures borrow the unit of a neighbour: "eight or nine euros" (forward),
 * "435 homes by open sale and 187 by tender" (backward).
 */
function shareUnits(figs: RawFigure[], T: Token[]): void {
  const bareAt = (f: RawFigure): boolean =>
    f.kind === 'count' && f.unit === undefined && f.counted === undefined && f.value !== undefined;
  const copy = (to: RawFigure, from: RawFigure): void => {
    to.kind = from.kind;
    if (from.unit !== undefined) to.unit = from.unit;
    to.nounUnit = from.nounUnit;
  };
  for (let n = 0; n < figs.length; n++) {
    const f = figs[n];
    if (!f || !bareAt(f)) continue;
    const next = figs[n + 1];
    // "78 of the 141 seats", "Twenty-three of the train's 96 cars"
    if (
      next &&
      next.unit !== undefined &&
      T[f.end]?.lower === 'of' &&
      next.first - f.end <= 3 &&
      KEYISH.has(next.kind)
    ) {
      copy(f, next);
      continue;
    }
    if (next && KEYISH.has(next.kind) && next.unit !== undefined && next.first - f.end === 1) {
      const gap = T[f.end]?.lower ?? '';
      const indexMove = (gap === 'up' || gap === 'down') && next.kind === 'measure';
      if (gap === 'or' || gap === 'and' || gap === 'to' || indexMove) {
        copy(f, next);
        continue;
      }
    }
    // "lost 162.31 points, or 2.14%, to fall to 7,425.81": a level after "to"/"at" is in the unit
    // of the nearest measure before it in the sentence.
    const lead = T[f.first - 1]?.lower ?? '';
    if ((lead === 'to' || lead === 'at') && f.value !== undefined && !Number.isInteger(f.value)) {
      const measure = figs
        .slice(Math.max(0, n - 3), n)
        .reverse()
        .find((x) => x.kind === 'measure' && x.unit !== undefined);
      if (measure) {
        copy(f, measure);
        continue;
      }
    }
    // The nearest figure before it that has a unit; a time span ("for one to two years") lends none.
    const prev = figs
      .slice(Math.max(0, n - 3), n)
      .reverse()
      .find((x) => x.kind !== 'duration' && x.kind !== 'date' && x.kind !== 'ordinal' && x.kind !== 'age');
    if (!prev || !KEYISH.has(prev.kind) || prev.unit === undefined) continue;
    const after = T[f.end];
    if (after?.type === 'word' && !PHRASE_STOPS.has(after.lower)) continue;
    const from = Math.max(prev.end, prev.countedRange?.[1] ?? 0);
    if (f.first - from > 12) continue;
    let shares = false;
    const before = T[f.first - 1]?.lower ?? '';
    for (let k = from; k < f.first; k++) {
      const t = T[k];
      if (t && SHARE_GAPS.has(t.lower)) shares = true;
    }
    const upFrom = before === 'from' && /^(up|down)$/u.test(T[f.first - 2]?.lower ?? '');
    // "rose 64.06 points to 4,577.10": the new level is in the same measure (not so for a percent).
    const level =
      (before === 'to' || before === 'at' || before === 'of') &&
      prev.kind === 'measure' &&
      f.first - from <= 4;
    if (upFrom || level) shares = true;
    else if (before === 'to' || before === 'at' || before === 'from' || before === '(' || before === 'than')
      shares = false;
    if (shares) copy(f, prev);
  }
}

function ordinalAt(T: Token[], i: number): RawFigure | undefined {
  const t = T[i];
  if (!t) return undefined;
  if (t.type === 'num' && /^\d+$/u.test(t.text)) {
    const s = T[i + 1];
    if (s?.glued && /^(st|nd|rd|th)$/u.test(s.lower)) {
      return {
        first: i,
        end: i + 2,
        value: Number(t.text),
        kind: 'ordinal',
        qualifier: 'exact',
        change: '=',
        nounUnit: false,
      };
    }
    return undefined;
  }
  if (t.type === 'word' && ORDINAL_WORDS[t.lower] !== undefined) {
    const prev = T[i - 1];
    // "a third of", "two-thirds" are fractions, not ranks.
    if (FRACTIONS[t.lower] !== undefined && T[i + 1]?.lower === 'of') return undefined;
    if (prev && (ONES[prev.lower] !== undefined || prev.type === 'num')) return undefined;
    const next = T[i + 1];
    if (next?.type !== 'word') return undefined;
    return {
      first: i,
      end: i + 1,
      value: ORDINAL_WORDS[t.lower] ?? 0,
      kind: 'ordinal',
      qualifier: 'exact',
      change: '=',
      nounUnit: false,
    };
  }
  return undefined;
}

/** What assemble() gives back: the figure, 'skip' when the number is not one, or a token index to resume at. */
type Assembled = RawFigure | 'skip' | number;

/**
 * A figure while assemble() reads the words around its number core, section by section. Every section reads
 * and updates this one record; the fields are all present from the start so the record keeps one shape.
 */
interface Draft {
  readonly T: Token[];
  readonly core: Core;
  /** The core's first token. */
  readonly t0: Token;
  /** Tokens before this index belong to the figure found before. */
  readonly floor: number;
  readonly lenient: boolean;
  /** The figures found so far in this sentence (appositions and conversions refer to the last one). */
  readonly previous: RawFigure[];
  value: number;
  first: number;
  end: number;
  low: number | undefined;
  high: number | undefined;
  qualifier: Qualifier;
  change: Change;
  /** The direction a qualifier states ("more than" → '>'). */
  qualChange: Change | undefined;
  /** The direction of a written sign ("+3%"). */
  signChange: Change | undefined;
  negative: boolean;
  currency: string | undefined;
  /** "a magnitude 7.1 earthquake": the unit written before the number. */
  prefixUnit: UnitEntry | undefined;
  /** "between" or "from" before the figure: what opens a range. */
  rangeOpen: 'between' | 'from' | undefined;
  /** "one in five adults": the value is a share. */
  proportion: boolean;
  /** A rise/fall verb before the figure. */
  trend: Trend | undefined;
  kind: FigureKind;
  unit: string | undefined;
  nounUnit: boolean;
  counted: string | undefined;
  countedRange: [number, number] | undefined;
  /** Where the figure's span ends when the counted phrase after it is left out of it. */
  rawEnd: number;
}

/**
 * Builds the figure around a number core. Returns the figure, 'skip' when the number is not a figure,
 * or a token index to resume at when tokens were consumed without a figure ("1 of 2").
 * Each step below is one part of the grammar at the top of this module, read in the order the words are.
 */
function assemble(ctx: Scan, core: Core, floor: number, previous: RawFigure[]): Assembled {
  const { T } = ctx;
  const t0 = T[core.first];
  if (!t0) return 'skip';
  const notFigure = furnitureOrName(ctx, core, t0) ?? yearAfterPreposition(T, core, t0);
  if (notFigure !== undefined) return notFigure;
  const d: Draft = {
    T,
    core,
    t0,
    floor,
    lenient: ctx.lenient,
    previous,
    value: core.value,
    first: core.first,
    end: core.end,
    low: core.low,
    high: core.high,
    qualifier: 'exact',
    change: '=',
    qualChange: undefined,
    signChange: undefined,
    negative: false,
    currency: undefined,
    prefixUnit: undefined,
    rangeOpen: undefined,
    proportion: false,
    trend: undefined,
    kind: 'count',
    unit: core.fold ? 'count' : undefined,
    nounUnit: false,
    counted: undefined,
    countedRange: undefined,
    rawEnd: core.end,
  };
  readPrefix(d);
  readScale(d);
  readProportion(d);
  d.trend = trendBefore(T, d.first, floor);
  const range = readRange(d);
  if (range !== undefined) return range;
  readUnit(d);
  readAge(d);
  readRate(d);
  if (readCounted(d) === 'skip') return 'skip';
  readToll(d);
  if (!spelledOutStands(d)) return 'skip';
  const year = yearStandingAlone(d);
  if (year !== undefined) return year;
  readTail(d);
  readPersonAge(d);
  readChange(d);
  return rawFigureOf(d);
}

// --- furniture and names -------------------------------------------------------------------

/** 'skip' or a token index to resume at when the number is page furniture or part of a name. */
function furnitureOrName(ctx: Scan, core: Core, t0: Token): 'skip' | number | undefined {
  const { T } = ctx;
  if (!core.word) {
    const prev = T[core.first - 1];
    const next = T[core.end];
    // Letters glued before the digits: "S23", "cac40".
    if (prev?.type === 'word' && t0.glued && !currencyBefore(T, core.first, 0)) return 'skip';
    // Labels: "category 4 hurricane", "Game 7", "chapter 11".
    if (prev && LABEL_NOUNS.has(prev.lower) && !t0.glued) return 'skip';
    // A lone number in brackets after a name: a jersey number, a footnote.
    if (prev?.text === '(' && next?.text === ')' && isCap(T[core.first - 2])) return 'skip';
    // Hyphenated names: "COVID-19", "Su-35" (but "sub-300", "minus-5").
    if (prev && DASHES.has(prev.text) && t0.glued && prev.glued) {
      const w = T[core.first - 2];
      if (w?.type === 'word' && !NAME_PREFIX_OK.has(w.lower) && !CURRENCY_PREFIXES[w.lower]) return 'skip';
      if (w?.type === 'num') return 'skip';
    }
    // "24/7", "1/2" written with a slash, version numbers "1.2.3".
    if (
      next?.glued &&
      (next.text === '/' || next.text === '.') &&
      T[core.end + 1]?.type === 'num' &&
      T[core.end + 1]?.glued
    ) {
      return core.end + 2;
    }
    if (prev?.glued && prev.text === '/' && T[core.first - 2]?.type === 'num') return 'skip';
    // "1.99×10−30": scientific notation is left alone.
    if ((next?.text === '×' && next.glued) || (prev?.text === '×' && t0.glued)) return 'skip';
    if (
      DASHES.has(prev?.text ?? '') &&
      t0.glued &&
      T[core.first - 2]?.text === '10' &&
      T[core.first - 3]?.text === '×'
    )
      return 'skip';
    // "COVID -19 tests": a minus sign after a capitalized name, with nothing measured, is part of the name.
    if (
      DASHES.has(prev?.text ?? '') &&
      t0.glued &&
      !prev?.glued &&
      isCap(T[core.first - 2]) &&
      !unitAfter(T, core.end)
    )
      return 'skip';
    // Photo counters and scores: "1 of 2".
    if (next?.lower === 'of' && T[core.end + 1]?.type === 'num' && /^\d+$/u.test(t0.text)) {
      const after = T[core.end + 2];
      if (after?.type !== 'word' || after.text === '|' || isCap(after) || after.lower === 'the') {
        return core.end + 2;
      }
    }
    // Glued letters after the digits that are no unit, scale or suffix: "5G", "4x4", "2018s".
    if (next?.glued && next.type === 'word') {
      const lw = next.lower;
      const known = SCALE_SUFFIXES[lw] !== undefined || unitAfter(T, core.end) !== undefined || lw === 's';
      if (!known) return 'skip';
      if (lw === 's') return core.end + 1; // the 1990s, in her 20s
    }
    // A number right after a capitalized word names something: "Section 427", "Game 2", "S&P 500".
    if (!ctx.lenient && prev && core.first > 0) {
      const nameLike =
        (isCap(prev) || (prev.text === '&' && isCap(T[core.first - 2]))) &&
        QUALIFIERS[prev.lower] === undefined &&
        CURRENCY_PREFIXES[prev.lower] === undefined &&
        currencyBefore(T, core.first, 0) === undefined &&
        !(core.first - 1 === 0) &&
        !/^["“'(]$/u.test(T[core.first - 2]?.text ?? '') &&
        prev.lower !== 'aged' &&
        prev.lower !== 'magnitude' &&
        prev.lower !== 'about';
      if (nameLike) {
        const u = unitAfter(T, core.end);
        const scaled = SCALES[T[core.end]?.lower ?? ''] !== undefined;
        if (!u && !scaled) return 'skip';
      }
    }
  } else if (/^\p{Lu}/u.test(t0.text) && core.first > 0 && isCap(T[core.first - 1]) && !ctx.lenient) {
    // "the Kick Six", "Channel Four": a spelled-out number inside a name.
    return 'skip';
  } else if (t0.lower === 'one') {
    const prev = T[core.first - 1];
    if (prev && ONE_BLOCKERS.has(prev.lower)) return 'skip';
    const next = T[core.end];
    if (next && (next.lower === 'another' || next.lower === "one's" || next.lower === 'day')) return 'skip';
    // "one he's", "one requires": a pronoun, not a count ("one of" and "one place" stay).
    if (next?.type === 'word' && next.lower !== 'of' && (/['’]s$/u.test(next.lower) || isPlural(next.text)))
      return 'skip';
    if (next?.type !== 'word') {
      if (!next || !DASHES.has(next.text)) return 'skip';
    }
  }
  return undefined;
}

/** "in 2018 to 3.9 million": a year after "in" is a date, never the start of a range. */
function yearAfterPreposition(T: Token[], core: Core, t0: Token): RawFigure | undefined {
  if (
    !core.word &&
    /^\d{4}$/u.test(t0.text) &&
    core.value >= 1800 &&
    core.value <= 2200 &&
    /^(in|since|during|until|till|by|before|after)$/u.test(T[core.first - 1]?.lower ?? '') &&
    unitAfter(T, core.end) === undefined &&
    !isPlural(T[core.end]?.text ?? 'x')
  ) {
    return yearFigure(core.first, core.value);
  }
  return undefined;
}

// --- prefix: sign, currency, qualifier ---------------------------------------------------------

/** The words before the number that belong to the figure; moves `first` back over them. */
function readPrefix(d: Draft): void {
  const { T, core, t0, floor } = d;
  let p = core.first;
  const signTok = T[p - 1];
  if (
    !core.word &&
    signTok &&
    p - 1 >= floor &&
    t0.glued &&
    (signTok.text === '-' || signTok.text === '−' || signTok.text === '+')
  ) {
    const before = T[p - 2];
    // A sign stands apart from the word before it ("FTSE -0.6%"); "sub-300" is a hyphen.
    if (!signTok.glued || before?.text === '$' || before?.text === '(') {
      if (signTok.text === '+') d.signChange = 'up';
      else {
        d.negative = true;
        d.signChange = 'down';
      }
      p--;
    }
  }
  if (T[p - 1]?.lower === 'minus' && p - 1 >= floor) {
    d.negative = true;
    p--;
  } else if (DASHES.has(T[p - 1]?.text ?? '') && T[p - 2]?.lower === 'minus' && p - 2 >= floor) {
    // "minus-130 degrees"
    d.negative = true;
    p -= 2;
  }
  const cur = currencyBefore(T, p, floor);
  if (cur) {
    d.currency = cur[0];
    p = cur[1];
    // "$-50.8bn"
  }
  if (!d.negative && cur) {
    const s2 = T[p - 1];
    if (s2 && (s2.text === '-' || s2.text === '−') && T[p]?.glued && p - 1 >= floor && !T[p - 1]?.glued) {
      d.negative = true;
      p--;
    }
  }
  // "a magnitude 7.1 earthquake", "magnitude-6.2": the unit written before the number.
  if (!cur && T[p - 1]?.lower === 'magnitude' && p - 1 >= floor) {
    d.prefixUnit = { norm: 'magnitude', kind: 'measure' };
    p--;
  } else if (!cur && DASHES.has(T[p - 1]?.text ?? '') && T[p - 2]?.lower === 'magnitude' && p - 2 >= floor) {
    d.prefixUnit = { norm: 'magnitude', kind: 'measure' };
    p -= 2;
  }
  const q = qualifierBefore(T, p, floor);
  if (q) {
    // "over" and "under" are qualifiers only right before a number; "some" must not be "some of".
    d.qualifier = q[0].qualifier;
    d.qualChange = q[0].change;
    p = q[1];
  }
  d.first = p;
  const opener = T[p - 1];
  if (opener && p - 1 >= floor && (opener.lower === 'between' || opener.lower === 'from')) {
    d.rangeOpen = opener.lower as 'between' | 'from';
  }
}

// --- scale ------------------------------------------------------------------------------------

/** A scale word or suffix at token `k` ("million", "bn", glued "m"): [multiplier, index after it]. */
function scaleAt(T: Token[], k: number, hasCurrency: boolean): [number, number] | undefined {
  const s = T[k];
  if (s?.type !== 'word') return undefined;
  if (s.glued) {
    const sc = SCALE_SUFFIXES[s.lower];
    if (sc === undefined) return undefined;
    if (s.text === 'm') {
      if (hasCurrency) return [sc, k + 1];
      const after = T[k + 1];
      const nounAfter =
        after?.type === 'word' &&
        (after.lower === 'of' || (!PHRASE_STOPS.has(after.lower) && !NON_NOUN_FOLLOWERS.has(after.lower)));
      return nounAfter ? [sc, k + 1] : undefined;
    }
    if ((s.lower === 'b' || s.lower === 'k') && !hasCurrency && s.text === 'b') return undefined;
    return [sc, k + 1];
  }
  const sc = SCALES[s.lower];
  if (sc !== undefined) {
    let e = k + 1;
    let mult = sc;
    // "1.5 million" and stacked scales: "hundreds of thousands" are handled as vague.
    const s2 = SCALES[T[e]?.lower ?? ''];
    if (s2 !== undefined && s2 >= 1000) {
      mult *= s2;
      e++;
    }
    return [mult, e];
  }
  // Spaced abbreviations: "5.2 mln units", "$3 bn"; a lone "m", "b" or "k" only after a currency.
  if (/^(bn|mn|tn|mln|bln|trn)$/u.test(s.lower) || (hasCurrency && /^(m|b|k)$/u.test(s.lower)))
    return [SCALE_SUFFIXES[s.lower] ?? 1, k + 1];
  return undefined;
}

/** The scale after the number, then the sign read before it. */
function readScale(d: Draft): void {
  if (!d.core.fraction && d.low === undefined) {
    const sc = scaleAt(d.T, d.end, d.currency !== undefined);
    if (sc) {
      d.value *= sc[0];
      d.end = sc[1];
    }
  }
  if (d.negative) d.value = -d.value;
}

/** "one in five adults", "three out of four voters": a proportion. */
function readProportion(d: Draft): void {
  const { T, value, end } = d;
  if (!d.currency && Number.isInteger(value) && value > 0 && value <= 20 && d.low === undefined) {
    const k =
      T[end]?.lower === 'in' ? end + 1 : T[end]?.lower === 'out' && T[end + 1]?.lower === 'of' ? end + 2 : -1;
    const den = k > 0 ? numericCore(T, k) : undefined;
    if (den && Number.isInteger(den.value) && den.value > value && den.value <= 1000 && !den.low) {
      const after = T[den.end];
      if (after?.type === 'word' && !PHRASE_STOPS.has(after.lower)) {
        d.value /= den.value;
        d.end = den.end;
        d.proportion = true;
      }
    }
  }
}

// --- range ------------------------------------------------------------------------------------

/**
 * A second bound after the first ("5 to 10", "$8 billion to $10 billion", "between 1600 and 1900"). Returns
 * what ends the figure early: a year range as a date, or the index after a score ("2-0").
 */
function readRange(d: Draft): RawFigure | number | undefined {
  const { T, core, trend, rangeOpen } = d;
  const firstUnitEarly = d.currency === undefined ? unitAfter(T, d.end) : undefined;
  const afterFirst = firstUnitEarly ? firstUnitEarly[1] : d.end;
  if (d.low === undefined) {
    const sep = T[afterFirst];
    const isSep =
      sep !== undefined &&
      (DASHES.has(sep.text) ||
        sep.lower === 'to' ||
        sep.lower === 'through' ||
        (sep.lower === 'and' && rangeOpen === 'between'));
    // "rose by $43.6 billion to $419.2 billion" is a change and a level; "fell by 1 to 1.5 degrees" a range.
    const blockedByTrend =
      trend?.by && rangeOpen === undefined && (firstUnitEarly !== undefined || d.currency !== undefined);
    if (isSep && sep && !blockedByTrend) {
      // The second bound may carry its own currency: "$8 billion to $10 billion", "$US160m and $US171m".
      let k = afterFirst + 1;
      let cur2: [string, number] | undefined;
      for (let n = 1; n <= 3 && !core.word; n++) {
        if (T[k + n]?.type !== 'num') continue;
        const c = currencyBefore(T, k + n, k);
        if (c && c[1] === k) {
          cur2 = c;
          k += n;
        }
        break;
      }
      const core2 =
        T[k]?.type === 'num'
          ? { first: k, end: k + 1, value: numValue(T[k]?.text ?? ''), word: false }
          : core.word
            ? wordNumber(T, k)
            : undefined;
      if (core2 && !(T[core2.end]?.glued && T[core2.end]?.text === ':')) {
        let v2 = core2.value;
        let e2 = core2.end;
        const sc2 = scaleAt(T, e2, d.currency !== undefined || cur2 !== undefined);
        if (sc2) {
          v2 *= sc2[0];
          e2 = sc2[1];
        }
        const u2 = cur2 ? undefined : unitAfter(T, e2);
        const unit1 = firstUnitEarly?.[0];
        const unit2 = u2?.[0];
        const sameUnit = unit1 === undefined || unit2 === undefined || unit1.norm === unit2.norm;
        const currencyOk = d.currency === undefined || cur2 === undefined || d.currency === cur2[0];
        // "$8 to $10 billion", "four to five thousand": the scale of the second applies to the first
        // when the first has none and its digits are smaller than the second's.
        let v1 = d.value;
        const scale2 = sc2?.[0] ?? (core2.word ? wordScale(T, core2.first, core2.end) : undefined);
        if (scale2 !== undefined && d.value === core.value && !firstUnitEarly && v1 < v2 / scale2)
          v1 *= scale2;
        const ascending = v1 < v2;
        const bare = !unit1 && !unit2 && !d.currency && !cur2;
        const tight = DASHES.has(sep.text) && sep.glued && T[core2.first]?.glued === true;
        // "2-0 down", "89-89": scores, not ranges and not figures.
        if (tight && bare && Number.isInteger(v1) && Number.isInteger(v2) && v1 >= v2 && !core.word)
          return e2;
        // "between 1600 and 1900", "2014-15": years.
        const y1 = /^\d{4}$/u.test(T[core.first]?.text ?? '') && v1 >= 1000 && v1 <= 2100;
        const y2text = T[core2.first]?.text ?? '';
        const y2 =
          (/^\d{4}$/u.test(y2text) && v2 >= 1000 && v2 <= 2100) || (tight && /^\d{2}$/u.test(y2text));
        const pluralAfter = T[e2]?.type === 'word' && isPlural(T[e2]?.text ?? '') && !isCap(T[e2]);
        // "Between 1600 and 1900 temperatures dropped": plain four-digit pairs after between/from are years.
        const period = rangeOpen !== undefined && v1 >= 1500 && y2text.length === 4;
        if (bare && y1 && y2 && (!pluralAfter || period)) {
          const hi = y2text.length === 2 ? Math.floor(v1 / 100) * 100 + v2 : v2;
          const fig = yearFigure(rangeOpen ? d.first - 1 : d.first, v1);
          fig.end = e2;
          fig.high = hi * 10000 + 1231;
          fig.iso = `${v1}/${hi}`;
          return fig;
        }
        const unitShared =
          !(firstUnitEarly && !u2 && !d.currency && sep.lower === 'to') || rangeOpen === 'from';
        if (sameUnit && currencyOk && (ascending || rangeOpen === 'from') && unitShared) {
          d.low = v1;
          d.high = v2;
          d.qualifier = d.qualifier === 'exact' ? 'range' : d.qualifier;
          d.end = e2;
          if (cur2) d.currency = d.currency ?? cur2[0];
          if (rangeOpen) d.first -= 1;
        }
      }
    }
  }
  if (d.low !== undefined && d.qualifier === 'exact') d.qualifier = 'range';
  return undefined;
}

// --- unit, currency, percent -------------------------------------------------------------------

/** The kind and unit: a currency read before the number, a unit after it, or one written before it. */
function readUnit(d: Draft): void {
  const { T } = d;
  if (d.currency) {
    d.kind = 'money';
    d.unit = d.currency;
    // "$5 billion dollars" is rare; "US$" followed by "dollars" would double the unit: skip it.
    const u = unitAfter(T, d.end);
    if (u && u[0].kind === 'money') d.end = u[1];
  } else {
    let k = d.end;
    // "6.1-inch", "five-year", "10-year-old"
    if (DASHES.has(T[k]?.text ?? '') && T[k]?.glued && T[k + 1]?.glued) k++;
    const u = unitAfter(T, k);
    if (u) {
      let unit = u[0];
      // "480 million pounds", "paid 40 pounds": money, not mass.
      if (
        unit.norm === 'pound-mass' &&
        (d.value >= 1e6 || MONEY_CONTEXT.test(sentenceWindow(T, d.first, 4)))
      ) {
        unit = { norm: 'pound sterling', kind: 'money' };
      }
      d.kind = unit.kind;
      d.unit = unit.norm;
      d.end = u[1];
    } else if (d.prefixUnit) {
      d.kind = d.prefixUnit.kind;
      d.unit = d.prefixUnit.norm;
    }
  }
}

/** Age: "50-year-old", "18 month-old", "65 years old", "aged 40". */
function readAge(d: Draft): void {
  const { T } = d;
  if (d.unit !== undefined && d.kind === 'duration') {
    let k = d.end;
    if (DASHES.has(T[k]?.text ?? '')) k++;
    if (T[k]?.lower === 'old') {
      d.kind = 'age';
      d.unit = `${d.unit} of age`;
      d.end = k + 1;
    }
  }
  if (d.kind === 'count' && T[d.first - 1]?.lower === 'aged' && d.unit === undefined) {
    d.kind = 'age';
    d.unit = 'year of age';
  }
}

// --- rate: "per day", "a barrel", "/ month" ---------------------------------------------------

function readRate(d: Draft): void {
  if (d.unit !== undefined && d.kind !== 'age') {
    const r = rateAfter(d.T, d.end, false);
    if (r) {
      d.unit = `${d.unit} per ${r[0]}`;
      if (d.kind !== 'percent') d.kind = 'rate';
      d.end = r[1];
    }
  }
}

// --- the counted noun phrase, or a toll participle ---------------------------------------------

/** The noun phrase a figure without a unit counts; 'skip' when the phrase shows the number is in a name. */
function readCounted(d: Draft): 'skip' | undefined {
  const { T, core, t0, end } = d;
  d.rawEnd = end;
  // ("five times faster" has its unit already: nothing after it is counted.)
  if (d.unit !== undefined) return undefined;
  let k = end;
  // "a pair of", "dozens of", "one of the", and "35m of its Echo devices".
  const ofDet = T[k]?.lower === 'of' && DETERMINERS.has(T[k + 1]?.lower ?? '') && T[k + 2]?.type === 'word';
  if (
    core.consumedOf ||
    core.fraction ||
    d.proportion ||
    d.low !== undefined ||
    t0.lower === 'one' ||
    core.word ||
    ofDet
  ) {
    if (T[k]?.lower === 'of') {
      k++;
      while (T[k] && DETERMINERS.has(T[k]?.lower ?? '')) k++;
      // "one of the most gifted attackers": skip the superlative adverb.
      if (T[k]?.lower === 'most' || T[k]?.lower === 'best') k++;
    }
  }
  // "half the condos"
  if (core.fraction && k === end && DETERMINERS.has(T[k]?.lower ?? '')) k++;
  // Hyphenated compound after the number: "12-page document" → "page document".
  if (DASHES.has(T[k]?.text ?? '') && T[k]?.glued && T[k + 1]?.glued && T[k + 1]?.type === 'word') k++;
  // "of the train's 96 cars": skip the possessive; the next number carries the noun.
  if (k > end && /['’]s$/u.test(T[k]?.lower ?? '')) k++;
  // "one of the best wireless speakers": the phrase after "of the" is plural.
  const ofPhrase = k > end && T[end]?.lower === 'of';
  const np = nounPhrase(
    T,
    k,
    (ofPhrase && !core.fraction) || d.proportion ? 2 : d.value,
    d.low !== undefined,
  );
  if (!np) return undefined;
  d.counted = T.slice(np[0], np[1])
    .map((x, idx) => (idx > 0 && !x.glued ? ` ${x.text}` : x.text))
    .join('');
  d.countedRange = np;
  const head = T[np[1] - 1];
  if (np.toll) {
    d.unit = head ? T[np[0]]?.lower : undefined;
  } else if (head) {
    d.unit = singular(head.lower);
  }
  d.nounUnit = true;
  // A unit at the head of the phrase: "millions of dollars", "517 rushing yards".
  const headUnit = np.toll ? undefined : UNITS[head?.lower ?? ''];
  if (headUnit && headUnit.kind !== 'count') {
    d.kind = headUnit.kind;
    d.unit = headUnit.norm;
    d.nounUnit = false;
    if (headUnit.kind === 'money' || np[1] - np[0] === 1) {
      d.counted = undefined;
      d.countedRange = undefined;
      d.rawEnd = np[1];
    }
  }
  // "45 trains a day": a counted rate.
  const r = d.kind === 'count' ? rateAfter(T, np[1], true) : undefined;
  if (r && d.unit !== undefined) {
    d.unit = `${d.unit} per ${r[0]}`;
    d.kind = 'rate';
  }
  // "358 El Brillo Way", "787 Dreamliner", "11 Pro Max": a number inside a name.
  const titled = (x: Token | undefined): boolean => x?.type === 'word' && /^\p{Lu}\p{Ll}/u.test(x.text);
  const words = T.slice(np[0], np[1]).filter((x) => x.type === 'word');
  const allCaps =
    (titled(T[np[0]]) || (words.length >= 2 && isCap(T[np[0]]))) && words.every((x) => isCap(x));
  if (
    !np.toll &&
    allCaps &&
    !isPlural(head?.text ?? '') &&
    Math.abs(d.value) !== 1 &&
    !d.lenient &&
    !core.word &&
    d.kind === 'count'
  ) {
    return 'skip';
  }
  return undefined;
}

/** A bare count's toll: the verb before it ("killing 126"), a participle after it ("300 were killed"). */
function readToll(d: Draft): void {
  const { T, end } = d;
  if (d.unit !== undefined || d.kind !== 'count') return;
  // "killing 126 and injuring more than 1,400", "wounded 30": the toll verb stands before the number.
  const verb = T[d.first - 1];
  const toll = verb ? TOLL_VERBS[verb.lower] : undefined;
  const after = T[end];
  if (toll && (after?.type !== 'word' || PHRASE_STOPS.has(after.lower))) {
    d.unit = toll;
    d.counted = verb?.text;
  } else {
    // "240 have died", "300 were killed", "40 others wounded"
    let k = end;
    if (T[k]?.lower === 'others' || T[k]?.lower === 'more') k++;
    while (AUXILIARIES.has(T[k]?.lower ?? '') && k < end + 3) k++;
    const part = T[k];
    if (k > end && part && TOLL_PARTICIPLES.has(part.lower)) {
      d.unit = part.lower;
      d.counted = part.text;
      d.countedRange = [k, k + 1];
    } else {
      // "300 a day", "57 per boat"
      const r = rateAfter(T, end, true);
      if (r) {
        d.unit = `count per ${r[0]}`;
        d.kind = 'rate';
        d.end = r[1];
        d.rawEnd = d.end;
      }
    }
  }
}

/** False when a spelled-out number is a modifier or a pronoun rather than a figure. */
function spelledOutStands(d: Draft): boolean {
  const { T, core, end } = d;
  // "a five-year award", "six-speed": a spelled-out number in a compound modifier is no figure.
  if (
    core.word &&
    d.kind !== 'age' &&
    DASHES.has(T[core.end]?.text ?? '') &&
    T[core.end]?.glued &&
    T[core.end + 1]?.glued
  ) {
    if (T[core.end + 1]?.type === 'word' && !core.fraction) return false;
  }
  // A spelled-out number with nothing counted is a pronoun ("the two signed"), not a figure,
  // unless a neighbour lends it a unit ("eight or nine euros").
  const lends =
    (/^(or|to|and)$/u.test(T[end]?.lower ?? '') && numericCore(T, end + 1) !== undefined) ||
    (T[core.first - 1]?.lower === 'from' && /^(up|down)$/u.test(T[core.first - 2]?.lower ?? '')) ||
    (T[end]?.lower === 'of' && [1, 2, 3].some((n) => T[end + n]?.type === 'num'));
  return !(core.word && d.unit === undefined && d.low === undefined && !core.fraction && !lends);
}

// --- years standing alone are dates -----------------------------------------------------------

function yearStandingAlone(d: Draft): RawFigure | undefined {
  const { T, core, t0, value } = d;
  if (
    !core.word &&
    d.kind === 'count' &&
    d.unit === undefined &&
    d.low === undefined &&
    /^\d{4}$/u.test(t0.text) &&
    value >= 1800 &&
    value <= 2100 &&
    d.first === core.first
  ) {
    return yearFigure(core.first, value);
  }
  if (
    !core.word &&
    d.kind === 'count' &&
    d.nounUnit &&
    d.low === undefined &&
    /^\d{4}$/u.test(t0.text) &&
    value >= 1800 &&
    value <= 2100 &&
    d.first === core.first
  ) {
    const prev = T[core.first - 1];
    const nextTok = T[core.end];
    if (
      (prev && (YEAR_CONTEXT.has(prev.lower) || prev.lower.endsWith("'s"))) ||
      isCap(nextTok) ||
      !isPlural(nextTok?.text ?? '')
    ) {
      return yearFigure(core.first, value);
    }
  }
  return undefined;
}

// --- qualifier after the number -----------------------------------------------------------------

/** "or so", "or more", "+" after the number; the span ends before the counted phrase. */
function readTail(d: Draft): void {
  const { T } = d;
  d.end = d.rawEnd;
  const tail = T[d.end];
  if (tail?.lower === 'or' && T[d.end + 1]?.lower === 'so') {
    d.qualifier = 'approx';
    d.qualChange = '~';
    d.end += 2;
  } else if (tail?.lower === 'or' && (T[d.end + 1]?.lower === 'more' || T[d.end + 1]?.lower === 'above')) {
    d.qualifier = 'at_least';
    d.qualChange = '>';
    d.end += 2;
  } else if (tail?.text === '+' && tail.glued) {
    d.qualifier = 'more_than';
    d.qualChange = '>';
    d.end += 1;
  }
}

/** A person's age: "Jamie Armstrong, 25, said", "Maria, who was 10.", "He will be 35 by the end of the year". */
function readPersonAge(d: Draft): void {
  const { T, core, value, first, end } = d;
  const ageLike =
    d.kind === 'count' &&
    d.unit === undefined &&
    !core.word &&
    Number.isInteger(value) &&
    value > 0 &&
    value < 110;
  const afterName =
    T[first - 1]?.text === ',' &&
    T[first - 2]?.type === 'word' &&
    (isCap(T[first - 2]) || !PHRASE_STOPS.has(T[first - 2]?.lower ?? '')) &&
    (T[end]?.text === ',' || T[end]?.text === '.');
  const afterCopula =
    first === core.first &&
    /^(was|is|be|turned|turns|turning|turn)$/u.test(T[first - 1]?.lower ?? '') &&
    /^(who|he|she|i|will|would|now|then|just|had|has)$/u.test(T[first - 2]?.lower ?? '') &&
    (T[end] === undefined || /^([.,;]|by|when|at|in|on|and|but)$/u.test(T[end]?.lower ?? ''));
  if (ageLike && (afterName || afterCopula)) {
    d.kind = 'age';
    d.unit = 'year of age';
  }
}

// --- change -------------------------------------------------------------------------------------

/** The direction: a bound, a rise/fall verb, a sign, or the figure before it that this one restates. */
function readChange(d: Draft): void {
  const { T, first, trend, rangeOpen, qualChange } = d;
  // An explicit bound ("lost more than 60%", "up about 19%") is reported before the direction.
  // An approximate size still reports the direction ("up nearly 57%").
  if (qualChange === '>' || qualChange === '<') d.change = qualChange;
  // "jumped from 240 to 273" states both levels: the range itself has no direction.
  else if (trend && !(trend.fromTo && rangeOpen !== 'from') && !(rangeOpen === 'from' && d.low !== undefined))
    d.change = trend.change;
  else if (d.signChange && d.kind === 'percent') d.change = d.signChange;
  else if (qualChange !== undefined) d.change = qualChange;
  // "lost 190 points, or 0.6%": an apposition shares the direction of the figure before it.
  const last = d.previous[d.previous.length - 1];
  if (d.change === '=' && last && (last.change === 'up' || last.change === 'down')) {
    const lastEnd = Math.max(last.end, last.countedRange?.[1] ?? 0);
    let shared = first - lastEnd <= 4 && first > lastEnd;
    for (let k = lastEnd; k < first && shared; k++) if (!LEVEL_LINKS.has(T[k]?.lower ?? '')) shared = false;
    if (shared) d.change = last.change;
    // "Ross was down 2.3%, Burlington by 2.6%": the verb is left out, the direction carries over.
    if (!shared && T[first - 1]?.lower === 'by' && !trend && d.kind === last.kind) d.change = last.change;
  }
  // A conversion in brackets restates the figure before it: "more than 100 km (60 miles)".
  if (last && T[first - 1]?.text === '(' && Math.max(last.end, last.countedRange?.[1] ?? 0) === first - 1) {
    // A rough figure's conversion is itself exact ("some seven miles (11 km)"); bounds and moves carry over.
    if (d.change === '=' && d.qualifier === 'exact' && last.change !== '~') {
      d.change = last.change;
      if (last.qualifier !== 'range' && d.low === undefined) d.qualifier = last.qualifier;
    }
  }
}

/** The finished figure, with only the optional fields that were found. */
function rawFigureOf(d: Draft): RawFigure {
  if (d.qualifier === 'exact' && d.low !== undefined) d.qualifier = 'range';
  const fig: RawFigure = {
    first: d.first,
    end: d.end,
    kind: d.kind,
    qualifier: d.qualifier,
    change: d.change,
    nounUnit: d.nounUnit,
  };
  if (d.low !== undefined && d.high !== undefined) {
    fig.low = d.negative ? -d.low : d.low;
    fig.high = d.high;
  } else {
    fig.value = d.value;
  }
  if (d.unit !== undefined) fig.unit = d.unit;
  if (d.counted !== undefined) fig.counted = d.counted;
  if (d.countedRange !== undefined) fig.countedRange = d.countedRange;
  return fig;
}

/** The largest scale word inside a spelled-out number ("five thousand" → 1000). */
function wordScale(T: Token[], a: number, b: number): number | undefined {
  let best: number | undefined;
  for (let k = a; k < b; k++) {
    const sc = SCALES[T[k]?.lower ?? ''];
    if (sc !== undefined && sc >= 1000 && (best === undefined || sc > best)) best = sc;
  }
  return best;
}

const MONEY_CONTEXT =
  /\b(paid|pay|pays|paying|cost|costs|costing|spent|spend|spending|worth|raised|raise|fund|funds|funding|fined|fine|budget|price|priced|sold|bought|earn|earned|earns|salary|wage|bill|owed|owe|debt|loan|grant|grants|aid|tax|taxes|sterling)\b/u;

/** Lower-cased words just before token `first`. */
function sentenceWindow(T: Token[], first: number, n: number): string {
  const out: string[] = [];
  for (let k = Math.max(0, first - n); k < first; k++) out.push(T[k]?.lower ?? '');
  return out.join(' ');
}

/** Words between a change and the figure that restates or completes it. */
const LEVEL_LINKS = new Set([',', 'or']);

const RATE_STOPS = new Set(['ago', 'earlier', 'later', 'before', 'after', 'from']);

/** "per day", "a barrel", "/ month" after position `end`: [denominator, new end]. */
function rateAfter(T: Token[], end: number, anyPer: boolean): [string, number] | undefined {
  const r = T[end];
  if (!r) return undefined;
  if (r.lower === 'annually' || r.lower === 'yearly') return ['year', end + 1];
  if (r.lower === 'daily' && anyPer) return ['day', end + 1];
  if (!(r.lower === 'per' || r.lower === 'a' || r.lower === 'an' || r.lower === 'each' || r.text === '/'))
    return undefined;
  if (r.lower === 'per' && (T[end + 1]?.lower === 'cent' || T[end + 1]?.lower === 'centum')) return undefined;
  const two = `${T[end + 1]?.lower ?? ''} ${T[end + 2]?.lower ?? ''}`;
  const denom2 = RATE_DENOMINATORS[two];
  const w = T[end + 1];
  if (w?.type !== 'word') return undefined;
  let denom = denom2 ?? RATE_DENOMINATORS[w.lower] ?? RATE_DENOMINATORS[singular(w.lower)];
  // "57 per boat", "$3 per share": after "per" any noun is a denominator.
  if (denom === undefined && r.lower === 'per' && !PHRASE_STOPS.has(w.lower)) denom = singular(w.lower);
  if (denom === undefined) return undefined;
  const e = end + (denom2 ? 3 : 2);
  // "a year ago", "a year earlier": a date, not a rate.
  if (RATE_STOPS.has(T[e]?.lower ?? '')) return undefined;
  if (r.lower === 'each' && denom === 'share') return undefined;
  return [denom, e];
}

function yearFigure(i: number, year: number): RawFigure {
  return {
    first: i,
    end: i + 1,
    low: year * 10000 + 101,
    high: year * 10000 + 1231,
    kind: 'date',
    unit: 'date',
    qualifier: 'range',
    change: '=',
    iso: String(year),
    nounUnit: false,
  };
}

interface Trend {
  change: Change;
  /** "rose by 5%": a following "to" is the new level, not a range. */
  by: boolean;
  /** "rose from 5% to 6%". */
  fromTo: boolean;
}

/** A rise/fall verb just before the figure: "rose 3.5%", "fell by about 2%", "down 0.4 per cent". */
const PHRASAL = new Set(
  (
    'gave give gives giving picked pick picks set sets made make makes took take takes put puts ran run runs ' +
    'shut shuts broke break breaks signed sign signs wound step stepped steps backed back turned ' +
    'turn turns handed hand hands came come comes went go goes showed show shows called call calls'
  ).split(' '),
);

function trendBefore(T: Token[], start: number, floor: number): Trend | undefined {
  let by = false;
  let from = false;
  for (let k = start - 1, n = 0; k >= Math.max(floor - 1, 0) && n < 4; k--, n++) {
    const t = T[k];
    if (!t) break;
    const w = t.lower;
    if (UP_WORDS.has(w) || DOWN_WORDS.has(w)) {
      // "an increase of", "up from" state a level, not a change.
      const nextTok = T[k + 1];
      if (nextTok?.lower === 'of') return undefined;
      if ((w === 'up' || w === 'down') && nextTok?.lower === 'from') return undefined;
      if (w === 'up' && nextTok?.lower === 'to') return undefined;
      if (w === 'down' && nextTok?.lower === 'to') return undefined;
      // "gave up 517 yards", "picked up 5": a phrasal verb, not a move.
      if ((w === 'up' || w === 'down') && PHRASAL.has(T[k - 1]?.lower ?? '')) return undefined;
      return { change: UP_WORDS.has(w) ? 'up' : 'down', by, fromTo: from };
    }
    if (w === 'by') {
      by = true;
      continue;
    }
    // "fell to 49.55", "climbed to 6.7%": the verb right before "to" moves the level.
    if (w === 'to' && n === 0) {
      const v = T[k - 1]?.lower ?? '';
      if ((UP_WORDS.has(v) || DOWN_WORDS.has(v)) && v !== 'up' && v !== 'down') continue;
      return undefined;
    }

    if (w === 'from') {
      from = true;
      continue;
    }
    if (ADVERB_SKIPS.has(w) || w.endsWith('ly') || t.type === 'sym') {
      if (t.text === '.' || t.text === ';' || t.text === ':' || t.text === '(') return undefined;
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** The noun phrase a number counts, as a token range, with `toll` when it is a participle ("killed"). */
function nounPhrase(
  T: Token[],
  k: number,
  value: number,
  isRange: boolean,
): ([number, number] & { toll?: boolean }) | undefined {
  const first = T[k];
  if (first?.type !== 'word') return undefined;
  const afterFirst = T[k + 1];
  const adjectival =
    afterFirst?.type === 'word' && !PHRASE_STOPS.has(afterFirst.lower) && isPlural(afterFirst.text);
  if (TOLL_PARTICIPLES.has(first.lower) && !adjectival) {
    let e = k + 1;
    if (T[e]?.lower === 'in' && TOLL_CONTEXTS.has(T[e + 1]?.lower ?? '')) e += 2;
    const r = [k, e] as [number, number] & { toll?: boolean };
    r.toll = true;
    return r;
  }
  // "eight more picks": the noun after "more" is counted.
  if (first.lower === 'more' || first.lower === 'fewer') {
    const nx = T[k + 1];
    if (nx?.type === 'word' && !PHRASE_STOPS.has(nx.lower) && T[k + 2]?.lower !== 'than')
      return nounPhrase(T, k + 1, value, isRange);
    return undefined;
  }
  if (first.lower === 'less') return undefined;
  if (
    (PHRASE_STOPS.has(first.lower) && !/^\p{Lu}{2,}$/u.test(first.text)) ||
    NON_NOUN_FOLLOWERS.has(first.lower) ||
    COMMON_VERBS.has(first.lower)
  ) {
    return undefined;
  }
  // "25k cheaper than", "five times faster": a comparison, not a counted noun.
  if (T[k + 1]?.lower === 'than') return undefined;
  if (UP_WORDS.has(first.lower) || DOWN_WORDS.has(first.lower)) return undefined;
  // Counts above one name a plural ("3,500 soldiers"); one and fractions a singular ("half a pint").
  const wantPlural = isRange || (Math.abs(value) > 1 && Number.isFinite(value));
  let e = k;
  let n = 0;
  let lastOk = -1;
  while (e < T.length && n < 5) {
    const t = T[e];
    if (!t) break;
    if (t.type === 'sym') {
      // glued hyphen inside a compound: "first-team", "cloud-to-ground"
      if (DASHES.has(t.text) && t.glued && T[e + 1]?.glued && T[e + 1]?.type === 'word') {
        e++;
        continue;
      }
      if (t.text === '&' && T[e + 1]?.type === 'word') {
        e++;
        continue;
      }
      break;
    }
    if (t.type === 'num') {
      // "Model 3 sedans"
      if (n > 0 && isCap(T[e - 1]) && T[e + 1]?.type === 'word' && !PHRASE_STOPS.has(T[e + 1]?.lower ?? '')) {
        e++;
        continue;
      }
      break;
    }
    const w = t.lower;
    // "63,000 Russian and North Korean troops": adjectives joined before the plural head.
    if ((w === 'and' || w === 'or') && wantPlural && n > 0 && !isPlural(T[e - 1]?.text ?? '')) {
      const nx = T[e + 1];
      if (nx?.type === 'word' && !PHRASE_STOPS.has(nx.lower)) {
        e++;
        continue;
      }
    }
    // ("US", "UK" in capitals are countries, not the pronoun "us".)
    if (PHRASE_STOPS.has(w) && !(n > 0 && t.glued) && !/^\p{Lu}{2,}$/u.test(t.text)) break;
    if (!wantPlural && n > 0 && /(s|ed|ing)$/u.test(w) && !isCap(t)) break;
    if (n > 0 && (UP_WORDS.has(w) || DOWN_WORDS.has(w) || TOLL_PARTICIPLES.has(w))) break;
    if (w.endsWith('ly') && !LY_NOUNS.has(w) && !isCap(t)) break;
    if (n > 0 && /(ed|ing)$/u.test(w) && lastOk >= 0 && isPlural(T[lastOk]?.text ?? '')) break;
    n++;
    e++;
    lastOk = e - 1;
    if (wantPlural && isPlural(t.text) && !isCap(T[e]) && T[e]?.text !== '-') break;
    if (!wantPlural && n >= 3) break;
  }
  if (lastOk < 0) return undefined;
  // Trim trailing words that are not plausible heads when a plural was wanted but not found.
  let end = lastOk + 1;
  if (wantPlural) {
    let pl = -1;
    for (let x = k; x < end; x++) if (T[x]?.type === 'word' && isPlural(T[x]?.text ?? '')) pl = x;
    if (pl >= 0) end = pl + 1;
    // No plural head: "a 3 cylinder engine", "the 12 page document" — the word right after counts.
    else end = Math.min(end, k + 1);
  }
  // Never end on a verb-like -ing/-ed word.
  while (end > k + 1 && /(ed|ing)$/u.test(T[end - 1]?.lower ?? '')) end--;
  if (end <= k) return undefined;
  const firstWord = T[k];
  if (firstWord && /(ed|ing)$/u.test(firstWord.lower) && end === k + 1) return undefined;
  return [k, end];
}
