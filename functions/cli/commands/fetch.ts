// `tally fetch URL`: one feed through the guarded fetcher, parsed and cleaned, printed for a human or as JSON.
// Refused or invalid input exits 2, network trouble exits 1; either way one line on stderr names the code.

import { cleanItem } from '../../clean/index.js';
import { feedIdFromName } from '../../config.js';
import { describeError, type ErrorCode, FeedError, UsageError } from '../../core/errors.js';
import { HttpFeedFetcher } from '../../fetch/http-feed-fetcher.js';
import { discoverFeedLinks } from '../../parse/discover.js';
import { parseFeed } from '../../parse/index.js';
import type { FeedFetcher } from '../../ports.js';
import type { Command, CommandIO } from '../command.js';

/** Failures that are our refusal or the input's fault (exit 2); every other failure is the network's (exit 1). */
const INPUT_CODES: ReadonlySet<ErrorCode> = new Set([
  'FEED_BLOCKED_ADDRESS',
  'FEED_UNSUPPORTED_SCHEME',
  'FEED_TOO_LARGE',
  'FEED_TOO_MANY_REDIRECTS',
  'FEED_INVALID',
]);

const HELP = `Usage: tally fetch URL [--allow-host HOST]... [--json]

Fetches one feed the way an edition does (SSRF guard, timeouts, byte cap, redirects, charset) and prints the
normalized feed: its title, then each item's id, url, title, publishedAt and text.

Options:
  --allow-host HOST  allow HOST (a name or an IP) although it is private or loopback; repeatable
  --json             print JSON: { url, feed: { title, link, … }, items: [{ id, url, title, publishedAt, text }] }
  --help             show this help

Exit codes: 0 printed; 2 refused or invalid (blocked address, scheme, too large, redirects, not a feed);
1 network failure (timeout, HTTP status, connection, deferred by the server).

Example:
  tally fetch https://example.org/feed.xml --json
  tally fetch http://127.0.0.1:8080/feed.xml --allow-host 127.0.0.1`;

interface FetchArgs {
  url: string;
  allowHosts: string[];
  json: boolean;
}

function parseArgs(args: string[]): FetchArgs | 'help' {
  const allowHosts: string[] = [];
  let json = false;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--json') json = true;
    else if (arg === '--allow-host' || arg.startsWith('--allow-host=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (value === undefined || value === '' || value.startsWith('--')) {
        throw new UsageError('fetch: --allow-host needs a host name or IP address');
      }
      allowHosts.push(value);
    } else if (arg.startsWith('-'))
      throw new UsageError(`fetch: unknown option ${arg} (see tally fetch --help)`);
    else if (url === undefined) url = arg;
    else throw new UsageError(`fetch: one URL only (got "${url}" and "${arg}")`);
  }
  if (url === undefined) throw new UsageError('fetch: give the URL of a feed (see tally fetch --help)');
  return { url, allowHosts, json };
}

/** The feed id an edition would give a feed named after its host. */
function feedIdFor(url: string): string {
  return feedIdFromName(new URL(url).hostname);
}

function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Runs the command with an injected fetcher factory (tests pass their own limits). */
export async function runFetch(
  args: string[],
  io: CommandIO,
  makeFetcher: (allowHosts: string[]) => FeedFetcher = (allowHosts) => new HttpFeedFetcher({ allowHosts }),
): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    write(io.stdout, HELP);
    return 0;
  }
  try {
    const result = await makeFetcher(parsed.allowHosts).fetch({ url: parsed.url });
    if (result.status !== 'ok') {
      throw new FeedError('FEED_HTTP_STATUS', 'fetch: server answered 304 to a request without validators', {
        status: 304,
      });
    }
    const feed = await parseFeed(result.body, { feedId: feedIdFor(result.url), feedUrl: result.url }).catch(
      (error: unknown) => {
        // Given a web page instead of a feed, name the feeds it announces.
        const links =
          error instanceof FeedError && /<html|<!doctype html/i.test(result.body.slice(0, 2048))
            ? discoverFeedLinks(result.body, result.url)
            : [];
        if (links.length === 0) throw error;
        throw new FeedError(
          'FEED_INVALID',
          `parse: ${result.url} is a web page, not a feed; it links ${links.slice(0, 5).join(', ')}`,
          {
            cause: error,
          },
        );
      },
    );
    const items = feed.items.map(cleanItem).map((item) => ({
      id: item.id,
      url: item.url,
      title: item.title,
      ...(item.publishedAt === undefined ? {} : { publishedAt: item.publishedAt }),
      text: item.text,
    }));
    if (parsed.json) {
      write(io.stdout, JSON.stringify({ url: result.url, feed: feed.meta, items }, null, 2));
      return 0;
    }
    const lines = [`${feed.meta.title ?? '(untitled feed)'} — ${items.length} item(s) — ${result.url}`, ''];
    items.forEach((item, index) => {
      lines.push(`${index + 1}. ${item.title || '(untitled)'}`, `   ${item.url}`);
      lines.push(`   id ${item.id}${item.publishedAt ? `  published ${item.publishedAt}` : ''}`);
      const text = item.text.replace(/\s+/g, ' ');
      if (text !== '') lines.push(`   ${text.length > 280 ? `${text.slice(0, 279)}…` : text}`);
      lines.push('');
    });
    write(io.stdout, lines.join('\n'));
    return 0;
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    const { code, message } = describeError(error);
    write(io.stderr, `tally: ${code} ${message.replace(/\s+/g, ' ')}`);
    return INPUT_CODES.has(error.code) ? 2 : 1;
  }
}

export const fetchCommand: Command = {
  name: 'fetch',
  summary: 'Fetch one feed safely and print it normalized (title, items with id, url, date, text)',
  help: HELP,
  run: (args, io) => runFetch(args, io),
};
