// Benchmark (a script, not a test): MIME building and delivery throughput against the outbox, a loopback
// SMTP server and aws-ses-v2-local. Run: npm run bench:mail  (prints figures; asserts nothing)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { BlobSubscriberStore } from '../../functions/adapters/blob-subscriber-store.js';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { OutboxMailer } from '../../functions/adapters/outbox-mailer.js';
import { SesMailer } from '../../functions/adapters/ses-mailer.js';
import { SmtpMailer } from '../../functions/adapters/smtp-mailer.js';
import type { Subscriber } from '../../functions/core/model.js';
import { deliverEdition } from '../../functions/deliver/index.js';
import { buildMimeMessage } from '../../functions/deliver/mime/index.js';
import type { Mailer } from '../../functions/ports.js';
import { subscriberLinks } from '../../functions/subscriptions/tokens.js';
import { startSesEmulator } from '../helpers/ses-emulator.js';
import { startSmtpSink } from '../helpers/smtp-sink.js';
import { hashedReaders } from '../helpers/subscribers.js';

const SECRET = 'bench-secret-of-at-least-32-chars';
const now = new Date('2026-11-29T07:00:00Z');
// A digest-sized body: ~60 KB of HTML, ~12 KB of text, some non-ASCII.
const html = `<html><body>${'<p>Some 3,500 North Korean soldiers — “roughly 12,000” — were sent, officials said.</p>\n'.repeat(700)}</body></html>`;
const text = 'Some 3,500 North Korean soldiers — “roughly 12,000” — were sent.\n'.repeat(180);

function recipients(count: number): Subscriber[] {
  return hashedReaders(count, SECRET, now);
}

async function timeDelivery(label: string, mailer: Mailer, count: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tally-bench-'));
  try {
    const store = new FsBlobStore(join(dir, 'archive'));
    const started = performance.now();
    const report = await deliverEdition({
      digest: 'daily',
      editionId: '2026-11-29',
      recipients: recipients(count),
      store,
      subscribers: new BlobSubscriberStore(store),
      mailer,
      from: 'Tally <digest@example.org>',
      listId: 'daily.tally.example.org',
      clock: { now: () => now },
      message: (r) => {
        const links = subscriberLinks('https://tally.example.org', r.hash, SECRET, now);
        return { subject: 'Daily figures', html, text, unsubscribeUrl: links.unsubscribeUrl };
      },
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${label.padEnd(34)} ${String(report.sent).padStart(5)} sent in ${seconds.toFixed(2)} s = ${(report.sent / seconds).toFixed(0)} msg/s (failed ${report.failed.length})`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const iterations = 2000;
let started = performance.now();
let bytes = 0;
for (let i = 0; i < iterations; i++) {
  bytes = buildMimeMessage({
    from: 'Tally <digest@example.org>',
    to: `reader${i}@example.org`,
    subject: 'Überblick: daily figures',
    html,
    text,
    messageId: `${i}@example.org`,
    date: now,
    boundary: `=_tally_${i}`,
  }).length;
}
let ms = performance.now() - started;
console.log(
  `buildMimeMessage (${(bytes / 1024).toFixed(0)} KiB message)   ${(ms / iterations).toFixed(3)} ms/message`,
);

started = performance.now();
for (let i = 0; i < 20_000; i++) subscriberLinks('https://tally.example.org', '0f'.repeat(32), SECRET, now);
ms = performance.now() - started;
console.log(`subscriberLinks (two signed tokens)  ${((ms * 1000) / 20_000).toFixed(1)} µs/recipient`);

const outDir = await mkdtemp(join(tmpdir(), 'tally-bench-outbox-'));
await timeDelivery('deliverEdition → OutboxMailer', new OutboxMailer(outDir), 1000);
await rm(outDir, { recursive: true, force: true });

const sink = await startSmtpSink();
const smtp = new SmtpMailer({ host: '127.0.0.1', port: sink.port, secure: false });
await timeDelivery('deliverEdition → SMTP (loopback)', smtp, 300);
smtp.close();
await sink.close();

const ses = await startSesEmulator();
const client = new SESv2Client({
  region: 'us-east-1',
  endpoint: ses.endpoint,
  credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
});
await timeDelivery(
  'deliverEdition → SES (ses-v2-local)',
  new SesMailer({ region: 'us-east-1', client }),
  300,
);
await ses.close();
