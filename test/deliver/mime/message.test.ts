import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { MailError } from '../../../functions/core/errors.js';
import {
  buildMimeMessage,
  decodeQuotedPrintable,
  encodeWords,
  foldHeader,
  formatDate,
  formatMailbox,
  type MimeInput,
  parseMailbox,
  quotedPrintable,
} from '../../../functions/deliver/mime/index.js';

const base: MimeInput = {
  from: 'Tally <digest@example.org>',
  to: 'reader@example.net',
  subject: 'Daily figures',
  text: 'Some 3,500 soldiers.',
  html: '<p>Some 3,500 soldiers.</p>',
  messageId: 'abc-123@example.org',
  date: new Date('2026-11-29T07:05:09Z'),
  boundary: '=_tally_0123456789',
};

describe('quotedPrintable', () => {
  const cases: Array<{ name: string; input: string }> = [
    { name: 'plain ASCII', input: 'Hello world' },
    { name: 'an equals sign', input: 'a=b' },
    { name: 'UTF-8 text', input: 'Kyiv — “roughly 12,000” troops, 5 €' },
    { name: 'trailing spaces and tabs', input: 'ends with space \nand tab\t' },
    { name: 'a line longer than 76', input: 'x'.repeat(300) },
    { name: 'long UTF-8 line', input: 'é'.repeat(120) },
    { name: 'mixed line endings', input: 'one\rtwo\nthree\r\nfour' },
  ];
  it.each(cases)('round-trips $name with lines of at most 76 characters', ({ input }) => {
    const encoded = quotedPrintable(input);
    for (const line of encoded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(encoded).not.toMatch(/[ \t]\r\n|[ \t]$/);
    expect(encoded).not.toMatch(/[^\x20-\x7e\r\n\t]/);
    expect(decodeQuotedPrintable(encoded)).toBe(input.replace(/\r\n|\r|\n/g, '\r\n'));
  });
});

describe('encodeWords', () => {
  it.each([
    ['short', 'Zürich'],
    ['long', 'Überblick: '.repeat(12)],
    ['emoji', '📈 figures 📉'.repeat(5)],
  ])('keeps each %s encoded word within 75 characters and decodable', (_name, text) => {
    const words = encodeWords(text);
    for (const w of words) expect(w.length).toBeLessThanOrEqual(75);
    const decoded = words
      .map((w) => Buffer.from(w.slice('=?UTF-8?B?'.length, -2), 'base64').toString('utf8'))
      .join('');
    expect(decoded).toBe(text);
  });
});

describe('foldHeader', () => {
  it('folds long values at whitespace only, so unfolding restores them', () => {
    const value = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const folded = foldHeader('Subject', value);
    for (const line of folded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(folded.replace(/\r\n/g, '')).toBe(`Subject: ${value}`);
  });
});

describe('parseMailbox / formatMailbox', () => {
  const cases: Array<{ input: string; address: string; name?: string; formatted: string }> = [
    { input: 'a@example.org', address: 'a@example.org', formatted: 'a@example.org' },
    {
      input: 'Tally <a@example.org>',
      address: 'a@example.org',
      name: 'Tally',
      formatted: 'Tally <a@example.org>',
    },
    {
      input: '"Tally, Inc." <a@example.org>',
      address: 'a@example.org',
      name: 'Tally, Inc.',
      formatted: '"Tally, Inc." <a@example.org>',
    },
    {
      input: 'Zürich Desk <a@example.org>',
      address: 'a@example.org',
      name: 'Zürich Desk',
      formatted: '=?UTF-8?B?WsO8cmljaCBEZXNr?= <a@example.org>',
    },
  ];
  it.each(cases)('reads "$input"', ({ input, address, name, formatted }) => {
    const box = parseMailbox(input);
    expect(box.address).toBe(address);
    expect(box.name).toBe(name);
    expect(formatMailbox(box)).toBe(formatted);
  });

  it.each([
    'no-at-sign',
    'a@b',
    'a@example.org\r\nBcc: victim@example.com',
    'two@example.org, three@example.org',
    'üser@example.org',
  ])('rejects %j', (input) => {
    expect(() => parseMailbox(input)).toThrow(MailError);
  });
});

describe('formatDate', () => {
  it('writes RFC 5322 dates in UTC', () => {
    expect(formatDate(new Date('2026-03-01T23:04:05Z'))).toBe('Sun, 1 Mar 2026 23:04:05 +0000');
  });
});

describe('buildMimeMessage', () => {
  it('builds a multipart/alternative message that a mail parser reads back', async () => {
    const raw = buildMimeMessage({
      ...base,
      subject: 'Überblick: 63,000 displaced',
      text: 'Line one\nZürich: “some 3,500”',
      html: '<p>Zürich: “some 3,500”</p>',
      headers: {
        'List-Unsubscribe': '<https://tally.example.org/unsubscribe?token=abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'List-Id': '<daily.tally.example.org>',
      },
    });
    expect(raw).not.toMatch(/[^\r]\n/);
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Überblick: 63,000 displaced');
    expect(parsed.text?.trim()).toBe('Line one\nZürich: “some 3,500”');
    expect(parsed.html).toBe('<p>Zürich: “some 3,500”</p>');
    expect(parsed.messageId).toBe('<abc-123@example.org>');
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(raw).toContain('List-Unsubscribe: <https://tally.example.org/unsubscribe?token=abc>');
    expect(raw).toContain('Content-Type: multipart/alternative; boundary="=_tally_0123456789"');
    // Text before HTML: the last alternative is the preferred one.
    expect(raw.indexOf('text/plain')).toBeLessThan(raw.indexOf('text/html'));
  });

  const rejects: Array<{ name: string; input: Partial<MimeInput> }> = [
    { name: 'CR/LF in the subject', input: { subject: 'Hi\r\nBcc: x@example.com' } },
    { name: 'LF in an extra header', input: { headers: { 'X-Note': 'a\nb' } } },
    { name: 'an extra header overriding To', input: { headers: { to: 'x@example.com' } } },
    { name: 'an extra Bcc header', input: { headers: { Bcc: 'x@example.com' } } },
    { name: 'a header name with a colon', input: { headers: { 'X:Y': 'v' } } },
    { name: 'a header name with a space', input: { headers: { 'X Y': 'v' } } },
    { name: 'a malformed message id', input: { messageId: 'no brackets <here>' } },
    { name: 'a boundary with spaces', input: { boundary: 'a b' } },
    { name: 'an invalid date', input: { date: new Date('nope') } },
    { name: 'a recipient list', input: { to: 'a@example.org, b@example.org' } },
  ];
  it.each(rejects)('rejects $name', ({ input }) => {
    expect(() => buildMimeMessage({ ...base, ...input })).toThrow(MailError);
  });

  it('rejects a boundary that occurs in a body', () => {
    expect(() => buildMimeMessage({ ...base, boundary: 'abc', text: 'x\n--abc\ny' })).toThrow(/boundary/);
  });
});
