// Readable key segments and file names made from free text: "Reuters World" → "reuters-world". One rule, so a
// feed id and a ledger page's file name are slugged alike.

/** Lower-case ASCII letters and digits joined by single dashes, cut to at most `max` characters. */
export function slug(text: string, max: number): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max);
}
