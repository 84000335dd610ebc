// The Lambda bundles as they ship, run: functions/ingest-feed.ts bundled with the stack's exact esbuild options
// (cdk/bundling/esbuild-options.ts: SDK external, zod lean, unused modules stubbed) is imported in a fresh node and
// its handler invoked; a second bundle with the same options, of the same handler plus the local adapters,
// drives the real ingest stage (fetch → charset → parse → clean → full text → figures) over fixtures, so a stub
// that was in fact reachable would fail here rather than in Lambda.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackBuildOptions } from '../../cdk/bundling/esbuild-options.js';
import { REPO_ROOT } from '../../cdk/constructs/tally-function.js';
import { FUNCTION_SPECS, type FunctionName } from '../../cdk/stacks/pipeline-stack.js';
import { inputsInOutput } from '../helpers/bundle.js';

const FIXTURES = resolve(REPO_ROOT, 'test/fixtures/bundles');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-bundles-test-'));
  // The runtime provides the SDK on Lambda; here the repo's copy stands in for it.
  symlinkSync(resolve(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs an ES module script in a fresh node with an empty environment; returns what it wrote to stdout. */
function runNode(script: string): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

async function bundle(entry: string, name: string) {
  const outfile = join(dir, name, 'index.mjs');
  const result = await build({ ...stackBuildOptions(entry, outfile), metafile: true, logLevel: 'silent' });
  return { outfile, inputs: inputsInOutput(result.metafile) };
}

describe('the ingest-feed bundle', () => {
  it('leaves out the SDK and the stubbed modules, imports, and its handler loads the wiring', async () => {
    const { outfile, inputs } = await bundle(resolve(REPO_ROOT, 'functions/ingest-feed.ts'), 'ingest');
    for (const gone of ['@aws-sdk/', '@smithy/', 'iconv-lite/', 'xmlbuilder/', 'postcss/', 'cssomnom/']) {
      expect(inputs.filter((file) => file.includes(`node_modules/${gone}`))).toEqual([]);
    }
    expect(inputs.filter((file) => file.startsWith('cdk/bundling/')).sort()).toEqual([
      'cdk/bundling/cssomnom-parse-stub.js',
      'cdk/bundling/postcss-stub.js',
      'cdk/bundling/xmlbuilder-stub.js',
      'cdk/bundling/zod-lean-classic.js',
      'cdk/bundling/zod-lean.js',
    ]);
    // The SDK is imported on first use, never at the bundle's top level (esbuild hoists static imports there).
    const text = readFileSync(outfile, 'utf8');
    expect(text).not.toMatch(/(?:from\s*|import\s*)"@aws-sdk\//);
    expect(text).toMatch(/import\("@aws-sdk\/client-s3"\)/);
    // With no environment the wiring (S3, SQS, pipeline) loads and stops at the first missing variable.
    const run = runNode(`
      const mod = await import(${JSON.stringify(pathToFileURL(outfile).href)});
      const event = { Records: [{ messageId: 'm0', receiptHandle: 'r0', body: '{}', attributes: {}, messageAttributes: {} }] };
      try { await mod.handler(event); console.log('resolved'); }
      catch (error) { console.log('rejected: ' + error.message); }
    `);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^rejected: aws: [A-Z_]+ is not set\n$/);
  });

  it('parses, cleans and fetches full text through the stubbed modules', async () => {
    const entry = join(dir, 'probe.ts');
    const from = (file: string) => JSON.stringify(resolve(REPO_ROOT, file));
    writeFileSync(
      entry,
      [
        `export { createHandler } from ${from('functions/ingest-feed.ts')};`,
        `export { ingestFeed } from ${from('functions/pipeline/ingest.ts')};`,
        `export { FsBlobStore } from ${from('functions/adapters/fs-blob-store.ts')};`,
        `export { parseConfig } from ${from('functions/config.ts')};`,
        `export { decodeFeedBody } from ${from('functions/fetch/charset.ts')};`,
        `export { parseFeed } from ${from('functions/parse/index.ts')};`,
        `export { sanitizeHtml } from ${from('functions/clean/index.ts')};`,
      ].join('\n'),
    );
    const { outfile } = await bundle(entry, 'probe');
    const run = runNode(`
      import { readFileSync } from 'node:fs';
      const m = await import(${JSON.stringify(pathToFileURL(outfile).href)});
      const fixture = (name) => readFileSync(${JSON.stringify(FIXTURES)} + '/' + name);
      const pages = {
        'https://news.example.org/feed.xml': {
          body: m.decodeFeedBody(fixture('feed.xml'), 'application/rss+xml; charset=windows-1252'),
          contentType: 'application/rss+xml',
        },
        'https://news.example.org/2026/harbour': {
          body: m.decodeFeedBody(fixture('article.html')),
          contentType: 'text/html; charset=utf-8',
        },
      };
      const fetcher = { fetch: async ({ url }) => pages[url] ? { status: 'ok', url, ...pages[url] } : { status: 'gone', url } };
      const config = m.parseConfig({
        feeds: [{ id: 'wire', name: 'Wire', url: 'https://news.example.org/feed.xml', fullText: true }],
        digests: [{ name: 'daily', title: 'Daily' }],
        sender: { from: 'digest@example.org' },
      }, '/var/task');
      const store = new m.FsBlobStore(process.cwd() + '/store');
      const feed = config.feeds[0];
      const result = await m.ingestFeed(feed, { config, store, fetcher, clock: { now: () => new Date('2026-11-29T07:00:00Z') }, log: () => {} });
      const atom = await m.parseFeed(fixture('atom-xhtml.xml').toString('utf8'), { feedId: 'a', feedUrl: 'https://news.example.org/atom' });
      console.log(JSON.stringify({
        status: result.status,
        error: result.error,
        items: result.items.map((s) => ({ title: s.item.title, text: s.item.text, html: s.item.html, figures: s.figures.length })),
        atom: atom.items.map((i) => i.title + ' | ' + i.html),
        styled: m.sanitizeHtml('<p style="color:red" onclick="x()">hi <img src="https://news.example.org/a.png" style="width:9px" width="300"></p>'),
      }));
    `);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as {
      status: string;
      items: Array<{ title: string; text: string; html?: string; figures: number }>;
      atom: string[];
      styled: string;
    };
    expect(out.status).toBe('ok');
    expect(out.items).toHaveLength(2);
    const [teaser, long] = out.items;
    // The teaser was replaced by the article page, its <style> and scripts gone; windows-1252 decoded.
    expect(teaser?.title).toBe('Harbour “reopens” after €4.2 million repair');
    expect(teaser?.text).toContain('The harbour authority said 312 vessels');
    expect(teaser?.html).not.toMatch(/<style|color:|<script/);
    expect(teaser?.figures).toBeGreaterThan(0);
    expect(long?.text).toContain('Ticket sales rose 18 percent');
    // Atom XHTML content (the path where rss-parser itself would have called xml2js's Builder).
    expect(out.atom).toHaveLength(1);
    expect(out.atom[0]).toMatch(
      /^Rates held \| .*<p>The central bank held its rate at <b>3\.5 percent<\/b>\.<\/p>/,
    );
    expect(out.styled).toBe('<p>hi <img src="https://news.example.org/a.png" width="300" /></p>');
  });
});

describe('every handler bundle', () => {
  // Which client modules each handler reaches on its first invocation; none may load at the bundle's top level.
  const clients: Record<FunctionName, string[]> = {
    planEdition: ['client-s3', 'client-sqs'],
    ingestFeed: ['client-s3', 'client-sqs'],
    buildEdition: ['client-s3', 'client-sqs'],
    sendBatch: ['client-s3', 'client-secrets-manager', 'client-sesv2'],
    subscriptions: ['client-s3', 'client-secrets-manager', 'client-sesv2'],
    sesEvents: ['client-s3', 'client-secrets-manager'],
  };
  it.each(Object.keys(FUNCTION_SPECS) as FunctionName[])(
    '%s imports the SDK only on first use',
    async (name) => {
      const { outfile } = await bundle(resolve(REPO_ROOT, FUNCTION_SPECS[name].entry), `sdk-${name}`);
      const text = readFileSync(outfile, 'utf8');
      expect(text).not.toMatch(/(?:from\s*|import\s*)"@aws-sdk\//);
      const dynamic = [...text.matchAll(/import\("@aws-sdk\/([a-z0-9-]+)"\)/g)].map((m) => m[1]);
      expect([...new Set(dynamic)].sort()).toEqual(clients[name]);
    },
  );
});

describe('the stubs', () => {
  it.each([
    ['xmlbuilder-stub.js', 'create'],
    ['postcss-stub.js', 'parse'],
    ['cssomnom-parse-stub.js', 'parse'],
  ])('%s throws a clear error when %s is called', async (file, name) => {
    const mod = (await import(pathToFileURL(resolve(REPO_ROOT, 'cdk/bundling', file)).href)) as Record<
      string,
      () => unknown
    >;
    expect(() => mod[name]?.()).toThrow(
      new RegExp(`^bundle: .*stubbed out of this bundle \\(cdk/bundling/${file}\\)`),
    );
  });
});
