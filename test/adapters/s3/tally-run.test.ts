// The whole pipeline on S3: `tally run --store s3://bucket/prefix --endpoint URL` (the lead's CLI), then the
// archive it wrote is verified and browsed through `tally serve` from the same bucket. Skips until the
// dispatcher (functions/cli/entry.ts or main.ts) exists.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../../functions/adapters/s3-blob-store.js';
import { verifyArchive } from '../../../functions/archive/site/index.js';
import { FIXTURES } from '../../archive/helpers.js';
import { repoRoot, spawnServe, tallyEntry } from '../../server/spawn-serve.js';
import { listAll, type S3Target, startS3Target } from './target.js';

const MAIN = tallyEntry();
const hasCli = MAIN !== undefined;
if (!hasCli) {
  console.warn(
    'tally run on S3 skipped: the tally dispatcher (functions/cli/entry.ts or main.ts) does not exist yet',
  );
}

const run = promisify(execFile);

describe.skipIf(!hasCli)('tally run --store s3://…', () => {
  let target: S3Target;
  let dir: string;
  const prefix = `run-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    target = await startS3Target();
    dir = await mkdtemp(join(tmpdir(), 'tally-run-s3-'));
  }, 60_000);
  afterAll(async () => {
    await target?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  function env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      AWS_ACCESS_KEY_ID: target.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: target.credentials.secretAccessKey,
      AWS_REGION: target.region,
    };
  }

  it('archives an edition in the bucket, and the archive verifies and browses', async () => {
    // The fixture feed's items, re-dated to the last hours so they fall inside the edition's window.
    const feed = join(dir, 'world-wire.xml');
    const recent = new Date(Date.now() - 2 * 3600_000).toUTCString();
    const xml = await readFile(join(FIXTURES, 'feeds', 'world-wire.xml'), 'utf8');
    await writeFile(feed, xml.replace(/<pubDate>[^<]*<\/pubDate>/g, `<pubDate>${recent}</pubDate>`));
    const config = join(dir, 'tally.config.json');
    await writeFile(
      config,
      JSON.stringify({
        feeds: [{ name: 'Example World Wire', file: feed }],
        digests: [{ name: 'world', title: 'World Figures', skipWhenEmpty: false, windowHours: 24 }],
        sender: { from: 'Tally <digest@example.org>' },
        mailer: { type: 'outbox', dir: join(dir, 'outbox') },
        subscribers: [{ email: 'reader@example.org' }],
        publicBaseUrl: 'http://127.0.0.1:8787',
      }),
    );
    const location = `s3://${target.bucket}/${prefix}`;
    const result = await run(
      resolve(repoRoot, 'node_modules/.bin/tsx'),
      [MAIN ?? '', 'run', '--config', config, '--store', location, '--endpoint', target.endpoint],
      { cwd: dir, env: env(), timeout: 120_000 },
    ).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`tally run failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    });
    expect(result.stdout).toContain(location);

    const keys = (await listAll(target.client(), target.bucket, `${prefix}/`)).map((k) =>
      k.slice(prefix.length + 1),
    );
    const edition = keys.find((k) => /^editions\/world\/[^/]+\/digest\.json$/.test(k));
    expect(edition, `keys written: ${keys.join(', ')}`).toBeDefined();
    const folder = edition?.replace(/digest\.json$/, '') ?? '';
    expect(keys).toEqual(
      expect.arrayContaining([
        `${folder}digest.html`,
        `${folder}digest.txt`,
        `${folder}index.html`,
        'index.html',
        'editions/world/index.html',
        'editions/world/feed.xml',
        'search/index.json',
      ]),
    );
    // Nothing was written outside the prefix.
    expect((await listAll(target.client(), target.bucket)).every((k) => k.startsWith(`${prefix}/`))).toBe(
      true,
    );

    const store = new S3BlobStore({ bucket: target.bucket, prefix, client: target.client() });
    const report = await verifyArchive(store);
    expect(report.problems).toEqual([]);

    const served = await spawnServe(['--store', location, '--endpoint', target.endpoint], env());
    try {
      for (const path of ['', 'editions/world/', folder, 'editions/world/feed.xml']) {
        const res = await fetch(`${served.url}${path}`);
        expect(res.status, path).toBe(200);
        await res.arrayBuffer();
      }
      const page = await (await fetch(`${served.url}${folder}`)).text();
      expect(page).toContain('World Figures');
      expect(page).toContain('https://wire.example.org/world/2025/03/05/north-korea-troops');
    } finally {
      await served.stop();
    }
  }, 180_000);
});
