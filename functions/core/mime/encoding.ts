// Content-Transfer-Encoding for body parts: quoted-printable (RFC 2045 §6.7) keeps .eml files readable
// and every line under the 76-character limit whatever the HTML looks like.

/** Line endings of any kind → CRLF. */
export function toCrlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

function hex(byte: number): string {
  return `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Encodes one line (no line break inside) of UTF-8 text, with soft breaks at 76 characters. */
function encodeLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    const last = i === bytes.length - 1;
    let token: string;
    if ((byte === 0x20 || byte === 0x09) && last) {
      // Trailing whitespace is stripped by some transports: encode it (rule 3).
      token = hex(byte);
    } else if ((byte >= 33 && byte <= 126 && byte !== 61) || byte === 0x20 || byte === 0x09) {
      token = String.fromCharCode(byte);
    } else {
      token = hex(byte);
    }
    // 75 characters plus the "=" of a soft break makes 76.
    if (current.length + token.length > 75) {
      out.push(`${current}=`);
      current = '';
    }
    current += token;
  }
  out.push(current);
  return out.join('\r\n');
}

export function quotedPrintable(text: string): string {
  return toCrlf(text).split('\r\n').map(encodeLine).join('\r\n');
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
