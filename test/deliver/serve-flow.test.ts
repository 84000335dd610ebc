// The whole flow on the embedded default, as `tally serve` + `tally run` see it: the archive server with the
// subscription routes, the folder archive, the outbox. subscribe → confirmation mail → confirm → `tally run`
// mails the digest with one-click headers → POST the List-Unsubscribe URL → the next edition is not sent to
// that reader (and is sent to a reader who stayed).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { openMailer } from '../../functions/adapters/open-mailer.js';
import { loadConfig } from '../../functions/config.js';
import { createServer } from '../../functions/server/index.js';
import { routerFromConfig, serverRoute } from '../../functions/subscriptions/index.js';
import { runTally } from '../helpers/cli.js';

const repo = resolve(import.meta.dirname, '..', '..');
const SECRET = 'serve-flow-secret-0123456789abcdef';

function rss(items: Array<{ guid: string; title: string; text: string }>): string {
  const date = new Date().toUTCString();
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Late Wire</title><link>https://wire.example.org/</link><description>x</description>
${items
  .map(
    (
      i,
    ) => `<item><guid>${i.guid}</guid><title>${i.title}</title><link>https://wire.example.org/${i.guid}</link>
<pubDate>${date}</pubDate><description>${i.text}</description></item>`,
  )
  .join('\n')}
</channel></rss>`;
}

describe('subscribe, confirm, digest, one-click unsubscribe through the archive server and tally run', () => {
  let dir: string;
  let server: Server;
  let origin: string;
  let configPath: string;

  async function mails(): Promise<Array<{ file: string; mail: ParsedMail }>> {
    const files = (await readdir(join(dir, 'outbox')).catch(() => [] as string[])).sort();
    return Promise.all(
      files.map(async (file) => ({
        file,
        mail: await simpleParser(await readFile(join(dir, 'outbox', file))),
      })),
    );
  }

  const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0]?.text : m.to?.text) ?? '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tally-serve-flow-'));
    configPath = join(dir, 'tally.config.json');
    await writeFile(
      join(dir, 'late.xml'),
      rss([{ guid: 'a1', title: 'Troops sent', text: 'Some 3,500 soldiers were sent, officials said.' }]),
    );
    // The server first: its port is the public base URL the mail links point at.
    const archive = new FsBlobStore(join(dir, 'archive'));
    let route: Parameters<typeof serverRoute>[0] = async () => undefined;
    server = createServer({ store: archive, routes: [serverRoute((request) => route(request))] });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const shipped = JSON.parse(await readFile(join(repo, 'tally.config.json'), 'utf8'));
    await writeFile(
      configPath,
      JSON.stringify({
        feeds: [{ name: 'Late Wire', id: 'late-wire', file: 'late.xml', tags: ['world'] }],
        digests: [shipped.digests[0]],
        sender: shipped.sender,
        archive: { location: 'archive' },
        mailer: { type: 'outbox', dir: 'outbox' },
        subscribers: [],
        publicBaseUrl: origin,
        tokenSecret: SECRET,
      }),
    );
    const config = loadConfig(configPath);
    route = routerFromConfig(config, {
      store: archive,
      mailer: openMailer(config.mailer, {}),
      secret: SECRET,
    });
  }, 30_000);

  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()));
    await rm(dir, { recursive: true, force: true });
  });

  it('runs end to end', async () => {
    for (const email of ['leaver@example.org', 'stayer@example.org']) {
      const answer = await fetch(`${origin}/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email, digests: 'daily' }).toString(),
      });
      expect(answer.status).toBe(202);
    }
    const confirmations = await mails();
    expect(confirmations).toHaveLength(2);
    for (const { mail } of confirmations) {
      const url = new RegExp(`${origin}/confirm\\?token=[^\\s)"<>]+`).exec(mail.text ?? '')?.[0];
      expect(url).toBeDefined();
      expect((await fetch(url ?? '')).status).toBe(200);
    }

    const first = await runTally(['run', '--config', configPath]);
    expect(first.code).toBe(0);
    const digests = (await mails()).slice(2);
    expect(digests.map((d) => to(d.mail)).sort()).toEqual(['leaver@example.org', 'stayer@example.org']);
    const leaverDigest = digests.find((d) => to(d.mail) === 'leaver@example.org')?.mail;
    const header = (name: string) =>
      leaverDigest?.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const unsubscribeUrl = /^<(.+)>$/.exec(header('list-unsubscribe') ?? '')?.[1] ?? '';
    expect(unsubscribeUrl.startsWith(`${origin}/unsubscribe?token=`)).toBe(true);

    // The mail client's one-click POST (RFC 8058): no cookies, this body.
    const oneClick = await fetch(unsubscribeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);

    // Something new arrives; the next edition goes to the reader who stayed only.
    await writeFile(
      join(dir, 'late.xml'),
      rss([
        { guid: 'a1', title: 'Troops sent', text: 'Some 3,500 soldiers were sent, officials said.' },
        {
          guid: 'a2',
          title: 'Aid arrives',
          text: 'An estimated 63,000 people received aid, the agency said.',
        },
      ]),
    );
    const before = (await mails()).length;
    const second = await runTally(['run', '--config', configPath]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Digest daily: edition /);
    const after = (await mails()).slice(before);
    expect(after.map((d) => to(d.mail))).toEqual(['stayer@example.org']);
  }, 60_000);
});
