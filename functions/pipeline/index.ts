// The pipeline's entry points, shared by the CLI and the Lambda handlers: ingest one feed, build one edition,
// deliver it, or run all of it in one process. Each calls the stages through their entry points,
// functions/<stage>/index.ts, in the order of the diagram (fetch → … → deliver).

export { mapLimit } from '../concurrency.js';
export { activeSubscribers, type DeliverDeps, deliverTo } from '../deliver/send.js';
export { buildEdition, type EditionResult } from './edition.js';
export { type FeedState, type IngestResult, ingestFeed, type StoredItem } from './ingest.js';
export { type RunOptions, type RunSummary, runAll } from './run.js';
export type { PipelineDeps } from './types.js';
