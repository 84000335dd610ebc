// Child process for the SIGKILL test: delivers one edition to M recipients over SMTP and prints the report.
// Usage: deliver-child.ts <archive dir> <smtp port> <M>

import { BlobSubscriberStore } from '../../functions/adapters/blob-subscriber-store.js';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { SmtpMailer } from '../../functions/adapters/smtp-mailer.js';
import { deliverEdition } from '../../functions/deliver/index.js';
import { hashedReaders } from './subscribers.js';

const [dir, port, count] = process.argv.slice(2);
if (!dir || !port || !count) throw new Error('usage: deliver-child.ts <dir> <port> <count>');

const secret = 'sigkill-test-secret-32-characters';
const now = new Date('2026-11-29T07:00:00Z');
const recipients = hashedReaders(
  Number(count),
  secret,
  now,
  (i) => `reader${String(i).padStart(3, '0')}@example.org`,
);

const mailer = new SmtpMailer({ host: '127.0.0.1', port: Number(port), secure: false });
const store = new FsBlobStore(dir);
const report = await deliverEdition({
  digest: 'daily',
  editionId: '2026-11-29',
  recipients,
  store,
  subscribers: new BlobSubscriberStore(store),
  mailer,
  from: 'Tally <digest@example.org>',
  listId: 'daily.tally.example.org',
  message: (r) => ({
    subject: 'Daily figures',
    text: `Edition 2026-11-29 for ${r.hash.slice(0, 8)}`,
    html: '<p>Edition 2026-11-29</p>',
    unsubscribeUrl: `https://tally.example.org/unsubscribe?token=${r.hash.slice(0, 8)}`,
  }),
  clock: { now: () => now },
});
mailer.close();
process.stdout.write(`${JSON.stringify(report)}\n`);
