// build-edition on AWS: S3, the send queue, subscribers and the pipeline's edition stage.

import { BlobSubscriberStore } from '../adapters/blob-subscriber-store.js';
import type { BuildEditionDeps } from '../build-edition.js';
import { isDue } from '../deliver/schedule.js';
import { buildEdition } from '../pipeline/edition.js';
import { systemClock } from '../ports.js';
import { awsBase, log, sqsClient, sqsQueue } from './runtime.js';

export async function buildEditionDeps(env: NodeJS.ProcessEnv): Promise<BuildEditionDeps> {
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
