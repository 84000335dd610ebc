import { describe, expect, it } from 'vitest';
import { MailError } from '../../functions/core/errors.js';
import { errorFields, type LogEntry, lineLogger, logLine } from '../../functions/core/log.js';

describe('logLine', () => {
  const cases: Array<[string, LogEntry, Record<string, string>, string]> = [
    [
      'the event name first, then the fields',
      { digest: 'daily', event: 'send.batch', sent: 2 } as LogEntry,
      {},
      '{"event":"send.batch","digest":"daily","sent":2}',
    ],
    [
      'the context before the entry’s own fields',
      { event: 'http.response', status: 200 },
      { handler: 'subscriptions' },
      '{"event":"http.response","handler":"subscriptions","status":200}',
    ],
    [
      'an address in a message blanked',
      { event: 'record.failed', message: '550 <reader@example.org> unknown' },
      {},
      '{"event":"record.failed","message":"550 <<address>> unknown"}',
    ],
    [
      'an address in a list blanked',
      { event: 'x', who: ['a@b.example', 'abc123'] },
      {},
      '{"event":"x","who":["<address>","abc123"]}',
    ],
    ['undefined fields left out', { event: 'ingest.feed', code: undefined }, {}, '{"event":"ingest.feed"}'],
  ];
  it.each(cases)('writes %s', (_label, entry, context, line) => {
    expect(logLine(entry, context)).toBe(line);
  });

  it('writes one line per entry through lineLogger', () => {
    const lines: string[] = [];
    const log = lineLogger((line) => lines.push(line), { handler: 'ses-events' });
    log({ event: 'ses.notification', action: 'ignore' });
    expect(lines).toEqual(['{"event":"ses.notification","handler":"ses-events","action":"ignore"}']);
  });
});

describe('errorFields', () => {
  it('keeps the code and the start of the message; the stack only when asked', () => {
    const error = new MailError('MAIL_FAILED', `mail: ${'x'.repeat(400)}`, false);
    expect(errorFields(error)).toEqual({ code: 'MAIL_FAILED', message: `mail: ${'x'.repeat(294)}` });
    expect(errorFields(new Error('boom'), { stack: true }).stack).toMatch(/^Error: boom\n/);
    expect(errorFields('a string')).toEqual({ code: 'UNKNOWN', message: 'a string' });
  });
});
