// build-edition on AWS: S3, the send queue, subscribers and the pipeline's edition stage. The deps are checked
// against build-edition.ts's BuildEditionDeps where the handler takes them; this module does not import the
// handler, which imports it lazily.

import { BlobSubscriberStore } from '../adapters/blob-subscriber-store.js';
import { isDue } from '../deliver/schedule.js';
import { buildEdition } from '../pipeline/edition.js';
import { systemClock } from '../ports.js';
import { awsBase, log, sqsClient, sqsQueue } from './runtime.js';

export async function buildEditionDeps(env: NodeJS.ProcessEnv) {
  const { region, store, config } = awsBase(env);
  return {
    config,
    store,
    subscribers: new BlobSubscriberStore(store),
    sendQueue: sqsQueue(await sqsClient(region), env, 'sendQueueUrl'),
    clock: systemClock,
    buildEdition,
    isDue,
    log,
  };
}
