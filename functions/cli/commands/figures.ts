// `tally figures`: the key figures of one article file, or of JSON lines on stdin (--batch).

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { TallyError, UsageError } from '../../core/errors.js';
import type { KeyFigure } from '../../core/model.js';
import { extractFigures } from '../../extract/index.js';
import type { Command, CommandIO } from '../command.js';

const HELP = `Usage: tally figures FILE [--published YYYY-MM-DD] [--title TEXT]
       tally figures --batch < lines.jsonl

Prints the figures of a story, most salient first, as {"figures":[...]}. Every figure carries all of
raw, start, end, value, low, high, kind, unit, counted, qualifier, change, concepts, source, sentence,
salience; the ones that do not apply are null (value for a range, low/high for a single value).

Options:
  --published DATE  publication date (YYYY-MM-DD or ISO 8601); resolves "Wednesday", "Feb. 23-26"
  --title TEXT      the headline; figures repeated in it rank first
  --batch           read JSON lines {"id","text","published"?,"title"?} on stdin and write one line
                    {"id","figures":[...]} per input line, in input order
  -h, --help        this text

Example:
  tally figures story.txt --published 2025-03-05`;

interface Options {
  file?: string;
  published?: string;
  title?: string;
  batch: boolean;
  help: boolean;
}

function parseArgs(args: string[]): Options {
  const o: Options = { batch: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const value = (): string => {
      const v = args[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`figures: ${a} needs a value`);
      i++;
      return v;
    };
    if (a === '--batch') o.batch = true;
    else if (a === '-h' || a === '--help') o.help = true;
    else if (a === '--published') o.published = value();
    else if (a.startsWith('--published=')) o.published = a.slice('--published='.length);
    else if (a === '--title') o.title = value();
    else if (a.startsWith('--title=')) o.title = a.slice('--title='.length);
    else if (a.startsWith('-'))
      throw new UsageError(`figures: unknown option ${a} (see tally figures --help)`);
    else if (o.file === undefined) o.file = a;
    else throw new UsageError(`figures: one FILE only, got also ${a}`);
  }
  if (o.published !== undefined && !/^\d{4}-\d{2}-\d{2}/u.test(o.published)) {
    throw new UsageError(`figures: --published must be YYYY-MM-DD or ISO 8601, got "${o.published}"`);
  }
  return o;
}

function write(stream: NodeJS.WritableStream, line: string): Promise<void> {
  return new Promise((res, rej) => {
    stream.write(`${line}\n`, (err) => (err ? rej(err) : res()));
  });
}

interface BatchLine {
  id: string | number;
  text: string;
  published?: string;
  title?: string;
}

function parseBatchLine(line: string, n: number): BatchLine {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch (error) {
    throw new TallyError('INPUT_INVALID', `figures: stdin line ${n} is not JSON`, { cause: error });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new TallyError('INPUT_INVALID', `figures: stdin line ${n} must be a JSON object {"id","text"}`);
  }
  const rec = data as Record<string, unknown>;
  const { id, text, published, title } = rec;
  if (typeof id !== 'string' && typeof id !== 'number') {
    throw new TallyError('INPUT_INVALID', `figures: stdin line ${n} needs "id" (string or number)`);
  }
  if (typeof text !== 'string')
    throw new TallyError('INPUT_INVALID', `figures: stdin line ${n} needs "text" (string)`);
  if (published !== undefined && typeof published !== 'string') {
    throw new TallyError('INPUT_INVALID', `figures: stdin line ${n}: "published" must be a string`);
  }
  if (title !== undefined && typeof title !== 'string') {
    throw new TallyError('INPUT_INVALID', `figures: stdin line ${n}: "title" must be a string`);
  }
  const out: BatchLine = { id, text };
  if (published !== undefined) out.published = published;
  if (title !== undefined) out.title = title;
  return out;
}

const FIELDS = [
  'raw',
  'start',
  'end',
  'value',
  'low',
  'high',
  'kind',
  'unit',
  'counted',
  'qualifier',
  'change',
  'concepts',
  'source',
  'sentence',
  'salience',
] as const;

/** Every field present, null where it does not apply, in a stable order. */
function complete(figures: KeyFigure[]): Array<Record<string, unknown>> {
  return figures.map((f) => {
    const out: Record<string, unknown> = {};
    for (const k of FIELDS) out[k] = f[k] ?? null;
    return out;
  });
}

async function runBatch(io: CommandIO): Promise<number> {
  const rl = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (line.trim() === '') continue;
    const rec = parseBatchLine(line, n);
    const opts: { published?: string; title?: string } = {};
    if (rec.published !== undefined) opts.published = rec.published;
    if (rec.title !== undefined) opts.title = rec.title;
    const figures = complete(extractFigures(rec.text, opts));
    await write(io.stdout, JSON.stringify({ id: rec.id, figures }));
  }
  return 0;
}

export const figuresCommand: Command = {
  name: 'figures',
  summary: 'print the key figures of an article (or of JSON lines with --batch)',
  help: HELP,
  async run(args: string[], io: CommandIO): Promise<number> {
    const o = parseArgs(args);
    if (o.help) {
      await write(io.stdout, HELP);
      return 0;
    }
    if (o.batch) {
      if (o.file !== undefined) throw new UsageError('figures: --batch reads stdin; give no FILE');
      return runBatch(io);
    }
    if (o.file === undefined)
      throw new UsageError('figures: give a FILE or --batch (see tally figures --help)');
    const path = resolve(io.cwd, o.file);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
      throw new TallyError('INPUT_INVALID', `figures: ${o.file} ${why}`, { cause: error });
    }
    const opts: { published?: string; title?: string } = {};
    if (o.published !== undefined) opts.published = o.published;
    if (o.title !== undefined) opts.title = o.title;
    await write(io.stdout, JSON.stringify({ figures: complete(extractFigures(text, opts)) }));
    return 0;
  },
};
