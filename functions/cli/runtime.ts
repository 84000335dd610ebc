// Shared by the commands that touch the archive: find the config, open the store, the mailer and the fetcher.
// The one place the CLI builds adapters: the stages get the ports (BlobStore, SubscriberStore, Mailer …).
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BlobSubscriberStore } from '../adapters/blob-subscriber-store.js';
import { openMailer } from '../adapters/open-mailer.js';
import { openStore } from '../adapters/open-store.js';
import { type Config, loadConfig, type MailerConfig } from '../config.js';
import { UsageError } from '../core/errors.js';
import { type Logger, lineLogger } from '../core/log.js';
import { FileFeedFetcher, SchemeRoutingFetcher } from '../fetch/file-feed-fetcher.js';
import { HttpFeedFetcher } from '../fetch/http-feed-fetcher.js';
import type { BlobStore, Clock, FeedFetcher, Mailer, SubscriberStore } from '../ports.js';
import { systemClock } from '../ports.js';
import { resolveLocalSecret } from '../secret.js';
import type { CommandIO } from './command.js';

/** The repository's own config: the embedded default with the shipped sample feeds. */
export const EMBEDDED_CONFIG = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'tally.config.json',
);

export function resolveConfigPath(explicit: string | undefined, cwd: string): string {
  if (explicit !== undefined) return resolve(cwd, explicit);
  const local = resolve(cwd, 'tally.config.json');
  return existsSync(local) ? local : EMBEDDED_CONFIG;
}

export const STORE_OPTIONS = {
  config: { type: 'string', short: 'c' },
  store: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
} as const;

export const STORE_HELP = `  -c, --config FILE   config file (default: ./tally.config.json, else the shipped sample config)
      --store LOC      archive location, overriding the config: a folder or s3://bucket/prefix
      --endpoint URL   S3 endpoint for S3-compatible servers (Ceph RGW, s3rver); implies path-style
                       (default: the config's archive.endpoint, else $S3_ENDPOINT for an s3:// store)
      --region NAME    S3 region (default: the config's archive.region)`;

export interface StoreArgs {
  config?: string | undefined;
  store?: string | undefined;
  endpoint?: string | undefined;
  region?: string | undefined;
}

export function loadRuntimeConfig(args: StoreArgs, io: CommandIO): Config {
  const config = loadConfig(resolveConfigPath(args.config, io.cwd));
  const location = args.store ?? config.archive.location;
  const s3 = location.startsWith('s3://');
  const endpoint =
    args.endpoint ?? config.archive.endpoint ?? (s3 ? io.env.S3_ENDPOINT || undefined : undefined);
  config.archive = {
    ...config.archive,
    location: s3 ? location : resolve(io.cwd, location),
    ...(args.region !== undefined ? { region: args.region } : {}),
    ...(endpoint !== undefined && endpoint !== config.archive.endpoint
      ? { endpoint, forcePathStyle: true }
      : {}),
  };
  return config;
}

export function storeFor(config: Config): BlobStore {
  return openStore(config.archive.location, {
    ...(config.archive.endpoint ? { endpoint: config.archive.endpoint } : {}),
    region: config.archive.region,
    ...(config.archive.forcePathStyle !== undefined ? { forcePathStyle: config.archive.forcePathStyle } : {}),
  });
}

/** `--mailer outbox[:DIR]|smtp://host:port|ses[:region]` → the mailer section of the config. */
export function parseMailerOption(value: string, cwd: string): MailerConfig {
  if (value === 'outbox') return { type: 'outbox', dir: resolve(cwd, '.tally/outbox') };
  if (value.startsWith('outbox:'))
    return { type: 'outbox', dir: resolve(cwd, value.slice('outbox:'.length)) };
  if (value === 'ses' || value.startsWith('ses:')) {
    return { type: 'ses', region: value.slice(4) || 'us-east-1', maxSendRate: 14 };
  }
  if (value.startsWith('smtp://') || value.startsWith('smtps://')) {
    const url = new URL(value);
    const secure = url.protocol === 'smtps:';
    return {
      type: 'smtp',
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
    };
  }
  throw new UsageError(
    `--mailer must be outbox, outbox:DIR, smtp://host:port or ses[:region], not "${value}"`,
  );
}

export interface Runtime {
  config: Config;
  store: BlobStore;
  fetcher: FeedFetcher;
  mailer: Mailer;
  subscribers: SubscriberStore;
  secret: string;
  clock: Clock;
  /** Diagnostic events as JSON lines on stderr (stdout is the command's output). */
  log: Logger;
}

export function openRuntime(config: Config, io: CommandIO, extraAllowHosts: string[] = []): Runtime {
  const store = storeFor(config);
  const fetcher = new SchemeRoutingFetcher(
    new FileFeedFetcher(config.fetch.maxBytes),
    new HttpFeedFetcher({
      connectTimeoutMs: config.fetch.connectTimeoutMs,
      timeoutMs: config.fetch.timeoutMs,
      maxBytes: config.fetch.maxBytes,
      maxRedirects: config.fetch.maxRedirects,
      allowHosts: [...config.allowHosts, ...extraAllowHosts],
      userAgent: `Tally/0.1 (news digest; +${config.publicBaseUrl})`,
    }),
  );
  return {
    config,
    store,
    fetcher,
    mailer: openMailer(config.mailer, io.env),
    subscribers: new BlobSubscriberStore(store),
    secret: resolveLocalSecret(config, io.env),
    clock: systemClock,
    log: lineLogger((line) => io.stderr.write(`${line}\n`)),
  };
}
