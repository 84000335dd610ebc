// Feed dates in their real-world shapes: RFC 822/1123 (named zones, no seconds, two-digit years), W3CDTF and
// ISO 8601 (partial dates, offsets without a colon), and a few common loose spellings. Strings without a zone
// are read as UTC so the result never depends on the machine's time zone.

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  // a few non-English abbreviations seen in the wild
  mär: 3,
  mrz: 3,
  mai: 5,
  okt: 10,
  dez: 12,
  janv: 1,
  févr: 2,
  avr: 4,
  juil: 7,
  déc: 12,
};

/** Offsets in minutes of zone names RFC 822 allows plus common ones feeds use anyway. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  wet: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  ast: -240,
  adt: -180,
  nst: -210,
  ndt: -150,
  cet: 60,
  cest: 120,
  met: 60,
  mest: 120,
  bst: 60,
  west: 60,
  eet: 120,
  eest: 180,
  msk: 180,
  ist: 330,
  jst: 540,
  kst: 540,
  hkt: 480,
  sgt: 480,
  awst: 480,
  acst: 570,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

function offsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === '') return undefined;
  const numeric = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
  if (numeric) {
    const sign = numeric[1] === '-' ? -1 : 1;
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[3] ?? '0');
    if (hours > 14 || minutes > 59) return undefined;
    return sign * (hours * 60 + minutes);
  }
  const named = ZONES[zone.toLowerCase()];
  if (named !== undefined) return named;
  // RFC 822 military zones: their signs were specified backwards, so all but Z are treated as unknown → UTC.
  if (/^[a-ik-z]$/i.test(zone)) return 0;
  return undefined;
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  offset: number,
): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60)
    return undefined;
  if (year < 1900 || year > 2200) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis) - offset * 60_000;
  const date = new Date(ms);
  // Reject rollover (31 February) rather than silently moving the date.
  if (Number.isNaN(ms) || new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  return date.toISOString();
}

function fullYear(text: string): number {
  const year = Number(text);
  if (text.length === 2) return year < 50 ? 2000 + year : 1900 + year;
  if (text.length === 3) return 1900 + year;
  return year;
}

const ISO =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:[Tt\s]+(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;
const ISO_ORDINAL = /^(\d{4})-?(\d{3})$/;
const RFC822 =
  /^(?:[A-Za-zéû]{2,10}\.?,?\s*)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-zéä]{3,10})\.?,?[\s-]+(\d{2,4})(?:[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:([A-Za-z]{1,5}|[+-]\d{1,2}:?\d{2})(?:\s*\(.*\))?)?$/;
const US =
  /^(?:[A-Za-z]{2,10}(?:\.?,\s*|\.?\s+))?([A-Za-z]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[\s,]+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm|AM|PM)?)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?$/;

function month(name: string): number | undefined {
  const lower = name.toLowerCase();
  return MONTHS[lower] ?? MONTHS[lower.slice(0, 3)];
}

/** The ISO 8601 UTC timestamp of a feed date string, or undefined when it cannot be read. */
export function parseFeedDate(input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
  const text = input.trim().replace(/\s+/g, ' ');
  if (text === '' || text.length > 80) return undefined;

  const iso = ISO.exec(text);
  if (iso) {
    const offset = offsetMinutes(iso[8] === 'z' ? 'Z' : iso[8]) ?? 0;
    const millis = iso[7] ? Number(`0.${iso[7]}`) * 1000 : 0;
    return build(
      Number(iso[1]),
      Number(iso[2] ?? '1'),
      Number(iso[3] ?? '1'),
      Number(iso[4] ?? '0'),
      Number(iso[5] ?? '0'),
      Number(iso[6] ?? '0'),
      Math.floor(millis),
      offset,
    );
  }
  const ordinal = ISO_ORDINAL.exec(text);
  if (ordinal) {
    const ms = Date.UTC(Number(ordinal[1]), 0, Number(ordinal[2]));
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  const rfc = RFC822.exec(text);
  if (rfc) {
    const m = month(rfc[2] ?? '');
    const offset = rfc[7] === undefined ? 0 : offsetMinutes(rfc[7]);
    if (m !== undefined && offset !== undefined) {
      return build(
        fullYear(rfc[3] ?? ''),
        m,
        Number(rfc[1]),
        Number(rfc[4] ?? '0'),
        Number(rfc[5] ?? '0'),
        Number(rfc[6] ?? '0'),
        0,
        offset,
      );
    }
  }
  const us = US.exec(text);
  if (us) {
    const m = month(us[1] ?? '');
    const offset = us[8] === undefined ? 0 : offsetMinutes(us[8]);
    if (m !== undefined && offset !== undefined) {
      let hour = Number(us[4] ?? '0');
      const meridiem = us[7]?.toLowerCase();
      if (meridiem === 'pm' && hour < 12) hour += 12;
      if (meridiem === 'am' && hour === 12) hour = 0;
      return build(
        Number(us[3]),
        m,
        Number(us[2]),
        hour,
        Number(us[5] ?? '0'),
        Number(us[6] ?? '0'),
        0,
        offset,
      );
    }
  }
  // Last resort: the engine's parser, but only for strings that state their zone.
  if (/(?:Z|GMT|UTC|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) {
      const year = new Date(ms).getUTCFullYear();
      if (year >= 1900 && year <= 2200) return new Date(ms).toISOString();
    }
  }
  return undefined;
}
