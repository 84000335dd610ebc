// Sentence splitting and tokenizing with character offsets; everything else in figures/ reads these tokens.

export type TokenType = 'num' | 'word' | 'sym';

export interface Token {
  text: string;
  lower: string;
  type: TokenType;
  start: number;
  end: number;
  /** No whitespace between this token and the previous one. */
  glued: boolean;
  /** Memo of isContentWord (context.ts). */
  content?: boolean;
  /** Memo of isVerbLike (context.ts). */
  verb?: boolean;
}

export interface Sentence {
  text: string;
  start: number;
  end: number;
  /** Index of the paragraph (blank or single newline separated) the sentence is in. */
  paragraph: number;
}

// Digits with thousands separators and decimals (".500" too), words with inner apostrophes, or one symbol.
const TOKEN_RE =
  /(\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)|([\p{L}][\p{L}\p{M}]*(?:['’][\p{L}]+)*)|(\S)/gu;

export function tokenize(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  let prevEnd = -1;
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    const raw = m[0];
    const start = m.index + offset;
    const type: TokenType = m[1] !== undefined ? 'num' : m[2] !== undefined ? 'word' : 'sym';
    tokens.push({
      text: raw,
      lower: raw.toLowerCase(),
      type,
      start,
      end: start + raw.length,
      glued: prevEnd === start,
    });
    prevEnd = start + raw.length;
  }
  return tokens;
}

/** Abbreviations after which a period does not end a sentence. */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof rep reps sen sens gov lt gen col maj capt cmdr sgt adm st jr sr inc corp co ltd ' +
    'no nos vs etc fig figs approx est dept univ mt ft ave blvd rev hon pres gov supt insp det ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun ' +
    'u.s u.k u.n e.u a.m p.m e.g i.e ca cf al ' +
    // US states as wire datelines write them: "SAN JOSE, Calif. (Reuters)"
    'ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev ' +
    'okla ore pa tenn tex vt va wash wis wyo'
  ).split(' '),
);

const OPENERS = /["'“‘([]/u;

/** Splits text into sentences with offsets. Newlines always end a sentence. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = 0;
  let start = 0;
  const push = (end: number): void => {
    let s = start;
    let e = end;
    while (s < e && /\s/u.test(text[s] ?? '')) s++;
    while (e > s && /\s/u.test(text[e - 1] ?? '')) e--;
    if (e > s) out.push({ text: text.slice(s, e), start: s, end: e, paragraph });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      push(i);
      start = i + 1;
      if (out.length > 0 && (out[out.length - 1]?.paragraph ?? 0) === paragraph) paragraph++;
      continue;
    }
    if (c !== '.' && c !== '!' && c !== '?') continue;
    // Extend over closing punctuation: ?" .) ..."
    let j = i + 1;
    while (j < text.length && /[.!?"'”’)\]]/u.test(text[j] ?? '')) j++;
    if (j >= text.length) continue;
    if (!/\s/u.test(text[j] ?? '')) continue;
    let k = j;
    while (k < text.length && text[k] !== '\n' && /\s/u.test(text[k] ?? '')) k++;
    const next = text[k] ?? '';
    if (next === '\n' || next === '') continue;
    if (!(/[\p{Lu}\d]/u.test(next) || OPENERS.test(next))) continue;
    if (c === '.') {
      // The word before the period: an abbreviation or an initial keeps the sentence going.
      let w = i;
      while (w > 0 && /[\p{L}.]/u.test(text[w - 1] ?? '')) w--;
      const word = text.slice(w, i).toLowerCase();
      if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word) || /^(\p{L}\.)+\p{L}$/u.test(word)) continue;
    }
    push(j);
    start = j;
  }
  push(text.length);
  return out;
}
