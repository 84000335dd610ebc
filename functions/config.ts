// Reads and validates tally.config.json once into a typed Config. Errors name the field and what to do.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './core/errors.js';
import { slug } from './core/slug.js';

const DIGEST_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const FEED_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Five-field cron (minute hour day-of-month month day-of-week), the shape EventBridge Scheduler also takes. */
function isCron(expr: string): boolean {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) return false;
  return fields.every((f) => /^[0-9*?,\-/LW#A-Za-z]+$/.test(f));
}

const timeZone = z
  .string()
  .refine(isTimeZone, { message: 'must be an IANA time zone such as "Europe/London"' });

const httpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { message: 'must be an http(s) URL' },
);

const feedSchema = z
  .object({
    id: z.string().regex(FEED_ID, 'must be lowercase letters, digits and dashes').optional(),
    name: z.string().min(1).max(200),
    url: z.string().optional(),
    file: z.string().min(1).optional(),
    tags: z.array(z.string().min(1)).default([]),
    /** Higher ranks a feed's stories higher; 1 is neutral. */
    priority: z.number().min(0).max(10).default(1),
    /** Fetch the article page for the full text when the feed carries only a teaser. */
    fullText: z.boolean().default(false),
  })
  .strict()
  .superRefine((feed, ctx) => {
    if ((feed.url === undefined) === (feed.file === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'needs exactly one of "url" or "file"', path: [] });
    }
    if (feed.url !== undefined && !httpUrl.safeParse(feed.url).success) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be http(s) or a file path (use "file" for a path)',
        path: ['url'],
      });
    }
  });

const digestSchema = z
  .object({
    name: z.string().regex(DIGEST_NAME, 'must be lowercase letters, digits and dashes (it is used in URLs)'),
    title: z.string().min(1).max(200),
    schedule: z
      .object({
        cron: z
          .string()
          .refine(isCron, { message: 'must be a five-field cron expression such as "0 7 * * *"' }),
        timezone: timeZone,
      })
      .strict()
      .default({ cron: '0 7 * * *', timezone: 'UTC' }),
    windowHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 31)
      .default(24),
    maxStories: z.number().int().min(1).max(200).default(12),
    includeTags: z.array(z.string().min(1)).default([]),
    excludeTags: z.array(z.string().min(1)).default([]),
    /** Skip the edition (no archive entry, no mail) when nothing new arrived. */
    skipWhenEmpty: z.boolean().default(true),
  })
  .strict();

const archiveSchema = z
  .object({
    /** A folder (relative to the config file) or s3://bucket/prefix. */
    location: z.string().min(1).default('.tally/archive'),
    endpoint: httpUrl.optional(),
    region: z.string().min(1).default('us-east-1'),
    forcePathStyle: z.boolean().optional(),
  })
  .strict();

const mailerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('outbox'), dir: z.string().min(1).default('.tally/outbox') }).strict(),
  z
    .object({
      type: z.literal('smtp'),
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(587),
      secure: z.boolean().default(false),
      user: z.string().optional(),
      /** Prefer the TALLY_SMTP_PASS environment variable. */
      pass: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('ses'),
      region: z.string().min(1).default('us-east-1'),
      endpoint: httpUrl.optional(),
      configurationSet: z.string().min(1).optional(),
      /** Messages per second; SES accounts start at 1 in the sandbox, 14 after. */
      maxSendRate: z.number().positive().default(14),
    })
    .strict(),
]);

const email = z
  .string()
  .max(254)
  .refine((value) => /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/.test(value), {
    message: 'must be an email address',
  });

const subscriberSchema = z
  .object({
    email,
    digests: z.array(z.string().min(1)).min(1).optional(),
    timezone: timeZone.default('UTC'),
    sendHour: z.number().int().min(0).max(23).default(7),
  })
  .strict();

const senderSchema = z
  .object({
    /** Address mail comes from: "Tally <digest@example.org>" or a bare address. */
    from: z
      .string()
      .min(3)
      .max(320)
      .refine((v) => !/[\r\n]/.test(v), { message: 'must be one line' }),
    replyTo: email.optional(),
  })
  .strict();

const fetchSchema = z
  .object({
    connectTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
    timeoutMs: z.number().int().min(100).max(300_000).default(20_000),
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .max(200 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    maxRedirects: z.number().int().min(0).max(20).default(5),
    /** Feeds fetched at once. */
    concurrency: z.number().int().min(1).max(64).default(8),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    feeds: z.array(feedSchema).default([]),
    digests: z.array(digestSchema).min(1, 'needs at least one digest'),
    sender: senderSchema,
    archive: archiveSchema.default({ location: '.tally/archive', region: 'us-east-1' }),
    mailer: mailerSchema.default({ type: 'outbox', dir: '.tally/outbox' }),
    subscribers: z.array(subscriberSchema).default([]),
    /** Base URL of the browsable archive and the subscription endpoints, used in links. */
    publicBaseUrl: httpUrl.default('http://localhost:8787'),
    /** Hosts (names or IPs) that may be fetched even though they resolve to private addresses. */
    allowHosts: z.array(z.string().min(1)).default([]),
    fetch: fetchSchema.default({
      connectTimeoutMs: 5_000,
      timeoutMs: 20_000,
      maxBytes: 10 * 1024 * 1024,
      maxRedirects: 5,
      concurrency: 8,
    }),
    /** A feed that fails this many runs in a row is paused until it is fetched by hand. */
    pauseAfterFailures: z.number().int().min(1).max(1000).default(10),
    /** Secret for subscription tokens; prefer the TALLY_TOKEN_SECRET environment variable. */
    tokenSecret: z.string().min(16).optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const names = new Set<string>();
    config.digests.forEach((digest, i) => {
      if (names.has(digest.name)) {
        ctx.addIssue({
          code: 'custom',
          message: `repeats digest name "${digest.name}"`,
          path: ['digests', i, 'name'],
        });
      }
      names.add(digest.name);
    });
    config.subscribers.forEach((subscriber, i) => {
      subscriber.digests?.forEach((name, j) => {
        if (!names.has(name)) {
          ctx.addIssue({
            code: 'custom',
            message: `names unknown digest "${name}" (known: ${[...names].join(', ')})`,
            path: ['subscribers', i, 'digests', j],
          });
        }
      });
    });
    const ids = new Set<string>();
    config.feeds.forEach((feed, i) => {
      const id = feed.id ?? feedIdFromName(feed.name);
      if (ids.has(id)) {
        ctx.addIssue({
          code: 'custom',
          message: `repeats feed id "${id}"; give one an explicit "id"`,
          path: ['feeds', i],
        });
      }
      ids.add(id);
    });
  });

type RawConfig = z.infer<typeof configSchema>;

export interface FeedConfig {
  id: string;
  name: string;
  /** http(s) URL, or file:// URL for a feed read from disk. */
  url: string;
  tags: string[];
  priority: number;
  fullText: boolean;
}

export type DigestConfig = RawConfig['digests'][number];
export type MailerConfig = RawConfig['mailer'];
export type ArchiveConfig = RawConfig['archive'];
export type FetchConfig = RawConfig['fetch'];

export interface SubscriberConfig {
  email: string;
  digests: string[];
  timezone: string;
  sendHour: number;
}

export interface Config extends Omit<RawConfig, 'feeds' | 'subscribers' | '$schema'> {
  feeds: FeedConfig[];
  subscribers: SubscriberConfig[];
  /** Folder the config file was read from; relative paths resolve against it. */
  baseDir: string;
}

export function feedIdFromName(name: string): string {
  return slug(name, 63) || 'feed';
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** Validates an already-parsed JSON value; baseDir resolves relative paths. */
export function parseConfig(input: unknown, baseDir: string): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? formatPath(issue.path) : '(top level)';
    const more =
      result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problem(s))` : '';
    throw new ConfigError(`config: ${where} ${issue?.message ?? 'is invalid'}${more}`);
  }
  const raw = result.data;
  const digestNames = raw.digests.map((d) => d.name);
  const { $schema: _ignored, ...rest } = raw;
  return {
    ...rest,
    baseDir,
    archive: {
      ...raw.archive,
      location: raw.archive.location.startsWith('s3://')
        ? raw.archive.location
        : resolvePath(baseDir, raw.archive.location),
    },
    mailer:
      raw.mailer.type === 'outbox'
        ? { ...raw.mailer, dir: resolvePath(baseDir, raw.mailer.dir) }
        : raw.mailer,
    feeds: raw.feeds.map((feed) => ({
      id: feed.id ?? feedIdFromName(feed.name),
      name: feed.name,
      url: feed.url ?? new URL(`file://${resolvePath(baseDir, feed.file ?? '')}`).href,
      tags: feed.tags,
      priority: feed.priority,
      fullText: feed.fullText,
    })),
    subscribers: raw.subscribers.map((s) => ({
      email: s.email,
      digests: s.digests ?? digestNames,
      timezone: s.timezone,
      sendHour: s.sendHour,
    })),
  };
}

function resolvePath(baseDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/** Reads and validates a config file. Throws ConfigError naming the file or the field. */
export function loadConfig(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`config: cannot read ${path} (${code})`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config: ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseConfig(json, dirname(resolve(path)));
}
