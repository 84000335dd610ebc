// A loopback SMTP server (npm smtp-server) that keeps every message it accepts, for adapter and delivery tests.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpSink {
  port: number;
  messages: SinkMessage[];
  /** SMTP connections opened so far. */
  connections(): number;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Reply with this SMTP error to RCPT TO for some addresses (e.g. { code: 550 } or { code: 451 }). */
  rejectRecipient?: (address: string) => { code: number; message: string } | undefined;
  /** Runs after a message is stored and before the server answers 250 to the client. */
  onMessage?: (message: SinkMessage, count: number) => void | Promise<void>;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // The default reverse DNS lookup of each client costs ~100 ms per connection on a machine without DNS.
    disableReverseLookup: true,
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onRcptTo(address, _session, callback) {
      const rejection = options.rejectRecipient?.(address.address);
      if (rejection) {
        const error = Object.assign(new Error(rejection.message), { responseCode: rejection.code });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const message: SinkMessage = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        };
        messages.push(message);
        Promise.resolve(options.onMessage?.(message, messages.length)).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    messages,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
