// Builds one RFC 5322 message: multipart/alternative with a text and an HTML part (RFC 2046 §5.1.4),
// both UTF-8 quoted-printable. Pure: the message id, boundary and date are given by the caller.
import { MailError } from '../../core/errors.js';
import type { MailMessage } from '../../ports.js';
import { quotedPrintable } from './encoding.js';
import {
  assertHeaderName,
  assertHeaderValue,
  foldHeader,
  formatMailbox,
  parseMailbox,
  unstructured,
} from './headers.js';

/** A MailMessage and what the caller fixes so the builder stays pure. */
export interface MimeInput extends MailMessage {
  /** Without angle brackets: "<local>@<domain>". */
  messageId: string;
  date: Date;
  /**
   * Multipart boundary. Start it with "=_": quoted-printable output never contains "=_", so such a
   * boundary cannot collide with a body (checked anyway).
   */
  boundary: string;
}

const MESSAGE_ID = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+$/;
const BOUNDARY = /^[A-Za-z0-9'()+_,./:=?-]{1,70}$/;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 §3.3 date-time in UTC: "Sun, 29 Nov 2026 01:15:18 +0000". */
export function formatDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${pad(
    date.getUTCHours(),
  )}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** The whole message with CRLF line endings, ready for SMTP DATA, SES raw content or an .eml file. */
export function buildMimeMessage(input: MimeInput): string {
  if (!MESSAGE_ID.test(input.messageId)) {
    throw new MailError(
      'MAIL_FAILED',
      `mail: message id "${input.messageId.slice(0, 80)}" is malformed`,
      false,
    );
  }
  if (!BOUNDARY.test(input.boundary)) {
    throw new MailError('MAIL_FAILED', 'mail: multipart boundary is malformed', false);
  }
  if (Number.isNaN(input.date.getTime())) {
    throw new MailError('MAIL_FAILED', 'mail: message date is invalid', false);
  }
  assertHeaderValue('Subject', input.subject);
  const from = parseMailbox(input.from);
  const to = parseMailbox(input.to);

  const lines: string[] = [
    foldHeader('From', formatMailbox(from)),
    foldHeader('To', formatMailbox(to)),
    foldHeader('Subject', unstructured(input.subject)),
    `Date: ${formatDate(input.date)}`,
    `Message-ID: <${input.messageId}>`,
  ];
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    assertHeaderName(name);
    assertHeaderValue(name, value);
    lines.push(foldHeader(name, unstructured(value)));
  }
  const text = quotedPrintable(input.text);
  const html = quotedPrintable(input.html);
  if (text.includes(`--${input.boundary}`) || html.includes(`--${input.boundary}`)) {
    throw new MailError('MAIL_FAILED', 'mail: multipart boundary occurs in a body part', false);
  }
  lines.push(
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${input.boundary}"`,
    '',
    `--${input.boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    text,
    `--${input.boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    html,
    `--${input.boundary}--`,
    '',
  );
  return lines.join('\r\n');
}
