import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classifySesError, SesMailer } from '../../functions/adapters/ses-mailer.js';
import { MailError } from '../../functions/core/errors.js';
import type { MailMessage } from '../../functions/ports.js';
import { type SesEmulator, startSesEmulator } from '../helpers/ses-emulator.js';

let emulator: SesEmulator;
let endpoint: string;

beforeAll(async () => {
  emulator = await startSesEmulator();
  endpoint = emulator.endpoint;
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await fetch(`${endpoint}/clear-store`, { method: 'POST' });
});

function client(): SESv2Client {
  return new SESv2Client({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

const message: MailMessage = {
  from: 'Tally <digest@example.org>',
  to: 'reader@example.net',
  subject: 'Weekly — roughly 12,000 troops',
  text: 'Roughly 12,000 troops.',
  html: '<p>Roughly <b>12,000</b> troops.</p>',
  headers: {
    'List-Unsubscribe': '<https://tally.example.org/unsubscribe?token=abc>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': '<weekly.tally.example.org>',
  },
};

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

async function stored(): Promise<StoredEmail[]> {
  const answer = await fetch(`${endpoint}/store`);
  return ((await answer.json()) as { emails: StoredEmail[] }).emails;
}

describe('SesMailer', () => {
  it('sends raw MIME through SES v2 and returns the SES message id', async () => {
    const mailer = new SesMailer({ region: 'us-east-1', configurationSet: 'tally-events', client: client() });
    const { messageId } = await mailer.send(message);
    const emails = await stored();
    expect(emails).toHaveLength(1);
    const email = emails[0];
    expect(email?.messageId).toBe(messageId);
    expect(email?.subject).toBe(message.subject);
    expect(email?.from).toContain('digest@example.org');
    expect(email?.destination.to.join()).toContain('reader@example.net');
    expect(email?.body.html).toBe(message.html);
    expect(email?.body.text?.trim()).toBe(message.text);
  });

  it('builds its own client from region and endpoint when none is given', async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, key: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
    const mailer = new SesMailer({ region: 'us-east-1', endpoint });
    try {
      await mailer.send(message);
    } finally {
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      else process.env.AWS_ACCESS_KEY_ID = saved.id;
      if (saved.key === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = saved.key;
    }
    expect(await stored()).toHaveLength(1);
    expect(mailer.describe()).toBe(`ses ${endpoint}`);
  });

  it('reports an emulator rejection as a non-retryable MailError', async () => {
    const mailer = new SesMailer({ region: 'us-east-1', client: client() });
    // The emulator refuses requests without an Authorization header: a 4xx answer.
    const anonymous = new SESv2Client({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    anonymous.middlewareStack.add(
      (next) => async (args) => {
        const request = (args as { request?: { headers?: Record<string, string> } }).request;
        if (request?.headers) delete request.headers.authorization;
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    const failing = new SesMailer({ region: 'us-east-1', client: anonymous });
    const error = await failing.send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailError);
    expect((error as MailError).retryable).toBe(false);
    expect((error as MailError).message).toMatch(/^mail: SES/);
    await mailer.send(message);
    expect(await stored()).toHaveLength(1);
  });
});

describe('classifySesError', () => {
  it.each([
    [{ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }, 'MAIL_THROTTLED', true],
    [{ name: 'LimitExceededException', $metadata: { httpStatusCode: 400 } }, 'MAIL_THROTTLED', true],
    [{ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }, 'MAIL_THROTTLED', true],
    [{ name: 'MessageRejected', $metadata: { httpStatusCode: 400 } }, 'MAIL_FAILED', false],
    [{ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }, 'MAIL_FAILED', true],
    [{ name: 'TimeoutError' }, 'MAIL_FAILED', true],
  ])('%o → %s retryable=%s', (error, code, retryable) => {
    const classified = classifySesError(Object.assign(new Error('x'), error));
    expect(classified.code).toBe(code);
    expect(classified.retryable).toBe(retryable);
  });
});
