// Dates in running text ("Feb. 23-26", "March 5", "Wednesday", "2025-03-05"), resolved against the
// publication date and preferring the past. A date figure's value is the day as yyyymmdd.

import { MONTHS, WEEKDAYS } from './lexicon.js';
import type { Token } from './tokens.js';

export interface DateMatch {
  /** Token range [first, end). */
  first: number;
  end: number;
  /** yyyymmdd, or low/high for a range of days (a month, a year, "Feb. 23-26"). */
  value?: number;
  low?: number;
  high?: number;
  /** ISO form: 2025-02-23, 2025-02-23/2025-02-26, --03-05 when the year is unknown. */
  iso: string;
}

export interface Published {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

export function parsePublished(published: string | undefined): Published | undefined {
  if (published === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})/u.exec(published.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, weekday };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const ymd = (y: number, m: number, d: number): number => y * 10000 + m * 100 + d;
const isoOf = (y: number | undefined, m: number, d: number): string =>
  y === undefined ? `--${pad(m)}-${pad(d)}` : `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The year of month/day that is not after the publication date (a story reports the past). */
function resolveYear(month: number, day: number, pub: Published | undefined): number | undefined {
  if (!pub) return undefined;
  const pubKey = pub.month * 100 + pub.day;
  // A few days ahead is still this year ("on Feb. 28" in a story of Feb. 26 announcing a plan).
  return month * 100 + day <= pubKey + 7 ? pub.year : pub.year - 1;
}

function monthAt(tokens: Token[], i: number): { month: number; end: number } | undefined {
  const t = tokens[i];
  if (t?.type !== 'word') return undefined;
  const month = MONTHS[t.lower];
  if (month === undefined) return undefined;
  // Short forms need a capital ("Jan", "Feb."); "may" and "march" in lower case are verbs.
  if (!/^\p{Lu}/u.test(t.text)) return undefined;
  let end = i + 1;
  // "Feb." takes its period; "May." ends a sentence.
  const abbreviated = t.text.length <= 4 && t.lower !== 'may' && t.lower !== 'june' && t.lower !== 'july';
  if (abbreviated && tokens[end]?.text === '.' && tokens[end]?.glued) end++;
  return { month, end };
}

const dayNumber = (t: Token | undefined): number | undefined => {
  if (t?.type !== 'num' || !/^\d{1,2}$/u.test(t.text)) return undefined;
  const n = Number(t.text);
  return n >= 1 && n <= 31 ? n : undefined;
};

const yearNumber = (t: Token | undefined): number | undefined => {
  if (t?.type !== 'num' || !/^\d{4}$/u.test(t.text)) return undefined;
  const n = Number(t.text);
  return n >= 1800 && n <= 2199 ? n : undefined;
};

/** Skips a glued ordinal suffix after a day number ("5th"). */
function afterDay(tokens: Token[], i: number): number {
  const t = tokens[i];
  if (t?.glued && t.type === 'word' && /^(st|nd|rd|th)$/u.test(t.lower)) return i + 1;
  return i;
}

/** A date starting at token i, or undefined. */
export function matchDate(tokens: Token[], i: number, pub: Published | undefined): DateMatch | undefined {
  const t = tokens[i];
  if (!t) return undefined;

  // ISO 8601: 2025-03-05 (optionally followed by a time, which is left alone)
  if (t.type === 'num' && /^\d{4}$/u.test(t.text)) {
    const a = tokens[i + 1];
    const mm = tokens[i + 2];
    const b = tokens[i + 3];
    const dd = tokens[i + 4];
    if (a?.text === '-' && a.glued && mm?.glued && /^\d{2}$/u.test(mm.text) && b?.text === '-' && b.glued) {
      if (dd?.glued && /^\d{2}$/u.test(dd.text)) {
        const y = Number(t.text);
        const m = Number(mm.text);
        const d = Number(dd.text);
        if (m >= 1 && m <= 12 && d >= 1 && d <= 31) {
          return { first: i, end: i + 5, value: ymd(y, m, d), iso: isoOf(y, m, d) };
        }
      }
    }
  }

  // Month-first: "Feb. 23-26", "March 5, 2025", "June 2018", "October"
  const mo = monthAt(tokens, i);
  if (mo) {
    let j = mo.end;
    const d1 = dayNumber(tokens[j]);
    const nextAfterDay = tokens[j + 1];
    if (d1 !== undefined && !(nextAfterDay?.glued && nextAfterDay.text === ':')) {
      j = afterDay(tokens, j + 1);
      let d2: number | undefined;
      const dash = tokens[j];
      if (dash && (dash.text === '-' || dash.text === '–') && dash.glued) {
        const cand = dayNumber(tokens[j + 1]);
        if (cand !== undefined && cand > d1) {
          d2 = cand;
          j = afterDay(tokens, j + 2);
        }
      }
      let year: number | undefined;
      let k = j;
      if (tokens[k]?.text === ',') k++;
      const y = yearNumber(tokens[k]);
      if (y !== undefined) {
        year = y;
        j = k + 1;
      }
      const yr = year ?? resolveYear(mo.month, d1, pub);
      if (d2 !== undefined) {
        const lowIso = isoOf(yr, mo.month, d1);
        const highIso = isoOf(yr, mo.month, d2);
        return {
          first: i,
          end: j,
          low: ymd(yr ?? 0, mo.month, d1),
          high: ymd(yr ?? 0, mo.month, d2),
          iso: `${lowIso}/${highIso}`,
        };
      }
      return { first: i, end: j, value: ymd(yr ?? 0, mo.month, d1), iso: isoOf(yr, mo.month, d1) };
    }
    const y = yearNumber(tokens[j]) ?? (tokens[j]?.lower === 'of' ? yearNumber(tokens[j + 1]) : undefined);
    if (y !== undefined) {
      const end = tokens[j]?.lower === 'of' ? j + 2 : j + 1;
      return {
        first: i,
        end,
        low: ymd(y, mo.month, 1),
        high: ymd(y, mo.month, daysInMonth(y, mo.month)),
        iso: `${pad(y, 4)}-${pad(mo.month)}`,
      };
    }
    // A bare month name: only the unambiguous ones or after a preposition ("in May").
    const prev = tokens[i - 1]?.lower ?? '';
    const ambiguous = t.lower === 'may' || t.lower === 'march' || t.text.length <= 4;
    if (
      !ambiguous ||
      /^(in|since|by|until|till|from|during|early|late|mid|last|next|this|of|through)$/u.test(prev)
    ) {
      const yr = pub ? (mo.month <= pub.month ? pub.year : pub.year - 1) : undefined;
      if (yr === undefined) return { first: i, end: mo.end, iso: `--${pad(mo.month)}` };
      return {
        first: i,
        end: mo.end,
        low: ymd(yr, mo.month, 1),
        high: ymd(yr, mo.month, daysInMonth(yr, mo.month)),
        iso: `${pad(yr, 4)}-${pad(mo.month)}`,
      };
    }
    return undefined;
  }

  // Day-first: "1 September 2019", "5th of March"
  const d = dayNumber(t);
  if (d !== undefined) {
    let j = afterDay(tokens, i + 1);
    if (tokens[j]?.lower === 'of') j++;
    const m2 = monthAt(tokens, j);
    if (m2 && MONTHS[tokens[j]?.lower ?? ''] !== undefined && (tokens[j]?.text.length ?? 0) >= 3) {
      let end = m2.end;
      let year = yearNumber(tokens[end]);
      if (year !== undefined) end++;
      else year = resolveYear(m2.month, d, pub);
      return { first: i, end, value: ymd(year ?? 0, m2.month, d), iso: isoOf(year, m2.month, d) };
    }
  }

  // Weekdays: the most recent such day on or before publication.
  if (t.type === 'word' && WEEKDAYS[t.lower] !== undefined && /^\p{Lu}/u.test(t.text)) {
    const wd = WEEKDAYS[t.lower] ?? 0;
    if (!pub) return { first: i, end: i + 1, iso: t.text };
    const back = (pub.weekday - wd + 7) % 7;
    const dt = new Date(Date.UTC(pub.year, pub.month - 1, pub.day - back));
    const y = dt.getUTCFullYear();
    const m = dt.getUTCMonth() + 1;
    const dd = dt.getUTCDate();
    return { first: i, end: i + 1, value: ymd(y, m, dd), iso: isoOf(y, m, dd) };
  }
  return undefined;
}

/** Times of day are not figures: "11 a.m.", "10.45pm", "9:35 PM", "17:22". Returns the end token or -1. */
export function matchTime(tokens: Token[], i: number): number {
  const t = tokens[i];
  if (t?.type !== 'num') return -1;
  let j = i + 1;
  const colon = tokens[j];
  if (
    colon?.text === ':' &&
    colon.glued &&
    tokens[j + 1]?.glued &&
    /^\d{2}(\.\d+)?$/u.test(tokens[j + 1]?.text ?? '')
  ) {
    j += 2;
    if (tokens[j]?.text === ':' && tokens[j]?.glued && tokens[j + 1]?.type === 'num') j += 2;
    const ampm = tokens[j];
    if (ampm && /^(am|pm|a|p)$/u.test(ampm.lower)) j = skipAmPm(tokens, j);
    return j;
  }
  const ampm = tokens[j];
  if (ampm && /^(am|pm)$/u.test(ampm.lower) && /^\d{1,2}(\.\d{2})?$/u.test(t.text)) return j + 1;
  // "0401 GMT", "1600 ET"
  if (
    ampm &&
    /^\d{4}$/u.test(t.text) &&
    /^(GMT|UTC|EST|EDT|CST|CDT|PST|PDT|BST|CET|CEST|ET|PT|JST|KST)$/u.test(ampm.text)
  ) {
    return j + 1;
  }
  if (ampm && /^(a|p)$/u.test(ampm.lower) && tokens[j + 1]?.text === '.' && tokens[j + 2]?.lower === 'm') {
    return skipAmPm(tokens, j);
  }
  return -1;
}

function skipAmPm(tokens: Token[], j: number): number {
  const t = tokens[j];
  if (!t) return j;
  if (t.lower === 'am' || t.lower === 'pm') return j + 1;
  // a.m. / p.m.
  let k = j + 1;
  if (tokens[k]?.text === '.') k++;
  if (tokens[k]?.lower === 'm') k++;
  if (tokens[k]?.text === '.' && tokens[k]?.glued) k++;
  return k;
}
