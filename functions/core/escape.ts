// The escapers, one per output context: every piece of feed, subscriber or config text that lands in markup goes
// through the one for the place it lands, so no module keeps rules of its own (and none forgets the quotes).

const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// The five markup characters, and every character XML 1.0 forbids (C0 controls other than tab, newline and
// carriage return; lone surrogates; U+FFFE and U+FFFF), found in one pass.
const MARKUP_OR_FORBIDDEN = /[&<>"']|[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * HTML or XML: element text, and attribute values in double or single quotes. For the archive's pages and Atom
 * feeds, the subscription pages, and the HTML the parse stage makes of a feed's plain text. Characters XML
 * forbids are dropped (one would make an Atom document unreadable, and none means anything in HTML either);
 * everything else, non-ASCII included, is kept as it is.
 */
export function escapeHtml(value: string): string {
  return value.replace(MARKUP_OR_FORBIDDEN, (ch) => ENTITY[ch] ?? '');
}

/**
 * An XML attribute value written on one line (OPML's text, title, xmlUrl, category; also its title element).
 * As escapeHtml, and newlines and tabs become spaces: an XML reader normalizes them to spaces in attribute
 * values anyway, so writing the spaces keeps what is exported the same as what is read back.
 */
export function escapeXmlAttribute(value: string): string {
  return escapeHtml(value).replace(/\r\n?|\n|\t/g, ' ');
}

// C0 controls (except tab and newline) and DEL: none may come from feed text. The mail path's per-subscriber
// slot markers are such controls, so removing them also keeps feed text from opening a slot.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const MAIL_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const MAIL_SPECIAL = /[&<>"'\u0080-\u{10ffff}]/gu;

/** Text as mail carries it: control characters (and so slot markers) removed, carriage returns become newlines. */
export function cleanText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(MAIL_UNSAFE, '');
}

/**
 * Mail HTML (the rendered digest and confirmation mails): element text and quoted attribute values, as cleanText
 * leaves the text, with non-ASCII as numeric references. The result is ASCII, so the HTML stays 7-bit whatever
 * the mail path does to it and stays a one-byte string, which V8 copies and encodes faster than a two-byte one.
 */
export function escapeMailHtml(value: string): string {
  return cleanText(value).replace(MAIL_SPECIAL, (ch) => ENTITY[ch] ?? `&#${ch.codePointAt(0)};`);
}
