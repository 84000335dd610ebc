// send-batch on AWS: S3 (editions, claims, subscribers), SES through the configuration set, the token secret
// for the unsubscribe links, and the deliver stage. The deps are checked against send-batch.ts's SendBatchDeps
// where the handler takes them; this module does not import the handler, which imports it lazily.

import { BlobSubscriberStore } from '../adapters/blob-subscriber-store.js';
import { SesMailer } from '../adapters/ses-mailer.js';
import type { Subscriber } from '../core/model.js';
import { deliverTo } from '../deliver/send.js';
import { systemClock } from '../ports.js';
import { optionalEnv } from './env.js';
import { awsBase, log, tokenSecret } from './runtime.js';

export async function sendBatchDeps(env: NodeJS.ProcessEnv) {
  const { region, store, config } = awsBase(env);
  const configurationSet = optionalEnv(env, 'sesConfigurationSet');
  const mailer = new SesMailer({ region, ...(configurationSet !== undefined ? { configurationSet } : {}) });
  const secret = await tokenSecret(region, env);
  const subscribers = new BlobSubscriberStore(store);
  return {
    subscribers,
    deliver: async (digest: string, editionId: string, recipients: Subscriber[]) =>
      deliverTo(digest, editionId, recipients, {
        config: await config(),
        store,
        subscribers,
        clock: systemClock,
        mailer,
        secret,
      }),
    log,
  };
}
