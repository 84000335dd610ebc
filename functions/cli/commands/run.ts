// `tally run`: one whole edition on this machine, then a summary of what happened and where it went.
import { parseArgs } from 'node:util';
import { UsageError } from '../../core/errors.js';
import { keys } from '../../core/keys.js';
import { type RunSummary, runAll } from '../../pipeline/run.js';
import type { Command, CommandIO } from '../command.js';
import { loadRuntimeConfig, openRuntime, parseMailerOption, STORE_HELP, STORE_OPTIONS } from '../runtime.js';

const HELP = `Usage: tally run [options]

Fetches every configured feed, builds an edition of each digest from what is new (stories, key figures,
ledger), archives it, and mails it to the active subscribers who have not had it yet.

Options:
${STORE_HELP}
      --mailer M       outbox | outbox:DIR | smtp://host:port | ses[:region] (default: the config's mailer)
      --digest NAME    build only this digest (repeatable)
      --allow-host H   fetch H even though it resolves to a private address (repeatable)
      --due-only       send only to subscribers whose send hour it is now (what the hourly planner does)
      --no-send        build and archive, send nothing
      --retry-paused   fetch feeds that were paused after repeated failures
      --json           print the summary as JSON
  -h, --help           show this help

Exit status: 0 when the run completed (failed feeds are reported, not fatal), 1 when an edition could not be
built or a message could not be sent, 2 on bad usage or an invalid config.

Example:
  tally run --config tally.config.json --store s3://my-archive/tally --endpoint http://127.0.0.1:7480`;

export const runCommand: Command = {
  name: 'run',
  summary: 'fetch, build and send one edition of every digest',
  help: HELP,
  async run(argv: string[], io: CommandIO): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...STORE_OPTIONS,
        mailer: { type: 'string' },
        digest: { type: 'string', multiple: true },
        'allow-host': { type: 'string', multiple: true },
        'due-only': { type: 'boolean' },
        'no-send': { type: 'boolean' },
        'retry-paused': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
    const config = loadRuntimeConfig(values, io);
    if (values.mailer !== undefined) config.mailer = parseMailerOption(values.mailer, io.cwd);
    for (const name of values.digest ?? []) {
      if (!config.digests.some((d) => d.name === name)) {
        const known = config.digests.map((d) => d.name).join(', ');
        throw new UsageError(`--digest ${name} is not in the config (known: ${known})`);
      }
    }
    const runtime = openRuntime(config, io, values['allow-host'] ?? []);
    const progress = io.isTTY ? (line: string) => io.stderr.write(`· ${line}\n`) : undefined;
    const summary = await runAll(
      {
        ...runtime,
        retryPaused: values['retry-paused'] ?? false,
      },
      {
        ...(values.digest ? { digests: values.digest } : {}),
        dueOnly: values['due-only'] ?? false,
        noSend: values['no-send'] ?? false,
        ...(progress ? { onProgress: progress } : {}),
      },
    );
    if (values.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else
      io.stdout.write(
        formatSummary(summary, runtime.store.describe.bind(runtime.store), runtime.mailer.describe()),
      );
    const failed = summary.editions.some(
      (e) => e.error !== undefined || (e.delivery?.failed.length ?? 0) > 0,
    );
    return failed ? 1 : 0;
  },
};

export function formatSummary(summary: RunSummary, where: (key?: string) => string, mailer: string): string {
  const lines: string[] = [];
  const ok = summary.feeds.filter((f) => f.status === 'ok' || f.status === 'not_modified').length;
  const failed = summary.feeds.length - ok;
  const fresh = summary.feeds.reduce((n, f) => n + f.itemsNew, 0);
  const dup = summary.feeds.reduce((n, f) => n + f.itemsDuplicate, 0);
  lines.push(
    `Feeds: ${summary.feeds.length} (${ok} ok, ${failed} failed or skipped); items: ${fresh} new, ${dup} duplicate`,
  );
  const width = Math.max(4, ...summary.feeds.map((f) => f.feedId.length));
  for (const f of summary.feeds) {
    const detail = f.error
      ? `${f.error.code}: ${f.error.message}`
      : `${f.itemsNew} new, ${f.itemsDuplicate} duplicate`;
    lines.push(`  ${f.status.padEnd(12)} ${f.feedId.padEnd(width)}  ${detail}`);
  }
  for (const e of summary.editions) {
    if (e.error) {
      lines.push(`Digest ${e.digest}: FAILED ${e.error.code}: ${e.error.message}`);
      continue;
    }
    if (e.result.status === 'built') {
      lines.push(
        `Digest ${e.digest}: edition ${e.result.editionId}, ${e.result.stories} stories, ${e.result.figures} figures`,
      );
      lines.push(`  digest.html  ${where(keys.editionFile(e.digest, e.result.editionId, 'digest.html'))}`);
    } else {
      lines.push(`Digest ${e.digest}: no new edition (${e.result.reason})`);
    }
    if (e.delivery) {
      const d = e.delivery;
      lines.push(
        `  delivery     ${d.sent} sent, ${d.alreadySent} already sent, ${d.failed.length} failed (edition ${d.editionId})`,
      );
      for (const f of d.failed)
        lines.push(`    failed ${f.subscriber.slice(0, 12)}: ${f.code}: ${f.message}`);
    }
  }
  lines.push(`Archive: ${where()}`);
  lines.push(`Mail: ${mailer}`);
  return `${lines.join('\n')}\n`;
}
