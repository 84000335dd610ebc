import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { MemoryQueue, SqsQueue } from '../../functions/aws/queue.js';
import { startRun } from '../../functions/aws/runs.js';
import { type Config, parseConfig } from '../../functions/config.js';
import { FeedError } from '../../functions/core/errors.js';
import { keys } from '../../functions/core/keys.js';
import { lineLogger } from '../../functions/core/log.js';
import type { FeedHealth } from '../../functions/core/model.js';
import { createHandler, type IngestFeedDeps, type IngestStage } from '../../functions/ingest-feed.js';
import type { FeedFetcher } from '../../functions/ports.js';
import { sqsEvent } from '../helpers/sqs-event.js';

const config: Config = parseConfig(
  {
    feeds: ['alpha', 'beta', 'gamma'].map((id) => ({
      id,
      name: id,
      url: `https://news.example.org/${id}.xml`,
    })),
    digests: [{ name: 'daily', title: 'Daily' }],
    sender: { from: 'digest@example.org' },
  },
  '/var/task',
);
const RUN = '20261129T0700Z';

let dir: string;
let store: FsBlobStore;
let buildQueue: MemoryQueue;
let lines: string[];
let ingested: string[];

const fetcher: FeedFetcher = {
  fetch: async () => ({ status: 'ok', url: 'https://news.example.org/', body: '<rss/>' }),
};

/** A stand-in for the pipeline's ingestFeed: it fetches through the given fetcher and files one item. */
const stage: IngestStage = async (feed, pipeline) => {
  ingested.push(feed.id);
  const fetched = await pipeline.fetcher.fetch({ url: feed.url });
  if (fetched.status !== 'ok') throw new Error('unexpected');
  await pipeline.store.put(`items/2026/11/29/${feed.id}-1.json`, JSON.stringify({ feedId: feed.id }));
  return health(feed.id, 'ok', 1);
};

function health(feedId: string, status: FeedHealth['status'], itemsNew: number): FeedHealth {
  return { feedId, feedName: feedId, status, itemsNew, itemsDuplicate: 0, consecutiveFailures: 0 };
}

function deps(ingestFeed: IngestStage = stage): IngestFeedDeps {
  return {
    config: async () => config,
    store,
    fetcher,
    buildQueue,
    clock: { now: () => new Date('2026-11-29T07:01:00Z') },
    ingestFeed,
    log: lineLogger((line) => lines.push(line)),
  };
}

const ingest = (feedId: string) => JSON.stringify({ kind: 'ingest', digest: 'daily', runId: RUN, feedId });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tally-ingest-'));
  store = new FsBlobStore(dir);
  buildQueue = new MemoryQueue();
  lines = [];
  ingested = [];
  await startRun(store, {
    digest: 'daily',
    runId: RUN,
    feeds: ['alpha', 'beta', 'gamma'],
    plannedAt: '2026-11-29T07:00:01Z',
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ingest-feed', () => {
  it('ingests each feed of the batch and asks for the build once the run is complete', async () => {
    const response = await createHandler(deps())(sqsEvent(ingest('alpha'), ingest('beta'), ingest('gamma')));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ingested.sort()).toEqual(['alpha', 'beta', 'gamma']);
    expect(await store.get('items/2026/11/29/beta-1.json')).toBeDefined();
    expect(buildQueue.sent).toEqual([
      { body: { kind: 'build', digest: 'daily', runId: RUN, trigger: 'complete' } },
    ]);
  });

  it('waits for the last feed of the run before asking for the build', async () => {
    await createHandler(deps())(sqsEvent(ingest('alpha'), ingest('beta')));
    expect(buildQueue.sent).toEqual([]);
    await createHandler(deps())(sqsEvent(ingest('gamma')));
    expect(buildQueue.sent).toHaveLength(1);
  });

  it('asks for the build exactly once when the last feeds finish together or arrive twice', async () => {
    await createHandler(deps())(sqsEvent(ingest('alpha')));
    await Promise.all([
      createHandler(deps())(sqsEvent(ingest('beta'))),
      createHandler(deps())(sqsEvent(ingest('gamma'))),
      createHandler(deps())(sqsEvent(ingest('gamma'))),
    ]);
    await createHandler(deps())(sqsEvent(ingest('beta')));
    expect(buildQueue.sent).toHaveLength(1);
  });

  it('counts a feed that failed as done: one feed never holds up the edition', async () => {
    const failing: IngestStage = async (feed, pipeline) =>
      feed.id === 'beta'
        ? { ...health('beta', 'failed', 0), error: { code: 'FEED_TIMEOUT', message: 'fetch: timed out' } }
        : stage(feed, pipeline);
    const response = await createHandler(deps(failing))(
      sqsEvent(ingest('alpha'), ingest('beta'), ingest('gamma')),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(buildQueue.sent).toHaveLength(1);
    expect(lines.join('\n')).toContain('"code":"FEED_TIMEOUT"');
  });

  it('returns only the records that threw, and completes the run when SQS redelivers them', async () => {
    let attempts = 0;
    const flaky: IngestStage = async (feed, pipeline) => {
      if (feed.id === 'gamma' && attempts++ === 0)
        throw new FeedError('FEED_NETWORK', 'store: connection reset');
      return stage(feed, pipeline);
    };
    const handler = createHandler(deps(flaky));
    const first = await handler(sqsEvent(ingest('alpha'), 'not json', ingest('gamma')));
    expect(first.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m1', 'm2']);
    expect(buildQueue.sent).toEqual([]);
    await handler(sqsEvent(ingest('beta'), ingest('gamma')));
    expect(buildQueue.sent).toHaveLength(1);
  });

  it('logs ids and codes, never message bodies', async () => {
    await createHandler(deps())(
      sqsEvent('{"kind":"ingest","digest":"daily","runId":"x","feedId":"secret-feed"}'),
    );
    expect(lines.join('\n')).toContain('"code":"INPUT_INVALID"');
    expect(lines.join('\n')).not.toContain('secret-feed');
  });

  it('counts a feed removed from the config as done', async () => {
    await startRun(store, {
      digest: 'daily',
      runId: '20261129T0800Z',
      feeds: ['alpha', 'removed'],
      plannedAt: '',
    });
    const message = (feedId: string) =>
      JSON.stringify({ kind: 'ingest', digest: 'daily', runId: '20261129T0800Z', feedId });
    const response = await createHandler(deps())(sqsEvent(message('removed'), message('alpha')));
    expect(response.batchItemFailures).toEqual([]);
    expect(await store.get(keys.runDone('daily', '20261129T0800Z', 'removed'))).toBeDefined();
    expect(buildQueue.sent).toHaveLength(1);
  });
});

describe('SqsQueue (how ingest-feed sends the build request), against a local SQS stand-in', () => {
  interface Entry {
    Id: string;
    MessageBody: string;
    DelaySeconds?: number;
  }
  let server: Server;
  let endpoint: string;
  let requests: Entry[][];
  let reject: (entry: Entry, attempt: number) => boolean;

  beforeAll(async () => {
    // Speaks just enough of SQS's JSON protocol: SendMessageBatch, with per-entry failures on demand.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      req.on('end', () => {
        const input = JSON.parse(body) as { Entries: Entry[] };
        requests.push(input.Entries);
        const attempt = requests.length;
        const failed = input.Entries.filter((e) => reject(e, attempt));
        const ok = input.Entries.filter((e) => !failed.includes(e));
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(
          JSON.stringify({
            Successful: ok.map((e) => ({
              Id: e.Id,
              MessageId: `id-${e.Id}`,
              MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex'),
            })),
            Failed: failed.map((e) => ({
              Id: e.Id,
              SenderFault: false,
              Code: 'InternalError',
              Message: 'try again',
            })),
          }),
        );
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));
  beforeEach(() => {
    requests = [];
    reject = () => false;
  });

  const client = () =>
    new SQSClient({
      endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  const url = () => `${endpoint}/123456789012/build`;

  it('sends in batches of ten, bodies as JSON, with their delays', async () => {
    const messages = Array.from({ length: 23 }, (_, i) => ({
      body: { n: i },
      ...(i === 0 ? { delaySeconds: 900 } : {}),
    }));
    await new SqsQueue(client(), url()).send(messages);
    expect(requests.map((r) => r.length)).toEqual([10, 10, 3]);
    expect(requests.flat().map((e) => JSON.parse(e.MessageBody))).toEqual(messages.map((m) => m.body));
    expect(requests[0]?.[0]?.DelaySeconds).toBe(900);
    expect(requests[0]?.[1]?.DelaySeconds).toBeUndefined();
  });

  it('sends again only the entries SQS refused', async () => {
    reject = (entry, attempt) => attempt === 1 && entry.Id === '2';
    await new SqsQueue(client(), url()).send([{ body: 'a' }, { body: 'b' }, { body: 'c' }]);
    expect(requests.map((r) => r.map((e) => JSON.parse(e.MessageBody)))).toEqual([['a', 'b', 'c'], ['c']]);
  });

  it('gives up after its attempts, naming the code', async () => {
    reject = (entry) => entry.Id === '0';
    await expect(new SqsQueue(client(), url(), 3).send([{ body: 'x' }])).rejects.toThrow(
      /queue: 1 message\(s\) not accepted by SQS \(InternalError: try again\)/,
    );
    expect(requests).toHaveLength(3);
  });
});
