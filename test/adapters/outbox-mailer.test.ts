import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMailer } from '../../functions/adapters/open-mailer.js';
import { OutboxMailer } from '../../functions/adapters/outbox-mailer.js';
import { SesMailer } from '../../functions/adapters/ses-mailer.js';
import { SmtpMailer } from '../../functions/adapters/smtp-mailer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-outbox-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('OutboxMailer', () => {
  it('writes one .eml per message, multipart/alternative text + html', async () => {
    const mailer = new OutboxMailer(join(dir, 'outbox'), () => new Date('2026-11-29T07:00:00.123Z'));
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const { messageId } = await mailer.send({
        from: 'Tally <digest@example.org>',
        to: `reader${i}@example.org`,
        subject: `Edition ${i}`,
        text: 'Some 3,500 soldiers',
        html: '<p>Some 3,500 soldiers</p>',
        headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      ids.add(messageId);
    }
    expect(ids.size).toBe(3);
    const files = (await readdir(join(dir, 'outbox'))).sort();
    expect(files).toHaveLength(3);
    for (const f of files) expect(f).toMatch(/^20261129T070000123Z-[0-9a-f]{8}\.eml$/);
    const parsed = await simpleParser(await readFile(join(dir, 'outbox', files[0] ?? '')));
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(parsed.text?.trim()).toBe('Some 3,500 soldiers');
    expect(parsed.html).toBe('<p>Some 3,500 soldiers</p>');
    expect(ids.has(parsed.messageId ?? '')).toBe(true);
    expect(mailer.describe()).toContain(join(dir, 'outbox'));
  });
});

describe('openMailer', () => {
  it('opens the mailer the config names', () => {
    expect(openMailer({ type: 'outbox', dir }, {})).toBeInstanceOf(OutboxMailer);
    const smtp = openMailer(
      { type: 'smtp', host: '127.0.0.1', port: 2525, secure: false },
      { TALLY_SMTP_PASS: 'p' },
    );
    expect(smtp).toBeInstanceOf(SmtpMailer);
    expect(smtp.describe()).toBe('smtp://127.0.0.1:2525');
    (smtp as SmtpMailer).close();
    const ses = openMailer(
      { type: 'ses', region: 'eu-west-1', maxSendRate: 14, configurationSet: 'tally' },
      {},
    );
    expect(ses).toBeInstanceOf(SesMailer);
    expect(ses.describe()).toBe('ses eu-west-1 (tally)');
  });
});
