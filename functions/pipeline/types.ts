// What the pipeline's stages need from the outside world, built once by the CLI or a Lambda handler.
import type { Config } from '../config.js';
import type { Logger } from '../core/log.js';
import type { BlobStore, Clock, FeedFetcher } from '../ports.js';

export interface PipelineDeps {
  config: Config;
  store: BlobStore;
  fetcher: FeedFetcher;
  clock: Clock;
  /** Diagnostic events (core/log.ts: ids and codes, never subscriber addresses). */
  log?: Logger;
  /** Fetch feeds even when they were paused after repeated failures. */
  retryPaused?: boolean;
}
