// Mailer on Amazon SES v2: SendEmail with raw MIME content (our headers, List-Unsubscribe included) and a
// configuration set, so bounces and complaints reach the ses-events handler.
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { MailError } from '../core/errors.js';
import { once } from '../core/once.js';
import { parseMailbox } from '../deliver/mime/index.js';
import type { Mailer, MailMessage } from '../ports.js';
import { loadSesV2, type SesV2Module } from './aws-sdk.js';
import { rawMessage } from './outbox-mailer.js';

export interface SesMailerOptions {
  region: string;
  endpoint?: string;
  configurationSet?: string;
  client?: SESv2Client;
}

const THROTTLING = new Set(['TooManyRequestsException', 'ThrottlingException', 'LimitExceededException']);

export function classifySesError(error: unknown): MailError {
  const e = error as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const detail = typeof e.message === 'string' ? e.message : String(error);
  if (THROTTLING.has(name) || status === 429) {
    return new MailError('MAIL_THROTTLED', `mail: SES throttled the send (${name}): ${detail}`, true, {
      cause: error,
    });
  }
  // 5xx and failures without an HTTP answer (network, timeouts) may pass on a later try.
  const retryable = status === undefined || status >= 500;
  return new MailError(
    'MAIL_FAILED',
    `mail: SES ${name}${status ? ` (${status})` : ''}: ${detail}`,
    retryable,
    {
      cause: error,
    },
  );
}

export class SesMailer implements Mailer {
  private readonly options: SesMailerOptions;
  private readonly configurationSet: string | undefined;
  private readonly label: string;

  constructor(options: SesMailerOptions) {
    this.options = options;
    this.configurationSet = options.configurationSet;
    this.label = `ses ${options.endpoint ?? options.region}${options.configurationSet ? ` (${options.configurationSet})` : ''}`;
  }

  describe(): string {
    return this.label;
  }

  /**
   * The SDK module and the client, made on the first send (the module is loaded then, not at import). A caller's
   * client is used as is; otherwise one is built from the options, once (again after a failure).
   */
  private readonly sdk = once(
    (): Promise<{ ses: SesV2Module; client: SESv2Client }> =>
      loadSesV2().then((ses) => {
        const { client, region, endpoint } = this.options;
        return {
          ses,
          client: client ?? new ses.SESv2Client({ region, ...(endpoint !== undefined ? { endpoint } : {}) }),
        };
      }),
  );

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const { raw } = rawMessage(message, new Date());
    // Outside the try: a client that cannot be built is no SES answer (it used to fail in the constructor).
    const { ses, client } = await this.sdk();
    let answer: { MessageId?: string | undefined };
    try {
      answer = await client.send(
        new ses.SendEmailCommand({
          FromEmailAddress: parseMailbox(message.from).address,
          Destination: { ToAddresses: [parseMailbox(message.to).address] },
          Content: { Raw: { Data: Buffer.from(raw, 'utf8') } },
          ...(this.configurationSet !== undefined ? { ConfigurationSetName: this.configurationSet } : {}),
        }),
      );
    } catch (error) {
      throw classifySesError(error);
    }
    if (!answer.MessageId) throw new MailError('MAIL_FAILED', 'mail: SES answered without a MessageId', true);
    // SES replaces the Message-ID header; its own id is what bounce and complaint events refer to.
    return { messageId: answer.MessageId };
  }
}
