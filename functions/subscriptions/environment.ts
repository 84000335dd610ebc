// What the subscriptions and ses-events Lambdas read from their environment: the names the pipeline stack sets
// (functions/aws/env.ts), the deployed config from the bucket (functions/aws/deployed-config.ts) and the token
// secret from Secrets Manager. Two local stand-ins serve tests and local runs: TALLY_ARCHIVE (a folder instead
// of the bucket) and TALLY_TOKEN_SECRET (instead of Secrets Manager).
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadSecretsManager } from '../adapters/aws-sdk.js';
import { openStore } from '../adapters/open-store.js';
import { loadDeployedConfig } from '../aws/deployed-config.js';
import { optionalEnv, regionOf, requireEnv } from '../aws/env.js';
import type { Config } from '../config.js';
import { ConfigError } from '../core/errors.js';
import type { BlobStore } from '../ports.js';

export interface HandlerEnvironment {
  store: BlobStore;
  region: string;
  configurationSet?: string;
  /** An SES endpoint (the local emulator); the regional one when absent. */
  sesEndpoint?: string;
  secret: () => Promise<string>;
}

function local(env: NodeJS.ProcessEnv, name: 'TALLY_ARCHIVE' | 'TALLY_TOKEN_SECRET' | 'TALLY_SES_ENDPOINT') {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function readHandlerEnvironment(
  env: NodeJS.ProcessEnv,
  client?: SecretsManagerClient,
): HandlerEnvironment {
  const region = regionOf(env);
  const archive = local(env, 'TALLY_ARCHIVE') ?? `s3://${requireEnv(env, 'bucket')}`;
  const localSecret = local(env, 'TALLY_TOKEN_SECRET');
  if (localSecret !== undefined && localSecret.length < 16) {
    throw new ConfigError('config: TALLY_TOKEN_SECRET must be at least 16 characters');
  }
  const secretArn = localSecret === undefined ? requireEnv(env, 'tokenSecretArn') : undefined;
  const configurationSet = optionalEnv(env, 'sesConfigurationSet');
  const sesEndpoint = local(env, 'TALLY_SES_ENDPOINT');
  return {
    store: openStore(archive, { region }),
    region,
    ...(configurationSet !== undefined ? { configurationSet } : {}),
    ...(sesEndpoint !== undefined ? { sesEndpoint } : {}),
    secret: async () => {
      if (localSecret !== undefined) return localSecret;
      // The SDK module is loaded here, on the first secret read, not when the handler's bundle is imported.
      const secrets = client ?? new (await loadSecretsManager()).SecretsManagerClient({ region });
      return loadTokenSecret(secretArn ?? '', secrets);
    },
  };
}

/** The deployed config this function's environment names (key, expected sha256, public base URL). */
export function readDeployedConfig(env: NodeJS.ProcessEnv, store: BlobStore): Promise<Config> {
  return loadDeployedConfig({
    store,
    key: requireEnv(env, 'configKey'),
    sha256: requireEnv(env, 'configSha256'),
    publicBaseUrl: requireEnv(env, 'publicBaseUrl'),
  });
}

/** The token secret in Secrets Manager: the secret string, or its "secret" key when it is JSON. */
export async function loadTokenSecret(secretArn: string, client: SecretsManagerClient): Promise<string> {
  const { GetSecretValueCommand } = await loadSecretsManager();
  const answer = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  let secret = answer.SecretString ?? '';
  if (secret.startsWith('{')) {
    try {
      const inner = (JSON.parse(secret) as { secret?: unknown }).secret;
      if (typeof inner === 'string') secret = inner;
    } catch {
      // Not JSON after all: the string as it is.
    }
  }
  if (secret.length < 16) {
    throw new ConfigError('config: the token secret in Secrets Manager is shorter than 16 characters');
  }
  return secret;
}
