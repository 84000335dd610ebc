// A local SMTP sink on 127.0.0.1: accepts every message, keeps only counts (messages, recipients, bytes).
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  port: number;
  /** Messages, recipients and bytes received since the last reset. */
  counts(): { messages: number; recipients: number; bytes: number };
  reset(): void;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  let messages = 0;
  let recipients = 0;
  let bytes = 0;
  const server = new SMTPServer({
    // Plain loopback SMTP, as a local relay offers it: no TLS, no auth.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    size: 50 * 1024 * 1024,
    onData(stream, session, callback) {
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      stream.on('end', () => {
        messages++;
        recipients += session.envelope.rcptTo.length;
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      if (address === null || typeof address === 'string') reject(new Error('smtp-sink: no TCP address'));
      else resolve(address.port);
    });
  });
  return {
    port,
    counts: () => ({ messages, recipients, bytes }),
    reset: () => {
      messages = 0;
      recipients = 0;
      bytes = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
