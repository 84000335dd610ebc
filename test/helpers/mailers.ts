// An in-memory Mailer for tests: it keeps what it sends, and a script may make chosen sends fail.
import type { Mailer, MailMessage } from '../../functions/ports.js';

/** What to do with a send: an error to throw, or undefined to accept it. */
export type MailScript = (to: string, attempt: number) => Error | undefined;

/** Keeps every accepted message in `sent` (message ids <m1@example.org>, <m2@…>, … in that order). */
export class ScriptedMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  /** Sends tried per recipient, failed ones included. */
  readonly attempts = new Map<string, number>();
  private next: Error | undefined;
  constructor(private readonly script: MailScript = () => undefined) {}
  /** The next send throws `error`, once, whatever the script says. */
  failNext(error: Error): void {
    this.next = error;
  }
  async send(message: MailMessage) {
    const attempt = (this.attempts.get(message.to) ?? 0) + 1;
    this.attempts.set(message.to, attempt);
    const error = this.next ?? this.script(message.to, attempt);
    this.next = undefined;
    if (error) throw error;
    this.sent.push(message);
    return { messageId: `<m${this.sent.length}@example.org>` };
  }
  describe() {
    return 'scripted';
  }
}
