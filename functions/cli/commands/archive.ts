// `tally archive rebuild|verify`: regenerate every derived page of the archive, or check it for missing and
// inconsistent objects.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { openStore } from '../../adapters/open-store.js';
import { updateArchive, verifyArchive } from '../../archive/index.js';
import { type Config, loadConfig } from '../../config.js';
import { UsageError } from '../../core/errors.js';
import type { BlobStore } from '../../ports.js';
import { systemClock } from '../../ports.js';
import type { Command, CommandIO } from '../command.js';

export const STORE_OPTIONS = {
  config: { type: 'string' },
  store: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface StoreSelection {
  store: BlobStore;
  config: Config | undefined;
  publicBaseUrl: string;
  digests: Array<{ name: string; title: string }>;
}

/**
 * The config (--config, else tally.config.json when present) and the store it names, with --store/--endpoint/
 * --region overriding the config's archive settings.
 */
export function selectStore(
  values: { config?: string; store?: string; endpoint?: string; region?: string },
  io: CommandIO,
): StoreSelection {
  const configPath =
    values.config ?? (existsSync(resolve(io.cwd, 'tally.config.json')) ? 'tally.config.json' : undefined);
  const config = configPath === undefined ? undefined : loadConfig(resolve(io.cwd, configPath));
  const location = values.store ?? config?.archive.location ?? resolve(io.cwd, '.tally/archive');
  const endpoint = values.endpoint ?? config?.archive.endpoint ?? io.env.S3_ENDPOINT;
  const region = values.region ?? config?.archive.region ?? io.env.AWS_REGION;
  const isS3 = location.startsWith('s3://');
  const store = openStore(isS3 ? location : resolve(io.cwd, location), {
    ...(isS3 && endpoint !== undefined ? { endpoint } : {}),
    ...(isS3 && region !== undefined ? { region } : {}),
    ...(isS3 && config?.archive.forcePathStyle !== undefined
      ? { forcePathStyle: config.archive.forcePathStyle }
      : {}),
  });
  return {
    store,
    config,
    publicBaseUrl: config?.publicBaseUrl ?? 'http://localhost:8787',
    digests: config?.digests.map((d) => ({ name: d.name, title: d.title })) ?? [],
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
  --config FILE     tally.config.json to read (default: ./tally.config.json when present)
  --store LOCATION  archive folder or s3://bucket/prefix (default: the config's archive.location, else .tally/archive)
  --endpoint URL    S3-compatible endpoint (Ceph RGW, s3rver); default: config archive.endpoint or $S3_ENDPOINT
  --region NAME     S3 region (default: config archive.region or $AWS_REGION)

Example:
  npm run -s tally -- archive rebuild --store s3://tally-archive/prod --endpoint http://127.0.0.1:7480
`;

export const archiveCommand: Command = {
  name: 'archive',
  summary: 'rebuild or verify the browsable archive (pages, feeds, search index, ledger pages)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('archive', args, STORE_OPTIONS);
    if (values.help === true) {
      io.stdout.write(HELP);
      return 0;
    }
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
