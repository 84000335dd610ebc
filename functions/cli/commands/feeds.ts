// `tally feeds import FILE.opml` merges an OPML subscription list into the config file's "feeds";
// `tally feeds export` prints the configured feeds as OPML. The two round-trip.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Config, feedIdFromName, loadConfig, parseConfig } from '../../config.js';
import { ConfigError, FeedError, UsageError } from '../../core/errors.js';
import { canonicalUrl } from '../../parse/ids.js';
import { parseOpml, toOpml } from '../../parse/opml.js';
import type { Command, CommandIO } from '../command.js';

const HELP = `Usage: tally feeds import FILE.opml [--config FILE]
       tally feeds export [--config FILE]

import  adds the OPML file's feeds to the "feeds" array of the config file (feeds already configured, by URL,
        are left alone; folders and categories become tags). The config is validated before it is written.
export  prints the configured http(s) feeds as OPML 2.0 on stdout.

Options:
  --config FILE  the config file (default: tally.config.json in the current folder)
  --help         show this help

Example:
  tally feeds import subscriptions.opml --config tally.config.json
  tally feeds export > feeds.opml`;

function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

function parseArgs(args: string[]): { action: string; file?: string; config: string } | 'help' {
  let config = 'tally.config.json';
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--config' || arg.startsWith('--config=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (value === undefined || value === '') throw new UsageError('feeds: --config needs a file');
      config = value;
    } else if (arg.startsWith('-'))
      throw new UsageError(`feeds: unknown option ${arg} (see tally feeds --help)`);
    else positional.push(arg);
  }
  const [action, file, extra] = positional;
  if (action === undefined)
    throw new UsageError('feeds: say "import FILE.opml" or "export" (see tally feeds --help)');
  if (action === 'import') {
    if (file === undefined) throw new UsageError('feeds: import needs an OPML file');
    if (extra !== undefined) throw new UsageError(`feeds: unexpected argument "${extra}"`);
    return { action, file, config };
  }
  if (action === 'export') {
    if (file !== undefined)
      throw new UsageError(`feeds: export takes no file (got "${file}"); redirect stdout`);
    return { action, config };
  }
  throw new UsageError(`feeds: unknown action "${action}" (import or export)`);
}

function readRawConfig(path: string): Record<string, unknown> {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`config: ${path} must hold a JSON object`);
  }
  return raw as Record<string, unknown>;
}

function importFeeds(opmlPath: string, configPath: string, io: CommandIO): number {
  const config: Config = loadConfig(configPath);
  let opmlText: string;
  try {
    opmlText = readFileSync(opmlPath, 'utf8');
  } catch (error) {
    throw new UsageError(
      `feeds: cannot read ${opmlPath} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const listed = parseOpml(opmlText);
  const raw = readRawConfig(configPath);
  const rawFeeds = Array.isArray(raw.feeds) ? [...(raw.feeds as unknown[])] : [];
  const knownUrls = new Set(config.feeds.map((f) => canonicalUrl(f.url)));
  const knownIds = new Set(config.feeds.map((f) => f.id));
  let added = 0;
  let present = 0;
  for (const feed of listed) {
    if (knownUrls.has(canonicalUrl(feed.url))) {
      present += 1;
      continue;
    }
    const name = feed.name.slice(0, 200);
    const base = feedIdFromName(name);
    let id = base;
    for (let n = 2; knownIds.has(id); n++) id = `${base.slice(0, 58)}-${n}`;
    const entry: Record<string, unknown> = { name, url: feed.url };
    if (id !== base) entry.id = id;
    if (feed.tags.length > 0) entry.tags = feed.tags;
    rawFeeds.push(entry);
    knownUrls.add(canonicalUrl(feed.url));
    knownIds.add(id);
    added += 1;
  }
  if (added > 0) {
    const next = { ...raw, feeds: rawFeeds };
    parseConfig(next, dirname(configPath)); // never write a config that would not load
    const temporary = `${configPath}.tmp-${process.pid}`;
    writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`);
    renameSync(temporary, configPath);
  }
  write(
    io.stdout,
    `feeds import: ${added} feed(s) added, ${present} already configured, from ${listed.length} in ${opmlPath} → ${configPath}`,
  );
  return 0;
}

function exportFeeds(configPath: string, io: CommandIO): number {
  const config = loadConfig(configPath);
  const http = config.feeds.filter((f) => /^https?:/i.test(f.url));
  const skipped = config.feeds.length - http.length;
  write(io.stdout, toOpml(http.map((f) => ({ name: f.name, url: f.url, tags: f.tags }))));
  if (skipped > 0)
    write(io.stderr, `feeds export: ${skipped} feed(s) read from files left out (OPML lists URLs)`);
  return 0;
}

export const feedsCommand: Command = {
  name: 'feeds',
  summary: 'Import feeds from OPML into the config, or export the configured feeds as OPML',
  help: HELP,
  async run(args, io) {
    const parsed = parseArgs(args);
    if (parsed === 'help') {
      write(io.stdout, HELP);
      return 0;
    }
    const configPath = resolve(io.cwd, parsed.config);
    try {
      if (parsed.action === 'import') return importFeeds(resolve(io.cwd, parsed.file ?? ''), configPath, io);
      return exportFeeds(configPath, io);
    } catch (error) {
      if (error instanceof FeedError) {
        write(io.stderr, `tally: ${error.code} ${error.message}`);
        return 2;
      }
      throw error;
    }
  },
};
