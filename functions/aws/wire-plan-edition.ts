// plan-edition on AWS: S3 (config, run manifests, subscribers) and the three SQS queues. The deps are checked
// against plan-edition.ts's PlanEditionDeps where the handler takes them; this module does not import the
// handler, which imports it lazily.

import { BlobSubscriberStore } from '../adapters/blob-subscriber-store.js';
import { isDue } from '../deliver/schedule.js';
import { systemClock } from '../ports.js';
import { awsBase, log, sqsClient, sqsQueue } from './runtime.js';

export async function planEditionDeps(env: NodeJS.ProcessEnv) {
  const { region, store, config } = awsBase(env);
  const sqs = await sqsClient(region);
  return {
    config,
    store,
    subscribers: new BlobSubscriberStore(store),
    ingestQueue: sqsQueue(sqs, env, 'ingestQueueUrl'),
    buildQueue: sqsQueue(sqs, env, 'buildQueueUrl'),
    sendQueue: sqsQueue(sqs, env, 'sendQueueUrl'),
    clock: systemClock,
    isDue,
    log,
  };
}
