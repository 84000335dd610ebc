// What the subscriptions and ses-events Lambdas read from their environment, validated once per container.
// The token secret comes from Secrets Manager (TALLY_TOKEN_SECRET_ARN) on AWS, or TALLY_TOKEN_SECRET locally.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';

const digestList = z
  .array(z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/), title: z.string().min(1) }))
  .min(1);

const schema = z.object({
  TALLY_ARCHIVE: z.string().min(1),
  TALLY_PUBLIC_BASE_URL: z.string().url(),
  TALLY_MAIL_FROM: z.string().min(3).max(320),
  TALLY_DIGESTS: z.string().min(2),
  TALLY_TOKEN_SECRET_ARN: z.string().min(1).optional(),
  TALLY_TOKEN_SECRET: z.string().min(16).optional(),
  TALLY_SES_CONFIGURATION_SET: z.string().min(1).optional(),
  TALLY_SES_ENDPOINT: z.string().url().optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
});

export interface HandlerEnvironment {
  /** s3://bucket/prefix (or a folder when run locally). */
  archive: string;
  publicBaseUrl: string;
  from: string;
  digests: Array<{ name: string; title: string }>;
  secretArn?: string;
  secret?: string;
  configurationSet?: string;
  sesEndpoint?: string;
  region: string;
}

/** Only the variables a handler needs: ses-events does not need the mail or digest settings. */
export function readHandlerEnvironment(
  env: NodeJS.ProcessEnv,
  need: 'subscriptions' | 'ses-events',
): HandlerEnvironment {
  const relaxed =
    need === 'ses-events'
      ? schema.partial({ TALLY_PUBLIC_BASE_URL: true, TALLY_MAIL_FROM: true, TALLY_DIGESTS: true })
      : schema;
  const result = relaxed.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(
      `config: environment variable ${String(issue?.path[0] ?? '?')} ${issue?.message ?? 'is invalid'}`,
    );
  }
  const e = result.data;
  if (e.TALLY_TOKEN_SECRET_ARN === undefined && e.TALLY_TOKEN_SECRET === undefined) {
    throw new ConfigError('config: set TALLY_TOKEN_SECRET_ARN (Secrets Manager) or TALLY_TOKEN_SECRET');
  }
  let digests: Array<{ name: string; title: string }> = [];
  if (e.TALLY_DIGESTS !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(e.TALLY_DIGESTS);
    } catch {
      throw new ConfigError(
        'config: environment variable TALLY_DIGESTS must be JSON: [{"name":"daily","title":"…"}]',
      );
    }
    const parsed = digestList.safeParse(json);
    if (!parsed.success) {
      throw new ConfigError(
        'config: environment variable TALLY_DIGESTS must list {name, title} for each digest',
      );
    }
    digests = parsed.data;
  }
  return {
    archive: e.TALLY_ARCHIVE,
    publicBaseUrl: e.TALLY_PUBLIC_BASE_URL ?? 'http://localhost:8787',
    from: e.TALLY_MAIL_FROM ?? '',
    digests,
    region: e.AWS_REGION,
    ...(e.TALLY_TOKEN_SECRET_ARN !== undefined ? { secretArn: e.TALLY_TOKEN_SECRET_ARN } : {}),
    ...(e.TALLY_TOKEN_SECRET !== undefined ? { secret: e.TALLY_TOKEN_SECRET } : {}),
    ...(e.TALLY_SES_CONFIGURATION_SET !== undefined
      ? { configurationSet: e.TALLY_SES_CONFIGURATION_SET }
      : {}),
    ...(e.TALLY_SES_ENDPOINT !== undefined ? { sesEndpoint: e.TALLY_SES_ENDPOINT } : {}),
  };
}

/** The token secret: from the environment, else Secrets Manager (the string secret, or its "secret" JSON key). */
export async function loadTokenSecret(
  environment: HandlerEnvironment,
  client?: SecretsManagerClient,
): Promise<string> {
  if (environment.secret !== undefined) return environment.secret;
  if (environment.secretArn === undefined) throw new ConfigError('config: no token secret configured');
  const sm = client ?? new SecretsManagerClient({ region: environment.region });
  const answer = await sm.send(new GetSecretValueCommand({ SecretId: environment.secretArn }));
  let value = answer.SecretString ?? '';
  if (value.startsWith('{')) {
    try {
      const json: unknown = JSON.parse(value);
      const inner = (json as { secret?: unknown }).secret;
      if (typeof inner === 'string') value = inner;
    } catch {
      // Not JSON after all: use the string as it is.
    }
  }
  if (value.length < 16)
    throw new ConfigError('config: the token secret in Secrets Manager must have 16+ characters');
  return value;
}
