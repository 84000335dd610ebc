// What the subscriptions and ses-events Lambdas read from their environment: the names the pipeline stack sets
// (functions/aws/env.ts on main): TALLY_BUCKET, TALLY_CONFIG_KEY + TALLY_CONFIG_SHA256 (the deployed config in
// the bucket), TALLY_PUBLIC_BASE_URL, TALLY_TOKEN_SECRET_ARN, TALLY_SES_CONFIGURATION_SET, AWS_REGION.
// Locally, TALLY_ARCHIVE (a folder) may stand in for the bucket and TALLY_TOKEN_SECRET for Secrets Manager.
import { createHash } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type Config, parseConfig } from '../config.js';
import { ConfigError } from '../core/errors.js';
import type { BlobStore } from '../ports.js';

export interface HandlerEnvironment {
  /** s3://bucket, or a folder when run locally. */
  archive: string;
  region: string;
  configKey?: string;
  configSha256?: string;
  publicBaseUrl?: string;
  secretArn?: string;
  secret?: string;
  configurationSet?: string;
  sesEndpoint?: string;
}

function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function missing(name: string): ConfigError {
  return new ConfigError(`config: environment variable ${name} is not set; redeploy the pipeline stack`);
}

/** ses-events needs the store and the secret only; subscriptions needs the deployed config too. */
export function readHandlerEnvironment(
  env: NodeJS.ProcessEnv,
  need: 'subscriptions' | 'ses-events',
): HandlerEnvironment {
  const bucket = value(env, 'TALLY_BUCKET');
  const archive = value(env, 'TALLY_ARCHIVE') ?? (bucket !== undefined ? `s3://${bucket}` : undefined);
  if (archive === undefined) throw missing('TALLY_BUCKET');
  const region = value(env, 'AWS_REGION') ?? value(env, 'AWS_DEFAULT_REGION') ?? 'us-east-1';
  const secretArn = value(env, 'TALLY_TOKEN_SECRET_ARN');
  const secret = value(env, 'TALLY_TOKEN_SECRET');
  if (secretArn === undefined && secret === undefined) throw missing('TALLY_TOKEN_SECRET_ARN');
  if (secret !== undefined && secret.length < 16) {
    throw new ConfigError('config: TALLY_TOKEN_SECRET must be at least 16 characters');
  }
  const configKey = value(env, 'TALLY_CONFIG_KEY');
  const configSha256 = value(env, 'TALLY_CONFIG_SHA256');
  const publicBaseUrl = value(env, 'TALLY_PUBLIC_BASE_URL');
  if (need === 'subscriptions') {
    if (configKey === undefined) throw missing('TALLY_CONFIG_KEY');
    if (configSha256 === undefined) throw missing('TALLY_CONFIG_SHA256');
    if (publicBaseUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(publicBaseUrl)) {
      throw new ConfigError('config: TALLY_PUBLIC_BASE_URL must be an http(s) URL');
    }
  }
  const optional = {
    configKey,
    configSha256,
    publicBaseUrl,
    secretArn,
    secret,
    configurationSet: value(env, 'TALLY_SES_CONFIGURATION_SET'),
    sesEndpoint: value(env, 'TALLY_SES_ENDPOINT'),
  };
  const out: HandlerEnvironment = { archive, region };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(out, { [k]: v });
  return out;
}

/**
 * The deployed config from the bucket, checked against the hash this deployment expects (the same rule as
 * functions/aws/deployed-config.ts, which the other handlers use).
 */
export async function readDeployedConfig(store: BlobStore, environment: HandlerEnvironment): Promise<Config> {
  const { configKey, configSha256 } = environment;
  if (configKey === undefined || configSha256 === undefined) throw missing('TALLY_CONFIG_KEY');
  const blob = await store.get(configKey);
  if (blob === undefined)
    throw new ConfigError(`config: ${store.describe(configKey)} is missing; redeploy the pipeline stack`);
  const actual = createHash('sha256').update(blob.body).digest('hex');
  if (actual !== configSha256) {
    throw new ConfigError(
      `config: ${store.describe(configKey)} has sha256 ${actual.slice(0, 12)}…, this deployment expects ${configSha256.slice(0, 12)}…`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(blob.body.toString('utf8'));
  } catch (error) {
    throw new ConfigError(`config: ${configKey} is not valid JSON`, { cause: error });
  }
  const config = parseConfig(json, '/var/task');
  return environment.publicBaseUrl !== undefined
    ? { ...config, publicBaseUrl: environment.publicBaseUrl.replace(/\/+$/, '') }
    : config;
}

/** The token secret: from the environment, else Secrets Manager (the string secret, or its "secret" JSON key). */
export async function loadTokenSecret(
  environment: HandlerEnvironment,
  client?: SecretsManagerClient,
): Promise<string> {
  if (environment.secret !== undefined) return environment.secret;
  if (environment.secretArn === undefined) throw missing('TALLY_TOKEN_SECRET_ARN');
  const sm = client ?? new SecretsManagerClient({ region: environment.region });
  const answer = await sm.send(new GetSecretValueCommand({ SecretId: environment.secretArn }));
  let secret = answer.SecretString ?? '';
  if (secret.startsWith('{')) {
    try {
      const inner = (JSON.parse(secret) as { secret?: unknown }).secret;
      if (typeof inner === 'string') secret = inner;
    } catch {
      // Not JSON after all: use the string as it is.
    }
  }
  if (secret.length < 16)
    throw new ConfigError('config: the token secret in Secrets Manager must have 16+ characters');
  return secret;
}
