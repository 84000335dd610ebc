// Lambda: SQS messages of one feed each → fetch, parse, clean, dedupe, extract into items/ (the pipeline's
// ingestFeed). A feed's own failure is recorded in its health and the run goes on; the ingest that completes
// the run asks for the build.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lazyHandler } from './aws/lazy.js';
import { type BuildMessage, ingestMessageSchema } from './aws/messages.js';
import type { MessageQueue } from './aws/queue.js';
import { claimBuildRequest, markFeedDone } from './aws/runs.js';
import { messageHandler } from './aws/sqs-batch.js';
import type { Config, FeedConfig } from './config.js';
import type { Logger } from './core/log.js';
import type { FeedHealth } from './core/model.js';
import type { PipelineDeps } from './pipeline/types.js';
import type { BlobStore, Clock, FeedFetcher } from './ports.js';

export type IngestStage = (feed: FeedConfig, deps: PipelineDeps) => Promise<FeedHealth>;

export interface IngestFeedDeps {
  config: () => Promise<Config>;
  store: BlobStore;
  fetcher: FeedFetcher;
  buildQueue: MessageQueue;
  clock: Clock;
  ingestFeed: IngestStage;
  log: Logger;
  /** Feeds of one batch fetched at once (default 5, the batch size). */
  concurrency?: number;
}

export function createHandler(deps: IngestFeedDeps): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return messageHandler(
    { schema: ingestMessageSchema, what: 'ingest-feed', log: deps.log, concurrency: deps.concurrency ?? 5 },
    async (message) => {
      const config = await deps.config();
      const feed = config.feeds.find((f) => f.id === message.feedId);
      let health: Pick<FeedHealth, 'feedId' | 'status' | 'itemsNew'>;
      if (feed === undefined) {
        // Removed from the config since the run was planned: count it done so the run can complete.
        deps.log({ event: 'ingest.unknown-feed', feedId: message.feedId, runId: message.runId });
        health = { feedId: message.feedId, status: 'failed', itemsNew: 0 };
      } else {
        const result = await deps.ingestFeed(feed, {
          config,
          store: deps.store,
          fetcher: deps.fetcher,
          clock: deps.clock,
          log: deps.log,
        });
        health = { feedId: result.feedId, status: result.status, itemsNew: result.itemsNew };
        deps.log({
          event: 'ingest.feed',
          feedId: feed.id,
          runId: message.runId,
          status: result.status,
          itemsNew: result.itemsNew,
          code: result.error?.code,
        });
      }
      const progress = await markFeedDone(deps.store, message.digest, message.runId, health);
      if (
        progress.complete &&
        (await claimBuildRequest(deps.store, message.digest, message.runId, deps.clock.now()))
      ) {
        const build: BuildMessage = {
          kind: 'build',
          digest: message.digest,
          runId: message.runId,
          trigger: 'complete',
        };
        await deps.buildQueue.send([{ body: build }]);
        deps.log({
          event: 'ingest.run-complete',
          digest: message.digest,
          runId: message.runId,
          feeds: progress.expected,
        });
      }
    },
  );
}

export const handler = lazyHandler(async () => {
  const { ingestFeedDeps } = await import('./aws/wire-ingest-feed.js');
  return createHandler(await ingestFeedDeps(process.env));
});
