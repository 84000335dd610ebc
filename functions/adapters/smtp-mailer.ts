// Mailer over SMTP (nodemailer). We hand nodemailer the finished MIME text so the headers are ours;
// SMTP replies are classified: 4xx and network trouble are retryable, 5xx are not.
import nodemailer, { type Transporter } from 'nodemailer';
import type SmtpTransport from 'nodemailer/lib/smtp-transport/index.js';
import { MailError } from '../core/errors.js';
import { parseMailbox } from '../deliver/mime/index.js';
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

/** An idle pooled connection is closed after this long, so a finished `tally run` can exit. */
const IDLE_CLOSE_MS = 1_000;

/**
 * Reuses one SMTP connection across messages (a TLS handshake and the server's greeting delay per message
 * would dominate a run) and closes it once idle, since an open socket keeps the process alive.
 */
export class SmtpMailer implements Mailer {
  private readonly options: SmtpTransport.Options;
  private readonly label: string;
  private transport: Transporter | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private inFlight = 0;

  constructor(options: SmtpMailerOptions) {
    this.label = `smtp://${options.host}:${options.port}`;
    this.options = {
      host: options.host,
      port: options.port,
      secure: options.secure,
      // Without TLS from the start, insist on STARTTLS except on loopback (local sinks and relays).
      requireTLS: !options.secure && !isLoopback(options.host),
      ...(options.user !== undefined ? { auth: { user: options.user, pass: options.pass ?? '' } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    };
  }

  describe(): string {
    return this.label;
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const { raw, messageId } = rawMessage(message, new Date());
    const envelope = { from: parseMailbox(message.from).address, to: [parseMailbox(message.to).address] };
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.transport ??= nodemailer.createTransport({ ...this.options, pool: true, maxConnections: 1 });
    this.inFlight++;
    try {
      await this.transport.sendMail({ envelope, raw });
    } catch (error) {
      throw classifySmtpError(error);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) {
        this.idleTimer = setTimeout(() => this.close(), IDLE_CLOSE_MS);
        this.idleTimer.unref();
      }
    }
    return { messageId };
  }

  /** Closes the pooled connection now; a later send opens a new one. */
  close(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.transport?.close();
    this.transport = undefined;
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
