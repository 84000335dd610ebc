// Header safety for outgoing mail: header names and values are checked (no CR/LF, no overriding the
// headers the builder owns), non-ASCII text is RFC 2047-encoded, and long lines are folded (RFC 5322 §2.2.3).
import { MailError } from '../../core/errors.js';

/** Headers the builder writes itself; a caller may not set them through `headers`. */
const RESERVED = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'sender',
  'return-path',
]);

/** RFC 5322 field name: printable ASCII except the colon. */
const FIELD_NAME = /^[!-9;-~]+$/;

/** The addr-spec we accept: dot-atom local part and a dotted domain, ASCII only (no SMTPUTF8). */
const ADDR_SPEC =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

const ATEXT_PHRASE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$/;

function fail(message: string): never {
  throw new MailError('MAIL_FAILED', message, false);
}

export function isAddrSpec(value: string): boolean {
  return value.length <= 254 && ADDR_SPEC.test(value);
}

export function assertHeaderName(name: string): void {
  if (!FIELD_NAME.test(name)) fail(`mail: header name "${name.slice(0, 40)}" is not a valid field name`);
  if (RESERVED.has(name.toLowerCase())) fail(`mail: header "${name}" is set by the message builder`);
}

/** Rejects values that could inject further headers or break the message. */
export function assertHeaderValue(name: string, value: string): void {
  if (/[\r\n\0]/.test(value)) fail(`mail: header "${name}" contains a line break or NUL`);
  if (value.length > 900) fail(`mail: header "${name}" is longer than 900 characters`);
}

function isPrintableAscii(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value);
}

/**
 * RFC 2047 "B" encoded words, each at most 75 characters, never splitting a UTF-8 sequence.
 * Returned as separate words; the caller joins them with folding whitespace.
 */
export function encodeWords(text: string): string[] {
  const words: string[] = [];
  // 45 bytes of UTF-8 → 60 base64 characters; with "=?UTF-8?B?" and "?=" that is 72.
  const maxBytes = 45;
  let chunk = '';
  let chunkBytes = 0;
  for (const char of text) {
    const bytes = Buffer.byteLength(char, 'utf8');
    if (chunkBytes + bytes > maxBytes && chunk !== '') {
      words.push(`=?UTF-8?B?${Buffer.from(chunk, 'utf8').toString('base64')}?=`);
      chunk = '';
      chunkBytes = 0;
    }
    chunk += char;
    chunkBytes += bytes;
  }
  if (chunk !== '' || words.length === 0) {
    words.push(`=?UTF-8?B?${Buffer.from(chunk, 'utf8').toString('base64')}?=`);
  }
  return words;
}

/**
 * Folds "Name: value" so no line passes 78 characters where whitespace allows it.
 * Folding only inserts CRLF before existing whitespace, so unfolding restores the value exactly.
 */
export function foldHeader(name: string, value: string): string {
  const limit = 78;
  const tokens = value.split(/(?= )/);
  const lines: string[] = [];
  let line = `${name}:`;
  let first = true;
  for (const token of tokens) {
    const piece = first ? ` ${token.replace(/^ /, '')}` : token;
    first = false;
    if (line.length + piece.length > limit && line.trim() !== `${name}:`) {
      lines.push(line);
      line = piece.startsWith(' ') ? piece : ` ${piece}`;
    } else {
      line += piece;
    }
  }
  lines.push(line);
  return lines.join('\r\n');
}

/** An unstructured header value (Subject, List-Id display text): ASCII as is, anything else encoded. */
export function unstructured(value: string): string {
  return isPrintableAscii(value) ? value : encodeWords(value).join(' ');
}

export interface Mailbox {
  name?: string;
  address: string;
}

/** Parses "Name <addr@example.org>" or a bare "addr@example.org". */
export function parseMailbox(value: string): Mailbox {
  assertHeaderValue('address', value);
  const trimmed = value.trim();
  const angle = /^(.*?)\s*<([^<>\s]+)>$/.exec(trimmed);
  const rawName = angle ? angle[1]?.trim() : undefined;
  const address = angle ? (angle[2] ?? '') : trimmed;
  if (!isAddrSpec(address)) fail(`mail: "${address.slice(0, 80)}" is not a deliverable address`);
  let name = rawName;
  if (name?.startsWith('"') && name.endsWith('"') && name.length >= 2) {
    name = name.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return name ? { name, address } : { address };
}

/** Formats a mailbox for a header: atoms as is, other ASCII quoted, non-ASCII encoded. */
export function formatMailbox(mailbox: Mailbox): string {
  if (mailbox.name === undefined || mailbox.name === '') return mailbox.address;
  const { name } = mailbox;
  let phrase: string;
  if (ATEXT_PHRASE.test(name)) phrase = name;
  else if (isPrintableAscii(name)) phrase = `"${name.replace(/(["\\])/g, '\\$1')}"`;
  else phrase = encodeWords(name).join(' ');
  return `${phrase} <${mailbox.address}>`;
}
