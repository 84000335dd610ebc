// Lambda: one SQS message per run of a digest (from the ingest that completed the run, or the planner's
// deadline, whichever comes first) → the pipeline's buildEdition, then send messages for the subscribers
// whose send hour it is. A run is built once; the later of the two messages finds it built and stops.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lazyHandler } from './aws/lazy.js';
import { buildMessageSchema } from './aws/messages.js';
import type { MessageQueue } from './aws/queue.js';
import { readBuilt, recordBuilt } from './aws/runs.js';
import { messageHandler } from './aws/sqs-batch.js';
import type { Config, DigestConfig } from './config.js';
import { FeedError } from './core/errors.js';
import type { Logger } from './core/log.js';
import { type DueCheck, planDeliveries } from './deliver/plan.js';
import type { PipelineDeps } from './pipeline/types.js';
import type { BlobStore, Clock, FeedFetcher, SubscriberStore } from './ports.js';

export type BuildStage = (
  digest: DigestConfig,
  deps: PipelineDeps,
) => Promise<{ status: 'skipped'; reason: string } | { status: 'built'; editionId: string }>;

export interface BuildEditionDeps {
  config: () => Promise<Config>;
  store: BlobStore;
  subscribers: SubscriberStore;
  sendQueue: MessageQueue;
  clock: Clock;
  buildEdition: BuildStage;
  isDue: DueCheck;
  log: Logger;
}

/** Building never fetches; a stage that tries is a bug worth a loud error. */
const noFetching: FeedFetcher = {
  fetch: async (request) => {
    throw new FeedError('FEED_NETWORK', `build: no fetching while building (asked for ${request.url})`);
  },
};

export function createHandler(deps: BuildEditionDeps): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return messageHandler(
    { schema: buildMessageSchema, what: 'build-edition', log: deps.log },
    async (message) => {
      const done = await readBuilt(deps.store, message.digest, message.runId);
      if (done !== undefined) {
        deps.log({
          event: 'build.already',
          digest: message.digest,
          runId: message.runId,
          trigger: message.trigger,
        });
        return;
      }
      const config = await deps.config();
      const digest = config.digests.find((d) => d.name === message.digest);
      if (digest === undefined) {
        deps.log({ event: 'build.unknown-digest', digest: message.digest, runId: message.runId });
        return;
      }
      const now = deps.clock.now();
      const result = await deps.buildEdition(digest, {
        config,
        store: deps.store,
        fetcher: noFetching,
        clock: deps.clock,
        log: deps.log,
      });
      if (result.status === 'built') {
        const planned = await planDeliveries(digest.name, result.editionId, now, deps);
        deps.log({
          event: 'build.built',
          digest: digest.name,
          runId: message.runId,
          editionId: result.editionId,
          trigger: message.trigger,
          ...planned,
        });
      } else {
        deps.log({
          event: 'build.skipped',
          digest: digest.name,
          runId: message.runId,
          reason: result.reason,
        });
      }
      await recordBuilt(deps.store, {
        digest: digest.name,
        runId: message.runId,
        status: result.status,
        ...(result.status === 'built' ? { editionId: result.editionId } : { reason: result.reason }),
        builtAt: deps.clock.now().toISOString(),
      });
    },
  );
}

export const handler = lazyHandler(async () => {
  const { buildEditionDeps } = await import('./aws/wire-build-edition.js');
  return createHandler(await buildEditionDeps(process.env));
});
