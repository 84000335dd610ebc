// send-batch on AWS: S3 (editions, claims, subscribers), SES through the configuration set, the token secret
// for the unsubscribe links, and the pipeline's deliver stage.

import { BlobSubscriberStore } from '../adapters/blob-subscriber-store.js';
import { SesMailer } from '../adapters/ses-mailer.js';
import { ConfigError } from '../core/errors.js';
import { deliverTo } from '../deliver/send.js';
import { systemClock } from '../ports.js';
import type { SendBatchDeps } from '../send-batch.js';
import { optionalEnv } from './env.js';
import { awsBase, log, tokenSecret } from './runtime.js';

export async function sendBatchDeps(env: NodeJS.ProcessEnv): Promise<SendBatchDeps> {
  const { region, store, config } = awsBase(env);
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
