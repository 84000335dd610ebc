import { createServer } from 'node:net';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { SmtpMailer } from '../../functions/adapters/smtp-mailer.js';
import { MailError } from '../../functions/core/errors.js';
import type { MailMessage } from '../../functions/ports.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';

const message: MailMessage = {
  from: 'Tally Desk <digest@example.org>',
  to: 'reader@example.net',
  subject: 'Daily figures — 63,000 displaced',
  text: 'An estimated 63,000 people.',
  html: '<p>An estimated <b>63,000</b> people.</p>',
  headers: {
    'List-Unsubscribe': '<https://tally.example.org/unsubscribe?token=abc>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': '<daily.tally.example.org>',
  },
};

let sink: SmtpSink | undefined;
let mailer: SmtpMailer | undefined;
afterEach(async () => {
  mailer?.close();
  await sink?.close();
  sink = undefined;
  mailer = undefined;
});

async function sendError(m: SmtpMailer, msg: MailMessage): Promise<MailError> {
  try {
    await m.send(msg);
  } catch (error) {
    if (error instanceof MailError) return error;
    throw error;
  }
  throw new Error('send did not fail');
}

describe('SmtpMailer', () => {
  it('delivers our MIME message with the envelope and one-click headers intact', async () => {
    sink = await startSmtpSink();
    mailer = new SmtpMailer({ host: '127.0.0.1', port: sink.port, secure: false });
    const { messageId } = await mailer.send(message);
    expect(sink.messages).toHaveLength(1);
    const received = sink.messages[0];
    expect(received?.from).toBe('digest@example.org');
    expect(received?.to).toEqual(['reader@example.net']);
    const parsed = await simpleParser(received?.raw ?? '');
    expect(parsed.messageId).toBe(messageId);
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.html).toBe(message.html);
    expect(parsed.text?.trim()).toBe(message.text);
    const header = (name: string) => parsed.headerLines.find((h) => h.key === name)?.line;
    expect(header('list-unsubscribe')).toBe(
      'List-Unsubscribe: <https://tally.example.org/unsubscribe?token=abc>',
    );
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-id')).toBe('List-Id: <daily.tally.example.org>');
  });

  it('reuses one connection for consecutive messages and lets go of it when idle', async () => {
    sink = await startSmtpSink();
    mailer = new SmtpMailer({ host: '127.0.0.1', port: sink.port, secure: false });
    for (let i = 0; i < 5; i++) await mailer.send({ ...message, to: `reader${i}@example.net` });
    expect(sink.messages.map((m) => m.to[0])).toEqual([0, 1, 2, 3, 4].map((i) => `reader${i}@example.net`));
    expect(sink.connections()).toBe(1);
    mailer.close();
    await mailer.send(message);
    expect(sink.connections()).toBe(2);
  });

  it.each([
    { code: 550, retryable: false, errorCode: 'MAIL_FAILED' },
    { code: 451, retryable: true, errorCode: 'MAIL_THROTTLED' },
    { code: 452, retryable: true, errorCode: 'MAIL_THROTTLED' },
  ])('classifies a $code reply as retryable=$retryable', async ({ code, retryable, errorCode }) => {
    sink = await startSmtpSink({ rejectRecipient: () => ({ code, message: 'no thanks' }) });
    mailer = new SmtpMailer({ host: '127.0.0.1', port: sink.port, secure: false });
    const error = await sendError(mailer, message);
    expect(error.retryable).toBe(retryable);
    expect(error.code).toBe(errorCode);
    expect(error.message).toMatch(/^mail: /);
  });

  it('treats a refused connection as retryable', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    mailer = new SmtpMailer({ host: '127.0.0.1', port, secure: false });
    const error = await sendError(mailer, message);
    expect(error.retryable).toBe(true);
  });

  it('refuses header injection before connecting', async () => {
    mailer = new SmtpMailer({ host: '127.0.0.1', port: 1, secure: false });
    const error = await sendError(mailer, { ...message, subject: 'x\r\nBcc: victim@example.com' });
    expect(error.retryable).toBe(false);
  });
});
