// Turns the bytes of a feed into text: byte-order mark first, then the HTTP charset, then the XML declaration
// (or an HTML page's <meta charset>), then UTF-8. Labels are resolved the way browsers resolve them (the WHATWG
// Encoding Standard), so "iso-8859-1" decodes as windows-1252. Decoding uses the platform's TextDecoder (full ICU
// in Node and on Lambda) except for two cases it cannot be trusted with: windows-1252, which Node 20.18.3+/22.13+
// decode as ISO-8859-1 (nodejs/node#60888), and UTF-32, which the Encoding Standard does not define.

/** Labels outside the Encoding Standard that feeds use; each maps to a WHATWG label. */
const LOOSE_LABELS: Record<string, string> = {
  'latin-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso-8859-1:1987': 'windows-1252',
  'win-1252': 'windows-1252',
  'cp-1252': 'windows-1252',
  windows1252: 'windows-1252',
  utf_8: 'utf-8',
  'utf-8n': 'utf-8',
  'big5-hkscs': 'big5',
  'x-mac-roman': 'macintosh',
};

const UTF32_LABELS: Record<string, string> = {
  'utf-32': 'utf-32le',
  'utf-32le': 'utf-32le',
  'utf-32be': 'utf-32be',
  'ucs-4': 'utf-32le',
};

/**
 * A label's encoding name as the Encoding Standard spells it ("windows-1252", "shift_jis", "gbk", …) or
 * "utf-32le"/"utf-32be"; undefined when the label is unknown, or is one of the standard's "replacement" labels.
 */
export function normalizeCharset(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const clean = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (clean === '') return undefined;
  const utf32 = UTF32_LABELS[clean];
  if (utf32 !== undefined) return utf32;
  try {
    return new TextDecoder(LOOSE_LABELS[clean] ?? clean).encoding;
  } catch {
    return undefined;
  }
}

/** The charset parameter of a Content-Type header value. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const match = /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType);
  return match?.[2];
}

function bomCharset(bytes: Uint8Array): { charset: string; length: number } | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return { charset: 'utf-32be', length: 4 };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return { charset: 'utf-32le', length: 4 };
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { charset: 'utf-8', length: 3 };
  if (b0 === 0xfe && b1 === 0xff) return { charset: 'utf-16be', length: 2 };
  if (b0 === 0xff && b1 === 0xfe) return { charset: 'utf-16le', length: 2 };
  return undefined;
}

/** Without a BOM, the first bytes of "<?xml" still reveal a 16- or 32-bit encoding. */
function wideCharset(bytes: Uint8Array): string | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x00 && b3 === 0x00) return 'utf-32le';
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0x00 && b3 === 0x3c) return 'utf-32be';
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x3f && b3 === 0x00) return 'utf-16le';
  if (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 === 0x3f) return 'utf-16be';
  return undefined;
}

function xmlDeclCharset(head: string): string | undefined {
  const decl = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return decl?.[1];
}

function metaCharset(head: string): string | undefined {
  if (!/^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|meta)\b/i.test(head)) return undefined;
  return /<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head)?.[1];
}

/** windows-1252 is ISO-8859-1 but for 0x80–0x9f; these are its characters there (WHATWG index-windows-1252). */
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    const codes = new Array<number>(end - start);
    for (let i = start; i < end; i++) {
      const byte = bytes[i] ?? 0;
      codes[i - start] = byte >= 0x80 && byte < 0xa0 ? WINDOWS_1252_C1.charCodeAt(byte - 0x80) : byte;
    }
    chunks.push(String.fromCharCode(...codes));
  }
  return chunks.join('');
}

/** UTF-32 (LE or BE): a code point per 4 bytes; surrogates, values over U+10FFFF and a trailing partial unit become U+FFFD. */
function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: string[] = [];
  let codes: number[] = [];
  const whole = bytes.byteLength - (bytes.byteLength % 4);
  for (let offset = 0; offset < whole; offset += 4) {
    const cp = view.getUint32(offset, littleEndian);
    codes.push(cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp);
    if (codes.length === 8192) {
      chunks.push(String.fromCodePoint(...codes));
      codes = [];
    }
  }
  if (whole < bytes.byteLength) codes.push(0xfffd);
  chunks.push(String.fromCodePoint(...codes));
  return chunks.join('');
}

/** Decodes with an encoding name from normalizeCharset; bad bytes become U+FFFD, never an exception. */
function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === 'windows-1252') return decodeWindows1252(bytes);
  if (charset === 'utf-32le' || charset === 'utf-32be') return decodeUtf32(bytes, charset === 'utf-32le');
  return new TextDecoder(charset).decode(bytes);
}

/** Decodes a feed body: BOM > HTTP charset > XML declaration > UTF-8. Never throws on bad bytes. */
export function decodeFeedBody(bytes: Uint8Array, contentType?: string): string {
  const bom = bomCharset(bytes);
  if (bom) return decodeWith(bytes.subarray(bom.length), bom.charset);

  const http = normalizeCharset(charsetFromContentType(contentType));
  const wide = wideCharset(bytes);
  // A 16/32-bit document cannot be in an 8-bit HTTP charset: trust the bytes over a wrong header.
  if (wide && (http === undefined || !/^utf-(16|32)/.test(http))) return stripBom(decodeWith(bytes, wide));
  if (http) return stripBom(decodeWith(bytes, http));

  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 2048)).toString(
    'latin1',
  );
  // Article pages (full text) state their charset in a <meta> instead of an XML declaration.
  const declared = normalizeCharset(xmlDeclCharset(head) ?? metaCharset(head));
  // A declaration of UTF-16 read through 8-bit bytes is a lie (the bytes would not be readable): use UTF-8.
  if (declared && !/^utf-(16|32)/.test(declared)) return stripBom(decodeWith(bytes, declared));
  return stripBom(decodeWith(bytes, 'utf-8'));
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
