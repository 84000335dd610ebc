import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import type { CommandIO } from '../../functions/cli/command.js';
import { renderCommand } from '../../functions/cli/commands/render.js';
import { composeDigest } from '../../functions/compose/index.js';
import { sampleInput } from '../fixtures/digest/sample.js';

let dir = '';

function io(): CommandIO & { out: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  return {
    stdin: new PassThrough(),
    stdout,
    stderr: new PassThrough(),
    isTTY: false,
    env: {},
    cwd: dir,
    out: () => Buffer.concat(chunks).toString('utf8'),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-render-'));
  const config = {
    digests: [{ name: 'world', title: 'The World in Figures' }],
    sender: { from: 'Tally <digest@example.org>' },
    archive: { location: 'archive' },
    publicBaseUrl: 'https://news.example.org',
  };
  await writeFile(join(dir, 'tally.config.json'), JSON.stringify(config));
  const store = new FsBlobStore(join(dir, 'archive'));
  const older = composeDigest(sampleInput({ editionId: '2026-11-27', stories: [] }));
  const latest = composeDigest(sampleInput());
  await store.put('editions/world/2026-11-27/digest.json', JSON.stringify(older));
  await store.put('editions/world/2026-11-28/digest.json', JSON.stringify(latest));
  await store.put('editions/bad/2026-11-28/digest.json', '{"digest": "bad"}');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tally render', () => {
  it('renders the latest edition when none is named', async () => {
    const streams = io();
    expect(await renderCommand.run(['--digest', 'world'], streams)).toBe(0);
    expect(streams.out()).toContain('Floods kill at least 41 in north-east Bangladesh');
    expect(streams.out()).toContain('Subscribe</a>');
  });

  it('writes the named edition to --out', async () => {
    const streams = io();
    expect(
      await renderCommand.run(['--digest', 'world', '--edition', '2026-11-27', '--out', 'out.html'], streams),
    ).toBe(0);
    const html = await readFile(join(dir, 'out.html'), 'utf8');
    expect(html).toContain('Nothing new arrived');
    expect(streams.out()).toMatch(/^render: wrote .*out\.html/);
  });

  it('prints the text part with --format text', async () => {
    const streams = io();
    await renderCommand.run(['--digest', 'world', '--edition', '2026-11-28', '--format', 'text'], streams);
    expect(streams.out()).toContain('KEY FIGURES');
  });

  const failures: Array<[string, string[], RegExp]> = [
    ['no --digest', [], /--digest is required/],
    ['an unknown option', ['--digest', 'world', '--colour'], /render: /],
    ['an edition id with a path in it', ['--digest', 'world', '--edition', '../x'], /is not an edition id/],
    ['a digest with no editions', ['--digest', 'sport'], /no archived edition of "sport"/],
    ['a missing edition', ['--digest', 'world', '--edition', '2020-01-01'], /does not exist/],
    ['an invalid digest.json', ['--digest', 'bad'], /render: editions\/bad\/2026-11-28\/digest\.json: /],
    ['an unknown format', ['--digest', 'world', '--format', 'pdf'], /--format must be/],
  ];
  it.each(failures)('fails clearly on %s', async (_name, args, message) => {
    await expect(renderCommand.run(args, io())).rejects.toThrow(message);
  });
});
