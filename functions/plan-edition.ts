// Lambda: invoked by EventBridge Scheduler. "edition": one SQS message per feed for this run of the digest,
// plus a delayed build message as the run's deadline. "deliver" (hourly): the latest editions go to the
// subscribers whose local send hour it is.

import { lazyHandler } from './aws/lazy.js';
import {
  type BuildMessage,
  type IngestMessage,
  parseMessage,
  planEventSchema,
  runIdFor,
} from './aws/messages.js';
import type { MessageQueue } from './aws/queue.js';
import { startRun } from './aws/runs.js';
import type { Config } from './config.js';
import type { Logger } from './core/log.js';
import { type DueCheck, planDeliveries } from './deliver/plan.js';
import { recentEdition } from './deliver/recent.js';
import type { BlobStore, Clock, SubscriberStore } from './ports.js';

/** How long a run waits for its slowest feed before the edition is built with what arrived (SQS maximum). */
export const BUILD_DEADLINE_SECONDS = 900;

export interface PlanEditionDeps {
  config: () => Promise<Config>;
  store: BlobStore;
  subscribers: SubscriberStore;
  ingestQueue: MessageQueue;
  buildQueue: MessageQueue;
  sendQueue: MessageQueue;
  clock: Clock;
  isDue: DueCheck;
  log: Logger;
}

export type PlanResult =
  | { action: 'edition'; digest: string; runId: string; feeds: number }
  | {
      action: 'deliver';
      deliveries: Array<{ digest: string; editionId: string; recipients: number; messages: number }>;
    };

export function createHandler(deps: PlanEditionDeps): (event: unknown) => Promise<PlanResult> {
  return async (event) => {
    const plan = parseMessage(planEventSchema, event, 'plan-edition');
    const config = await deps.config();
    const at = plan.scheduledTime !== undefined ? new Date(plan.scheduledTime) : deps.clock.now();

    if (plan.action === 'edition') {
      const digest = config.digests.find((d) => d.name === plan.digest);
      if (digest === undefined) {
        // The schedule outlived its digest (config changed without a deploy finishing): nothing to retry.
        deps.log({ event: 'plan.unknown-digest', digest: plan.digest });
        return { action: 'edition', digest: plan.digest, runId: runIdFor(at), feeds: 0 };
      }
      const runId = runIdFor(at);
      // Every feed is fetched for every run: items are shared by all digests, and a conditional GET of an
      // unchanged feed costs one small request.
      const manifest = await startRun(deps.store, {
        digest: digest.name,
        runId,
        feeds: config.feeds.map((f) => f.id),
        plannedAt: deps.clock.now().toISOString(),
      });
      const ingest: Array<{ body: IngestMessage }> = manifest.feeds.map((feedId) => ({
        body: { kind: 'ingest', digest: digest.name, runId, feedId },
      }));
      await deps.ingestQueue.send(ingest);
      const deadline: BuildMessage = {
        kind: 'build',
        digest: digest.name,
        runId,
        trigger: manifest.feeds.length === 0 ? 'complete' : 'deadline',
      };
      await deps.buildQueue.send([
        manifest.feeds.length === 0
          ? { body: deadline }
          : { body: deadline, delaySeconds: BUILD_DEADLINE_SECONDS },
      ]);
      deps.log({ event: 'plan.edition', digest: digest.name, runId, feeds: manifest.feeds.length });
      return { action: 'edition', digest: digest.name, runId, feeds: manifest.feeds.length };
    }

    const deliveries: Extract<PlanResult, { action: 'deliver' }>['deliveries'] = [];
    for (const digest of config.digests) {
      const edition = await recentEdition(deps.store, digest, at);
      if (edition === undefined) continue;
      const planned = await planDeliveries(digest.name, edition.editionId, at, deps);
      deps.log({ event: 'plan.deliver', digest: digest.name, editionId: edition.editionId, ...planned });
      deliveries.push({ digest: digest.name, editionId: edition.editionId, ...planned });
    }
    return { action: 'deliver', deliveries };
  };
}

export const handler = lazyHandler(async () => {
  const { planEditionDeps } = await import('./aws/wire-plan-edition.js');
  return createHandler(await planEditionDeps(process.env));
});
