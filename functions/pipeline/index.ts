// The pipeline's entry points, shared by the CLI and the Lambda handlers.

export { mapLimit } from '../concurrency.js';
export { activeSubscribers, type DeliverDeps, deliverTo } from '../deliver/send.js';
export { buildEdition, type DigestState, type EditionResult, loadEdition } from './edition.js';
export { analyseItem, type FeedState, type IngestResult, ingestFeed, type StoredItem } from './ingest.js';
export { type RunOptions, type RunSummary, runAll } from './run.js';
export type { PipelineDeps } from './types.js';
