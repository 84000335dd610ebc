// The real dependencies of each handler on AWS: S3 for the archive, SQS between functions, SES for mail, the
// token secret from Secrets Manager, the deployed config from the bucket. Loaded by the handlers on their first
// invocation (see lazy.ts), never at import time.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { HttpFeedFetcher } from '../adapters/http-feed-fetcher.js';
import { S3BlobStore } from '../adapters/s3-blob-store.js';
import { SesMailer } from '../adapters/ses-mailer.js';
import type { BuildEditionDeps } from '../build-edition.js';
import type { Config } from '../config.js';
import { ConfigError } from '../core/errors.js';
import { isDue } from '../delivery/index.js';
import type { IngestFeedDeps } from '../ingest-feed.js';
import { buildEdition, deliverTo, ingestFeed } from '../pipeline/index.js';
import type { PlanEditionDeps } from '../plan-edition.js';
import { systemClock } from '../ports.js';
import type { SendBatchDeps } from '../send-batch.js';
import { BlobSubscriberStore } from '../subscriptions/store.js';
import { loadDeployedConfig, memoize } from './deployed-config.js';
import { optionalEnv, regionOf, requireEnv } from './env.js';
import { SqsQueue } from './queue.js';

/** Lambda's JSON log format turns each console line into a structured record. */
const log = (line: string): void => console.log(line);

interface Base {
  region: string;
  store: S3BlobStore;
  config: () => Promise<Config>;
}

function base(env: NodeJS.ProcessEnv): Base {
  const region = regionOf(env);
  const bucket = requireEnv(env, 'bucket');
  const store = new S3BlobStore({ bucket, region });
  const config = memoize(async () => {
    const loaded = await loadDeployedConfig({
      store,
      key: requireEnv(env, 'configKey'),
      sha256: requireEnv(env, 'configSha256'),
      publicBaseUrl: requireEnv(env, 'publicBaseUrl'),
    });
    const sendRate = Number(optionalEnv(env, 'sendRate') ?? '');
    const configurationSet = optionalEnv(env, 'sesConfigurationSet');
    return {
      ...loaded,
      archive: { ...loaded.archive, location: `s3://${bucket}`, region },
      mailer: {
        type: 'ses' as const,
        region,
        maxSendRate:
          Number.isFinite(sendRate) && sendRate > 0
            ? sendRate
            : loaded.mailer.type === 'ses'
              ? loaded.mailer.maxSendRate
              : 1,
        ...(configurationSet !== undefined ? { configurationSet } : {}),
      },
    };
  });
  return { region, store, config };
}

function queue(
  sqs: SQSClient,
  env: NodeJS.ProcessEnv,
  name: 'ingestQueueUrl' | 'buildQueueUrl' | 'sendQueueUrl',
) {
  return new SqsQueue(sqs, requireEnv(env, name));
}

async function tokenSecret(region: string, env: NodeJS.ProcessEnv): Promise<string> {
  const arn = requireEnv(env, 'tokenSecretArn');
  const out = await new SecretsManagerClient({ region }).send(new GetSecretValueCommand({ SecretId: arn }));
  const secret = out.SecretString;
  if (secret === undefined || secret.length < 16) {
    throw new ConfigError('aws: the token secret is empty or shorter than 16 characters');
  }
  return secret;
}

export async function planEditionDeps(env: NodeJS.ProcessEnv): Promise<PlanEditionDeps> {
  const { region, store, config } = base(env);
  const sqs = new SQSClient({ region });
  return {
    config,
    store,
    subscribers: new BlobSubscriberStore(store),
    ingestQueue: queue(sqs, env, 'ingestQueueUrl'),
    buildQueue: queue(sqs, env, 'buildQueueUrl'),
    sendQueue: queue(sqs, env, 'sendQueueUrl'),
    clock: systemClock,
    isDue,
    log,
  };
}

export async function ingestFeedDeps(env: NodeJS.ProcessEnv): Promise<IngestFeedDeps> {
  const { region, store, config } = base(env);
  const fetch = (await config()).fetch;
  return {
    config,
    store,
    fetcher: new HttpFeedFetcher({
      connectTimeoutMs: fetch.connectTimeoutMs,
      timeoutMs: fetch.timeoutMs,
      maxBytes: fetch.maxBytes,
      maxRedirects: fetch.maxRedirects,
      allowHosts: (await config()).allowHosts,
    }),
    buildQueue: queue(new SQSClient({ region }), env, 'buildQueueUrl'),
    clock: systemClock,
    ingestFeed,
    log,
  };
}

export async function buildEditionDeps(env: NodeJS.ProcessEnv): Promise<BuildEditionDeps> {
  const { region, store, config } = base(env);
  return {
    config,
    store,
    subscribers: new BlobSubscriberStore(store),
    sendQueue: queue(new SQSClient({ region }), env, 'sendQueueUrl'),
    clock: systemClock,
    buildEdition,
    isDue,
    log,
  };
}

export async function sendBatchDeps(env: NodeJS.ProcessEnv): Promise<SendBatchDeps> {
  const { region, store, config } = base(env);
  const configurationSet = optionalEnv(env, 'sesConfigurationSet');
  const mailer = new SesMailer({ region, ...(configurationSet !== undefined ? { configurationSet } : {}) });
  const secret = await tokenSecret(region, env);
  return {
    subscribers: new BlobSubscriberStore(store),
    deliver: async (digest, editionId, recipients) =>
      deliverTo(digest, editionId, recipients, {
        config: await config(),
        store,
        fetcher: { fetch: async () => Promise.reject(new ConfigError('send: no fetching while sending')) },
        clock: systemClock,
        log,
        mailer,
        secret,
      }),
    log,
  };
}
