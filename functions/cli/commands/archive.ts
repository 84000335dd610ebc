// `tally archive rebuild|verify`: regenerate every derived page of the archive, or check it for missing and
// inconsistent objects.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { updateArchive, verifyArchive } from '../../archive/site/index.js';
import type { Config } from '../../config.js';
import { UsageError } from '../../core/errors.js';
import type { BlobStore } from '../../ports.js';
import { systemClock } from '../../ports.js';
import type { Command, CommandIO } from '../command.js';
import { loadRuntimeConfig, STORE_HELP, STORE_OPTIONS, type StoreArgs, storeFor } from '../runtime.js';

export interface StoreSelection {
  store: BlobStore;
  /** Absent when only --store named the archive (no --config, no ./tally.config.json). */
  config: Config | undefined;
  publicBaseUrl: string;
  digests: Array<{ name: string; title: string }>;
}

/**
 * The config (--config, else ./tally.config.json, else the shipped one) and its store, --store/--endpoint/--region
 * applied. A bare --store outside a project uses no config at all: the shipped sample config's digest titles and
 * URLs have nothing to do with an archive named on the command line.
 */
export function selectStore(values: StoreArgs, io: CommandIO): StoreSelection {
  const config = loadRuntimeConfig(values, io);
  const bare =
    values.store !== undefined &&
    values.config === undefined &&
    !existsSync(resolve(io.cwd, 'tally.config.json'));
  return {
    store: storeFor(config),
    config: bare ? undefined : config,
    publicBaseUrl: bare ? 'http://localhost:8787' : config.publicBaseUrl,
    digests: bare ? [] : config.digests.map((d) => ({ name: d.name, title: d.title })),
  };
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<T extends OptionsConfig>(
  command: string,
  args: string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}; see \`tally ${command} --help\``, {
      cause: error,
    });
  }
}

const HELP = `Usage: tally archive rebuild|verify [--config FILE] [--store DIR|s3://BUCKET/PREFIX] [--endpoint URL]

  rebuild   regenerate every page, Atom feed, search index and ledger page from the stored editions
            (only objects whose content changed are written)
  verify    report missing or inconsistent objects; exits 1 when there are any (with a config, pages that are
            out of date with the stored editions are reported too)

Options:
${STORE_HELP}

Example:
  npm run -s tally -- archive rebuild --store s3://tally-archive/prod --endpoint http://127.0.0.1:7480
`;

export const archiveCommand: Command = {
  name: 'archive',
  summary: 'rebuild or verify the browsable archive (pages, feeds, search index, ledger pages)',
  help: HELP,
  async run(args, io) {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(HELP);
      return 0;
    }
    const { values, positionals } = parseCommandArgs('archive', args, STORE_OPTIONS);
    const action = positionals[0];
    if (positionals.length !== 1 || (action !== 'rebuild' && action !== 'verify')) {
      throw new UsageError(
        `archive: expected "rebuild" or "verify", got ${positionals.length === 0 ? 'nothing' : `"${positionals.join(' ')}"`}`,
      );
    }
    const selection = selectStore(values, io);
    const where = selection.store.describe();
    if (action === 'rebuild') {
      const { written } = await updateArchive(selection.store, {
        publicBaseUrl: selection.publicBaseUrl,
        digests: selection.digests,
        now: systemClock.now(),
        force: true,
      });
      io.stdout.write(`archive: rebuilt ${where}: ${written.length} object(s) written\n`);
      for (const key of written) io.stdout.write(`  ${key}\n`);
      return 0;
    }
    const report = await verifyArchive(
      selection.store,
      selection.config === undefined
        ? undefined
        : { publicBaseUrl: selection.publicBaseUrl, digests: selection.digests },
    );
    if (report.ok) {
      io.stdout.write(`archive: ${where} is consistent\n`);
      return 0;
    }
    io.stdout.write(`archive: ${where} has ${report.problems.length} problem(s)\n`);
    for (const p of report.problems) io.stdout.write(`  ${p.key}: ${p.problem}\n`);
    return 1;
  },
};
