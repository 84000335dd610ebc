// The embedded default Mailer: every message becomes one .eml file in a folder (open it in any mail client).
// Also home of rawMessage(), the one place adapters turn a MailMessage into RFC 5322 bytes.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MailError } from '../core/errors.js';
import { buildMimeMessage, parseMailbox } from '../deliver/mime/index.js';
import type { Mailer, MailMessage } from '../ports.js';

/** The MIME text of a message with a fresh Message-ID on the sender's domain. */
export function rawMessage(message: MailMessage, now: Date): { raw: string; messageId: string } {
  const domain = parseMailbox(message.from).address.split('@')[1] ?? 'tally.invalid';
  const messageId = `${randomUUID()}@${domain}`;
  const raw = buildMimeMessage({
    ...message,
    messageId,
    date: now,
    boundary: `=_tally_${randomBytes(12).toString('hex')}`,
  });
  return { raw, messageId: `<${messageId}>` };
}

export class OutboxMailer implements Mailer {
  readonly dir: string;
  private readonly now: () => Date;

  constructor(dir: string, now: () => Date = () => new Date()) {
    this.dir = resolve(dir);
    this.now = now;
  }

  describe(): string {
    return `outbox ${this.dir}`;
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const now = this.now();
    const { raw, messageId } = rawMessage(message, now);
    // Sortable by time; the random part keeps two messages in the same millisecond apart.
    const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
    const name = `${stamp}-${randomBytes(4).toString('hex')}.eml`;
    try {
      await mkdir(this.dir, { recursive: true });
      const handle = await open(join(this.dir, name), 'wx');
      try {
        await handle.writeFile(raw);
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw new MailError(
        'MAIL_FAILED',
        `mail: cannot write ${name} to the outbox: ${(error as Error).message}`,
        true,
        {
          cause: error,
        },
      );
    }
    return { messageId };
  }
}
