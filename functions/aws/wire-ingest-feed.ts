// ingest-feed on AWS: the guarded HTTP fetcher, S3, the build queue and the pipeline's ingest stage. The deps
// are checked against ingest-feed.ts's IngestFeedDeps where the handler takes them; this module does not import
// the handler, which imports it lazily.
import { HttpFeedFetcher } from '../fetch/http-feed-fetcher.js';
import { ingestFeed } from '../pipeline/ingest.js';
import { systemClock } from '../ports.js';
import { awsBase, log, sqsClient, sqsQueue } from './runtime.js';

export async function ingestFeedDeps(env: NodeJS.ProcessEnv) {
  const { region, store, config } = awsBase(env);
  const { fetch, allowHosts } = await config();
  return {
    config,
    store,
    fetcher: new HttpFeedFetcher({
      connectTimeoutMs: fetch.connectTimeoutMs,
      timeoutMs: fetch.timeoutMs,
      maxBytes: fetch.maxBytes,
      maxRedirects: fetch.maxRedirects,
      allowHosts,
    }),
    buildQueue: sqsQueue(await sqsClient(region), env, 'buildQueueUrl'),
    clock: systemClock,
    ingestFeed,
    log,
  };
}
