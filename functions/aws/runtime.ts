// What every handler's AWS wiring shares: the archive bucket as a BlobStore, the deployed config (read once per
// container and checked against this deployment's hash), SQS queues, the token secret, JSON log lines.
// Each handler has its own wire-*.ts beside this, so its bundle holds only the clients and stages it uses.
import type { SQSClient } from '@aws-sdk/client-sqs';
import { loadSecretsManager, loadSqs } from '../adapters/aws-sdk.js';
import { S3BlobStore } from '../adapters/s3-blob-store.js';
import type { Config } from '../config.js';
import { ConfigError } from '../core/errors.js';
import { type Logger, lineLogger } from '../core/log.js';
import { once } from '../core/once.js';
import { loadDeployedConfig } from './deployed-config.js';
import { type EnvName, optionalEnv, regionOf, requireEnv } from './env.js';
import { SqsQueue } from './queue.js';

/** One JSON line per entry on stdout; Lambda's JSON log format keeps it a structured record. */
export const log: Logger = lineLogger((line) => console.log(line));

export interface AwsBase {
  region: string;
  store: S3BlobStore;
  config: () => Promise<Config>;
}

export function awsBase(env: NodeJS.ProcessEnv): AwsBase {
  const region = regionOf(env);
  const bucket = requireEnv(env, 'bucket');
  const store = new S3BlobStore({ bucket, region });
  const config = once(async (): Promise<Config> => {
    const loaded = await loadDeployedConfig({
      store,
      key: requireEnv(env, 'configKey'),
      sha256: requireEnv(env, 'configSha256'),
      publicBaseUrl: requireEnv(env, 'publicBaseUrl'),
    });
    // Each concurrent sender gets its share of the account's SES rate (the stack splits it).
    const sendRate = Number(optionalEnv(env, 'sendRate') ?? '');
    const configurationSet = optionalEnv(env, 'sesConfigurationSet');
    const configuredRate = loaded.mailer.type === 'ses' ? loaded.mailer.maxSendRate : 1;
    return {
      ...loaded,
      archive: { ...loaded.archive, location: `s3://${bucket}`, region },
      mailer: {
        type: 'ses',
        region,
        maxSendRate: Number.isFinite(sendRate) && sendRate > 0 ? sendRate : configuredRate,
        ...(configurationSet !== undefined ? { configurationSet } : {}),
      },
    };
  });
  return { region, store, config };
}

export function sqsQueue(
  client: SQSClient,
  env: NodeJS.ProcessEnv,
  name: Extract<EnvName, 'ingestQueueUrl' | 'buildQueueUrl' | 'sendQueueUrl'>,
): SqsQueue {
  return new SqsQueue(client, requireEnv(env, name));
}

/** Loads the SQS client module on first use (see adapters/aws-sdk.ts). */
export async function sqsClient(region: string): Promise<SQSClient> {
  const { SQSClient } = await loadSqs();
  return new SQSClient({ region });
}

export async function tokenSecret(region: string, env: NodeJS.ProcessEnv): Promise<string> {
  const arn = requireEnv(env, 'tokenSecretArn');
  const { GetSecretValueCommand, SecretsManagerClient } = await loadSecretsManager();
  const out = await new SecretsManagerClient({ region }).send(new GetSecretValueCommand({ SecretId: arn }));
  const secret = out.SecretString;
  if (secret === undefined || secret.length < 16) {
    throw new ConfigError('aws: the token secret is empty or shorter than 16 characters');
  }
  return secret;
}
