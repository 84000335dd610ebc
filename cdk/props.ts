// tally.config.json + CDK context → the typed props both stacks are built from. Everything a deploy needs is
// decided here, so the stacks stay declarative and the tests can build props without files.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Config, parseConfig } from '../functions/config.js';
import { ConfigError } from '../functions/core/errors.js';

/** How the sender is proven to SES: a whole domain (DKIM) or a single address (a verification mail). */
export type SenderIdentity =
  | { kind: 'domain'; domainName: string; hostedZoneId?: string }
  | { kind: 'email'; address: string };

export interface TallyDeployProps {
  /** The config the Lambdas will read, validated exactly as they will validate it. */
  config: Config;
  /** The exact bytes written to the archive bucket at config/tally.config.json. */
  configText: string;
  /** sha256 of configText; the functions refuse a config object that does not match it. */
  configSha256: string;
  /** Bare address mail is sent from. */
  senderAddress: string;
  senderIdentity: SenderIdentity;
  /** Where DLQ alarms are mailed, when given. */
  alarmEmail?: string;
  /**
   * The public https base URL of archive and subscription links, when known at synth time (a custom domain, or
   * the CloudFront URL printed by a first deploy). Unknown, the functions are given the distribution's domain,
   * except the subscriptions function, which cannot reference the distribution that fronts it (a cycle).
   */
  publicUrl?: string;
  /** Custom domain of the archive on CloudFront, with its ACM certificate (us-east-1). */
  archiveDomain?: { domainName: string; certificateArn: string };
  /** Things dropped or changed for AWS; the app prints them as synth warnings. */
  warnings: string[];
}

export interface DeployContext {
  /** Path of tally.config.json (context "config"). */
  config?: string;
  senderAddress?: string;
  domainName?: string;
  /** Route 53 hosted zone id for domainName: DKIM records are created in it. */
  hostedZone?: string;
  alarmEmail?: string;
  /** https URL readers use (custom domain, or the ArchiveUrl output of a first deploy). */
  publicUrl?: string;
  /** Custom domain for the archive's CloudFront distribution; needs certificateArn. */
  archiveDomain?: string;
  /** ACM certificate (us-east-1) for archiveDomain. */
  certificateArn?: string;
}

/** Where the deployed config lives in the archive bucket. One key, private (not under a browsable prefix). */
export const CONFIG_KEY = 'config/tally.config.json';

const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@([^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+)$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ConfigError(`cdk: context "${name}" must be a string`);
  return value.trim();
}

/** Reads the context values this app knows; anything else in the context is left to CDK. */
export function readDeployContext(get: (key: string) => unknown): DeployContext {
  const context: DeployContext = {};
  const keys = [
    'config',
    'senderAddress',
    'domainName',
    'hostedZone',
    'alarmEmail',
    'publicUrl',
    'archiveDomain',
    'certificateArn',
  ] as const;
  for (const key of keys) {
    const value = optionalString(get(key), key);
    if (value !== undefined) context[key] = value;
  }
  return context;
}

/** "Tally <digest@example.org>" → "digest@example.org". */
export function bareAddress(from: string): string {
  const angle = /<([^>]+)>\s*$/.exec(from);
  return (angle?.[1] ?? from).trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Builds deploy props from an already-parsed config file. `baseDir` is the config file's folder (used only to
 * validate); the deployed copy carries no local paths.
 */
export function deployPropsFromJson(
  json: unknown,
  baseDir: string,
  context: DeployContext,
): TallyDeployProps {
  const local = parseConfig(json, baseDir);
  if (!isRecord(json)) throw new ConfigError('config: (top level) must be an object');
  const warnings: string[] = [];

  // A feed read from a local file cannot be fetched by a Lambda: it is left out with a warning (the sample
  // config's feeds are files), so the same config synthesizes and runs locally.
  const rawFeeds = Array.isArray(json.feeds) ? json.feeds : [];
  const urlFeeds = rawFeeds.filter((feed, i) => {
    if (isRecord(feed) && feed.file !== undefined) {
      warnings.push(
        `feeds[${i}] ("${String(feed.name)}") reads a local file and is left out on AWS; give it a "url"`,
      );
      return false;
    }
    return true;
  });
  if (rawFeeds.length > 0 && urlFeeds.length === 0) {
    warnings.push(
      'no feed has a url: the deployed digests will stay empty until feeds with urls are configured',
    );
  }

  const configAddress = bareAddress(local.sender.from);
  const senderAddress = context.senderAddress ?? configAddress;
  const addressMatch = ADDRESS.exec(senderAddress);
  if (!addressMatch) throw new ConfigError(`cdk: senderAddress "${senderAddress}" is not an email address`);
  const senderDomain = (addressMatch[1] ?? '').toLowerCase();

  let senderIdentity: SenderIdentity;
  if (context.domainName !== undefined) {
    const domainName = context.domainName.toLowerCase();
    if (!DOMAIN.test(domainName))
      throw new ConfigError(`cdk: domainName "${domainName}" is not a domain name`);
    if (senderDomain !== domainName && !senderDomain.endsWith(`.${domainName}`)) {
      throw new ConfigError(
        `cdk: senderAddress ${senderAddress} is not in domainName ${domainName}; SES would refuse to send from it`,
      );
    }
    senderIdentity = { kind: 'domain', domainName };
    if (context.hostedZone !== undefined) {
      if (!/^Z[A-Z0-9]{4,32}$/.test(context.hostedZone)) {
        throw new ConfigError(
          `cdk: hostedZone "${context.hostedZone}" is not a Route 53 hosted zone id (Z…)`,
        );
      }
      senderIdentity.hostedZoneId = context.hostedZone;
    }
  } else {
    if (context.hostedZone !== undefined) {
      throw new ConfigError('cdk: context hostedZone needs domainName as well');
    }
    senderIdentity = { kind: 'email', address: senderAddress };
  }

  if (context.alarmEmail !== undefined && !ADDRESS.test(context.alarmEmail)) {
    throw new ConfigError(`cdk: alarmEmail "${context.alarmEmail}" is not an email address`);
  }

  // The deployed copy: what the functions need and nothing local. The bucket, SES region and configuration
  // set and the public URL come from each function's environment, which the stack wires.
  const {
    $schema: _schema,
    archive: _archive,
    subscribers,
    tokenSecret,
    publicBaseUrl: _url,
    ...kept
  } = json;
  if (tokenSecret !== undefined) {
    warnings.push('tokenSecret in the config is not deployed; the stack keeps one in Secrets Manager');
  }
  if (Array.isArray(subscribers) && subscribers.length > 0) {
    warnings.push(
      `${subscribers.length} subscriber(s) in the config are not deployed; on AWS readers subscribe through the subscriptions URL`,
    );
  }
  const mailer = isRecord(json.mailer) ? json.mailer : undefined;
  const maxSendRate =
    mailer?.type === 'ses' && typeof mailer.maxSendRate === 'number' ? mailer.maxSendRate : 14;
  const display = /^(.*?)\s*<[^>]+>\s*$/.exec(local.sender.from)?.[1];
  const deployed = {
    ...kept,
    feeds: urlFeeds,
    sender: {
      ...(isRecord(json.sender) ? json.sender : {}),
      from: display ? `${display} <${senderAddress}>` : senderAddress,
    },
    mailer: { type: 'ses', maxSendRate },
  };
  const configText = `${JSON.stringify(deployed, null, 2)}\n`;
  // Validate the deployed copy exactly as a function will, so a bad deploy fails at synth, not at 7 a.m.
  const config = parseConfig(JSON.parse(configText) as unknown, '/var/task');
  const configSha256 = createHash('sha256').update(configText).digest('hex');

  const props: TallyDeployProps = {
    config,
    configText,
    configSha256,
    senderAddress,
    senderIdentity,
    warnings,
  };
  if (context.alarmEmail !== undefined) props.alarmEmail = context.alarmEmail;

  if ((context.archiveDomain === undefined) !== (context.certificateArn === undefined)) {
    throw new ConfigError(
      'cdk: context archiveDomain and certificateArn go together (CloudFront needs both)',
    );
  }
  if (context.archiveDomain !== undefined && context.certificateArn !== undefined) {
    const domainName = context.archiveDomain.toLowerCase();
    if (!DOMAIN.test(domainName))
      throw new ConfigError(`cdk: archiveDomain "${domainName}" is not a domain name`);
    if (!/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/.test(context.certificateArn)) {
      throw new ConfigError(
        'cdk: certificateArn must be an ACM certificate in us-east-1 (CloudFront requires it)',
      );
    }
    props.archiveDomain = { domainName, certificateArn: context.certificateArn };
  }
  const publicUrl =
    context.publicUrl ?? (props.archiveDomain ? `https://${props.archiveDomain.domainName}` : undefined);
  if (publicUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(publicUrl);
    } catch {
      throw new ConfigError(`cdk: publicUrl "${publicUrl}" is not a URL`);
    }
    if (url.protocol !== 'https:' || url.search !== '' || url.hash !== '') {
      throw new ConfigError(`cdk: publicUrl "${publicUrl}" must be an https URL without query or fragment`);
    }
    props.publicUrl = url.href.replace(/\/+$/, '');
  } else {
    warnings.push(
      'no publicUrl: subscription links cannot name the CloudFront domain before it exists; after this deploy, deploy again with -c publicUrl=<the ArchiveUrl output> (or use archiveDomain) to enable the subscriptions endpoint',
    );
  }
  return props;
}

/** Reads the config file the context names (default ./tally.config.json, relative to cwd). */
export function loadDeployProps(context: DeployContext, cwd: string): TallyDeployProps {
  const path = resolve(cwd, context.config ?? 'tally.config.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `cdk: cannot read the config ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); pass -c config=path/to/tally.config.json`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`cdk: ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return deployPropsFromJson(json, dirname(path), context);
}
