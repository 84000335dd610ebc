// Turns the bytes of a feed into text: byte-order mark first, then the HTTP charset, then the XML declaration
// (or an HTML page's <meta charset>), then UTF-8. Labels are mapped the way browsers map them (WHATWG), so "iso-8859-1" decodes as windows-1252.
import iconv from 'iconv-lite';

/** WHATWG-style aliases for labels whose browser meaning differs from the literal charset. */
const ALIASES: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  iso88591: 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'ansi_x3.4-1968': 'windows-1252',
  'iso-8859-9': 'windows-1254',
  'iso-8859-11': 'windows-874',
  'tis-620': 'windows-874',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'ks_c_5601-1987': 'euc-kr',
  'x-sjis': 'shift_jis',
  sjis: 'shift_jis',
  ms_kanji: 'shift_jis',
  'x-mac-roman': 'macintosh',
  'x-euc-jp': 'euc-jp',
  'big5-hkscs': 'big5hkscs',
  'utf-16': 'utf-16le',
  'utf-32': 'utf-32le',
  unicode: 'utf-16le',
  'unicode-1-1-utf-8': 'utf-8',
  utf8: 'utf-8',
};

/** A charset label as iconv-lite knows it, or undefined when the label is unknown. */
export function normalizeCharset(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const clean = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (clean === '') return undefined;
  const mapped = ALIASES[clean] ?? clean;
  return iconv.encodingExists(mapped) ? mapped : undefined;
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

function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
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
