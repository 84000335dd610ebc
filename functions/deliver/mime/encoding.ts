// Content-Transfer-Encoding for body parts: quoted-printable (RFC 2045 §6.7) keeps .eml files readable
// and every line under the 76-character limit whatever the HTML looks like.

/** Line endings of any kind → CRLF. */
export function toCrlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

const HEX = Buffer.from('0123456789ABCDEF', 'latin1');

/** Printable ASCII except "=", and the two blanks, stand for themselves. */
function isLiteral(byte: number): boolean {
  return (byte >= 33 && byte <= 126 && byte !== 61) || byte === 0x20 || byte === 0x09;
}

/**
 * UTF-8 quoted-printable with CRLF hard breaks and soft breaks keeping lines within 76 characters.
 * Written byte by byte into one buffer: a digest's HTML is ~100 KB and this runs once per recipient.
 */
export function quotedPrintable(text: string): string {
  const bytes = Buffer.from(toCrlf(text), 'utf8');
  // Worst case: every byte as =XX, plus a soft break every 25 encoded bytes.
  const out = Buffer.allocUnsafe(bytes.length * 3 + Math.ceil(bytes.length / 25) * 3 + 3);
  let o = 0;
  let lineLength = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x0d && bytes[i + 1] === 0x0a) {
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      lineLength = 0;
      i++;
      continue;
    }
    // Blanks at the end of a line are stripped by some transports: encode them (RFC 2045 §6.7 rule 3).
    const atLineEnd = i + 1 === bytes.length || bytes[i + 1] === 0x0d;
    const literal = isLiteral(byte) && !((byte === 0x20 || byte === 0x09) && atLineEnd);
    const width = literal ? 1 : 3;
    // 75 characters plus the "=" of a soft break makes 76; an =XX is never split.
    if (lineLength + width > 75) {
      out[o++] = 0x3d;
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      lineLength = 0;
    }
    if (literal) {
      out[o++] = byte;
    } else {
      out[o++] = 0x3d;
      out[o++] = HEX[byte >> 4] as number;
      out[o++] = HEX[byte & 15] as number;
    }
    lineLength += width;
  }
  return out.toString('latin1', 0, o);
}

/** Reverses quotedPrintable (used by tests and by readers of the outbox). */
export function decodeQuotedPrintable(encoded: string): string {
  const joined = encoded.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const char = joined[i] as string;
    if (char === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
