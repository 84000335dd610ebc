import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { figuresCommand } from '../../functions/cli/commands/figures.js';
import { type CapturedIO, memoryIO } from '../helpers/cli.js';

function io(stdinText = '', cwd = process.cwd()): CapturedIO {
  return memoryIO(cwd, { stdin: stdinText });
}

describe('tally figures', () => {
  it('prints {"figures":[...]} for a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tally-figures-'));
    await writeFile(
      join(dir, 'a.txt'),
      'North Korea sent some 3,500 soldiers on Feb. 23-26, officials said.',
    );
    const t = io('', dir);
    expect(await figuresCommand.run(['a.txt', '--published', '2025-03-05'], t)).toBe(0);
    const parsed = JSON.parse(t.out()) as { figures: Array<Record<string, unknown>> };
    expect(parsed.figures[0]).toMatchObject({ raw: 'some 3,500', value: 3500, qualifier: 'approx' });
    expect(parsed.figures.find((f) => f.kind === 'date')).toMatchObject({
      low: 20250223,
      high: 20250226,
      value: null,
    });
    const fields =
      'raw start end value low high kind unit counted qualifier change concepts source sentence salience';
    for (const f of parsed.figures) expect(Object.keys(f)).toEqual(fields.split(' '));
  });

  it('answers JSON lines in input order with nothing else on stdout', async () => {
    const lines = [
      { id: 'b', text: 'Prices rose 3.5% in June.' },
      { id: 'a', text: 'No figures here.' },
      { id: 7, text: 'About 400 killed.', published: '2025-01-02' },
    ];
    const t = io(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    expect(await figuresCommand.run(['--batch'], t)).toBe(0);
    const out = t
      .out()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: unknown; figures: unknown[] });
    expect(out.map((o) => o.id)).toEqual(['b', 'a', 7]);
    expect(out[1]?.figures).toEqual([]);
    expect(out[0]?.figures.length).toBeGreaterThan(0);
  });

  const bad: Array<[string, string[], string, RegExp]> = [
    ['a missing file', ['nope.txt'], '', /nope\.txt no such file/u],
    ['a bad JSON line', ['--batch'], '{"id":1,"text":"ok"}\n{oops\n', /line 2 is not JSON/u],
    ['a line without text', ['--batch'], '{"id":1}\n', /needs "text"/u],
    ['no FILE', [], '', /give a FILE or --batch/u],
    ['a bad --published', ['x.txt', '--published', 'March'], '', /--published must be/u],
    ['an unknown option', ['--frobnicate'], '', /unknown option/u],
  ];
  it.each(bad)('rejects %s with a clear message', async (_name, args, stdin, message) => {
    const t = io(stdin);
    const err = await figuresCommand.run(args, t).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(message);
    expect(['USAGE', 'INPUT_INVALID']).toContain((err as { code?: string }).code);
  });
});
