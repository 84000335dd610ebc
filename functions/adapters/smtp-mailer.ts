// Mailer over SMTP (nodemailer). We hand nodemailer the finished MIME text so the headers are ours;
// SMTP replies are classified: 4xx and network trouble are retryable, 5xx are not.
import nodemailer, { type Transporter } from 'nodemailer';
import { MailError } from '../core/errors.js';
import { parseMailbox } from '../core/mime/index.js';
import type { Mailer, MailMessage } from '../ports.js';
import { rawMessage } from './outbox-mailer.js';

export interface SmtpMailerOptions {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
}

const NETWORK_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET', 'ECONNREFUSED']);

export function classifySmtpError(error: unknown): MailError {
  const e = error as { responseCode?: unknown; code?: unknown; message?: unknown };
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const detail = typeof e.message === 'string' ? e.message.split('\n')[0] : String(error);
  if (status === 421 || status === 450 || status === 451 || status === 452) {
    return new MailError(
      'MAIL_THROTTLED',
      `mail: SMTP server deferred the message (${status}): ${detail}`,
      true,
      {
        cause: error,
      },
    );
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new MailError('MAIL_FAILED', `mail: SMTP server answered ${status}: ${detail}`, true, {
      cause: error,
    });
  }
  if (status !== undefined && status >= 500) {
    return new MailError(
      'MAIL_FAILED',
      `mail: SMTP server rejected the message (${status}): ${detail}`,
      false,
      {
        cause: error,
      },
    );
  }
  const retryable = code === undefined || NETWORK_CODES.has(code);
  return new MailError('MAIL_FAILED', `mail: SMTP ${code ?? 'error'}: ${detail}`, retryable, {
    cause: error,
  });
}

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  private readonly label: string;

  constructor(options: SmtpMailerOptions) {
    this.label = `smtp://${options.host}:${options.port}`;
    this.transport = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure,
      // Without TLS from the start, insist on STARTTLS except on loopback (local sinks and relays).
      requireTLS: !options.secure && !isLoopback(options.host),
      ...(options.user !== undefined ? { auth: { user: options.user, pass: options.pass ?? '' } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  describe(): string {
    return this.label;
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const { raw, messageId } = rawMessage(message, new Date());
    try {
      await this.transport.sendMail({
        envelope: { from: parseMailbox(message.from).address, to: [parseMailbox(message.to).address] },
        raw,
      });
    } catch (error) {
      throw classifySmtpError(error);
    }
    return { messageId };
  }

  close(): void {
    this.transport.close();
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
