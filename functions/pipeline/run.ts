// The whole edition in one process (`tally run`): ingest every feed, build each digest's edition, deliver it.
// The same stage functions the Lambdas call, in the same order.

import { syncConfiguredSubscribers } from '../adapters/blob-subscriber-store.js';
import { mapLimit } from '../concurrency.js';
import { describeError } from '../core/errors.js';
import { errorFields } from '../core/log.js';
import type { Subscriber } from '../core/model.js';
import {
  activeSubscribers,
  type DeliverDeps,
  type DeliveryReport,
  deliverTo,
  isDue,
  recentEdition,
} from '../deliver/index.js';
import { buildEdition } from './edition.js';
import { type IngestResult, ingestFeed } from './ingest.js';
import type { PipelineDeps } from './types.js';

export interface RunOptions {
  /** Only these digests (default: all). */
  digests?: string[];
  /** Send only to subscribers whose send hour it is (the hourly planner); default sends to all now. */
  dueOnly?: boolean;
  /** Build and archive, send nothing. */
  noSend?: boolean;
  onProgress?: (line: string) => void;
}

export interface RunSummary {
  feeds: Array<Omit<IngestResult, 'items'>>;
  editions: Array<{
    digest: string;
    result:
      | { status: 'skipped'; reason: string }
      | { status: 'built'; editionId: string; keys: string[]; stories: number; figures: number };
    delivery?: DeliveryReport;
    error?: { code: string; message: string };
  }>;
}

export async function runAll(
  deps: PipelineDeps & DeliverDeps,
  options: RunOptions = {},
): Promise<RunSummary> {
  const { config, clock } = deps;
  const progress = options.onProgress ?? (() => {});
  await syncConfiguredSubscribers(deps.subscribers, config.subscribers, deps.secret, clock.now());

  const feeds = await mapLimit(config.feeds, config.fetch.concurrency, async (feed) => {
    const result = await ingestFeed(feed, deps);
    progress(
      `fetch ${feed.id}: ${result.status}${result.error ? ` (${result.error.code})` : ''}, ${result.itemsNew} new`,
    );
    const { items: _items, ...health } = result;
    return health;
  });

  const editions: RunSummary['editions'] = [];
  const selected = config.digests.filter((d) => !options.digests || options.digests.includes(d.name));
  let active: Subscriber[] | undefined;
  for (const digest of selected) {
    try {
      const built = await buildEdition(digest, deps);
      progress(
        `edition ${digest.name}: ${built.status === 'built' ? built.editionId : `skipped, ${built.reason}`}`,
      );
      const entry: RunSummary['editions'][number] = {
        digest: digest.name,
        result:
          built.status === 'built'
            ? {
                status: 'built',
                editionId: built.editionId,
                keys: built.keys,
                stories: built.digest.stories.length,
                figures: built.digest.stories.reduce((n, s) => n + s.figures.length, 0),
              }
            : built,
      };
      if (!options.noSend) {
        // The latest edition goes to every active subscriber who has not had it yet (claims make this
        // idempotent), so an interrupted delivery completes on the next run. Editions older than the
        // digest's window are not sent to newcomers.
        const now = clock.now();
        active ??= await activeSubscribers(deps.subscribers);
        let recipients = active.filter((s) => s.digests.includes(digest.name));
        if (options.dueOnly) recipients = recipients.filter((s) => isDue(s, digest.name, now));
        const recent =
          built.status === 'built' || (await recentEdition(deps.store, digest, now)) !== undefined;
        if (recipients.length > 0 && recent) {
          const report = await deliverTo(digest.name, undefined, recipients, deps);
          if (report) {
            entry.delivery = report;
            progress(`deliver ${digest.name}: ${report.sent} sent, ${report.alreadySent} already sent`);
          }
        }
      }
      editions.push(entry);
    } catch (error) {
      editions.push({
        digest: digest.name,
        result: { status: 'skipped', reason: 'failed' },
        error: describeError(error),
      });
      deps.log?.({
        event: 'run.edition-failed',
        digest: digest.name,
        ...errorFields(error, { stack: true }),
      });
    }
  }
  return { feeds, editions };
}
