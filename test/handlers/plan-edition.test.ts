import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FUNCTION_SPECS, type FunctionName } from '../../cdk/stacks/pipeline-stack.js';
import { BlobSubscriberStore, subscriberHash } from '../../functions/adapters/blob-subscriber-store.js';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { MemoryQueue } from '../../functions/aws/queue.js';
import { readManifest } from '../../functions/aws/runs.js';
import { createHandler as createBuild } from '../../functions/build-edition.js';
import { type Config, parseConfig } from '../../functions/config.js';
import { lineLogger } from '../../functions/core/log.js';
import type { Subscriber } from '../../functions/core/model.js';
import { isDue } from '../../functions/deliver/schedule.js';
import { deliverTo } from '../../functions/deliver/send.js';
import { FileFeedFetcher } from '../../functions/fetch/file-feed-fetcher.js';
import { createHandler as createIngest } from '../../functions/ingest-feed.js';
import { buildEdition } from '../../functions/pipeline/edition.js';
import { ingestFeed } from '../../functions/pipeline/ingest.js';
import { BUILD_DEADLINE_SECONDS, createHandler, type PlanEditionDeps } from '../../functions/plan-edition.js';
import type { BlobMeta, BlobStore, Mailer, MailMessage } from '../../functions/ports.js';
import { createHandler as createSend } from '../../functions/send-batch.js';
import { sqsEventWithId } from '../helpers/sqs-event.js';
import { activeReader, MemorySubscribers } from '../helpers/subscribers.js';

const config: Config = parseConfig(
  {
    feeds: [
      { name: 'Wire One', url: 'https://news.example.org/one.xml' },
      { name: 'Wire Two', url: 'https://news.example.org/two.xml' },
      { name: 'Wire Three', url: 'https://news.example.org/three.xml' },
    ],
    digests: [
      { name: 'daily', title: 'Daily', windowHours: 24 },
      { name: 'weekly', title: 'Weekly', windowHours: 168 },
    ],
    sender: { from: 'digest@example.org' },
  },
  '/var/task',
);
const CREATED = '2026-11-01T00:00:00.000Z';

function subscriber(n: number, overrides: Partial<Subscriber> = {}): Subscriber {
  return activeReader(`reader${n}@example.org`, n.toString(16).padStart(64, '0'), CREATED, overrides);
}

let dir: string;
let store: FsBlobStore;
let queues: { ingest: MemoryQueue; build: MemoryQueue; send: MemoryQueue };
let lines: string[];

function deps(
  subscribers: Subscriber[] = [],
  now = '2026-11-29T07:00:30.000Z',
  cfg = config,
): PlanEditionDeps {
  return {
    config: async () => cfg,
    store,
    subscribers: new MemorySubscribers(subscribers),
    ingestQueue: queues.ingest,
    buildQueue: queues.build,
    sendQueue: queues.send,
    clock: { now: () => new Date(now) },
    // Stand-in for deliver/schedule.ts's isDue: due when the UTC hour is the send hour.
    isDue: (s, digest, at) =>
      s.status === 'active' && s.digests.includes(digest) && at.getUTCHours() === s.sendHour,
    log: lineLogger((line) => lines.push(line)),
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-plan-'));
  store = new FsBlobStore(dir);
  queues = { ingest: new MemoryQueue(), build: new MemoryQueue(), send: new MemoryQueue() };
  lines = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('plan-edition: edition', () => {
  it('fans out one ingest message per feed, named by the scheduled minute, and a delayed deadline build', async () => {
    const result = await createHandler(deps())({
      action: 'edition',
      digest: 'daily',
      scheduledTime: '2026-11-29T07:00:00Z',
    });
    expect(result).toEqual({ action: 'edition', digest: 'daily', runId: '20261129T0700Z', feeds: 3 });
    expect(queues.ingest.sent.map((m) => m.body)).toEqual(
      ['wire-one', 'wire-two', 'wire-three'].map((feedId) => ({
        kind: 'ingest',
        digest: 'daily',
        runId: '20261129T0700Z',
        feedId,
      })),
    );
    expect(queues.build.sent).toEqual([
      {
        body: { kind: 'build', digest: 'daily', runId: '20261129T0700Z', trigger: 'deadline' },
        delaySeconds: BUILD_DEADLINE_SECONDS,
      },
    ]);
    expect((await readManifest(store, 'daily', '20261129T0700Z'))?.feeds).toEqual([
      'wire-one',
      'wire-two',
      'wire-three',
    ]);
  });

  it('keeps the first manifest when the scheduler retries the same run after a config change', async () => {
    const event = { action: 'edition', digest: 'daily', scheduledTime: '2026-11-29T07:00:00Z' };
    await createHandler(deps())(event);
    const fewer = { ...config, feeds: config.feeds.slice(0, 1) };
    await createHandler(deps([], undefined, fewer))(event);
    expect((await readManifest(store, 'daily', '20261129T0700Z'))?.feeds).toHaveLength(3);
    expect(queues.ingest.sent).toHaveLength(6);
  });

  it('names the run by the clock when the event carries no scheduled time', async () => {
    const result = await createHandler(deps([], '2026-11-29T06:59:59.999Z'))({
      action: 'edition',
      digest: 'weekly',
    });
    expect(result).toMatchObject({ runId: '20261129T0659Z' });
  });

  it('asks for the build at once when there is no feed to wait for', async () => {
    await createHandler(deps([], undefined, { ...config, feeds: [] }))({
      action: 'edition',
      digest: 'daily',
    });
    expect(queues.ingest.sent).toEqual([]);
    expect(queues.build.sent).toEqual([
      { body: { kind: 'build', digest: 'daily', runId: '20261129T0700Z', trigger: 'complete' } },
    ]);
  });

  it('plans nothing for a digest the config no longer has', async () => {
    const result = await createHandler(deps())({ action: 'edition', digest: 'gone' });
    expect(result).toMatchObject({ feeds: 0 });
    expect(queues.ingest.sent).toEqual([]);
    expect(lines.join('\n')).toContain('plan.unknown-digest');
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['no action', { digest: 'daily' }, /action/],
    ['a digest name with capitals', { action: 'edition', digest: 'Daily' }, /digest must be a digest name/],
    ['an unknown field', { action: 'deliver', extra: 1 }, /plan-edition/],
    ['a bad scheduled time', { action: 'deliver', scheduledTime: 'tomorrow' }, /scheduledTime/],
    ['no object at all', 'edition', /plan-edition/],
  ];
  it.each(invalid)('refuses an event with %s', async (_label, event, message) => {
    await expect(createHandler(deps())(event)).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringMatching(message),
    });
  });
});

describe('plan-edition: deliver', () => {
  async function lastBuilt(
    digest: string,
    builtAt: string,
    editionId = `${digest}-2026-11-29`,
  ): Promise<void> {
    await store.put(
      `state/digests/${digest}.json`,
      JSON.stringify({ digest, lastEditionId: editionId, lastBuiltAt: builtAt }),
    );
  }

  /** The hourly delivery run scheduled for 07:01 on 2026-11-29, over these readers. */
  function deliverAt0701(readers: Subscriber[]) {
    return createHandler(deps(readers))({ action: 'deliver', scheduledTime: '2026-11-29T07:01:00Z' });
  }

  it('sends the latest edition to due subscribers in batches of 50 hashes, never addresses', async () => {
    await lastBuilt('daily', '2026-11-29T06:10:00.000Z');
    const readers = [
      ...Array.from({ length: 120 }, (_, i) => subscriber(i + 1)),
      subscriber(500, { sendHour: 8 }),
      subscriber(501, { status: 'unsubscribed' }),
      subscriber(502, { digests: ['weekly'] }),
    ];
    const result = await deliverAt0701(readers);
    expect(result).toEqual({
      action: 'deliver',
      deliveries: [{ digest: 'daily', editionId: 'daily-2026-11-29', recipients: 120, messages: 3 }],
    });
    const batches = queues.send.sent.map((m) => m.body as { subscribers: string[] });
    expect(batches.map((b) => b.subscribers.length)).toEqual([50, 50, 20]);
    expect(new Set(batches.flatMap((b) => b.subscribers)).size).toBe(120);
    expect(JSON.stringify(queues.send.sent)).not.toContain('@');
  });

  it('sends nothing older than the digest window', async () => {
    await lastBuilt('daily', '2026-11-28T07:00:00.000Z');
    await lastBuilt('weekly', '2026-11-24T07:00:00.000Z');
    const readers = [subscriber(1, { digests: ['daily', 'weekly'] })];
    const result = await deliverAt0701(readers);
    expect(result).toEqual({
      action: 'deliver',
      deliveries: [{ digest: 'weekly', editionId: 'weekly-2026-11-29', recipients: 1, messages: 1 }],
    });
  });

  it('sends nothing when no edition was ever built', async () => {
    const result = await createHandler(deps([subscriber(1)]))({ action: 'deliver' });
    expect(result).toEqual({ action: 'deliver', deliveries: [] });
    expect(queues.send.sent).toEqual([]);
  });
});

/** A BlobStore that records which keys one function touched, to check them against its IAM grants. */
class RecordingStore implements BlobStore {
  readonly touched: Array<{ op: 'read' | 'write' | 'remove'; key: string }> = [];
  constructor(private readonly inner: BlobStore) {}
  get(key: string) {
    this.touched.push({ op: 'read', key });
    return this.inner.get(key);
  }
  put(key: string, body: string | Buffer, meta?: BlobMeta & { ifMatch?: string }) {
    this.touched.push({ op: 'write', key });
    return this.inner.put(key, body, meta);
  }
  putIfAbsent(key: string, body: string | Buffer, meta?: BlobMeta) {
    this.touched.push({ op: 'write', key });
    return this.inner.putIfAbsent(key, body, meta);
  }
  list(prefix: string) {
    return this.inner.list(prefix);
  }
  delete(key: string) {
    this.touched.push({ op: 'remove', key });
    return this.inner.delete(key);
  }
  describe(key?: string) {
    return this.inner.describe(key);
  }
}

/** Keys a function touched that its IAM grants (FUNCTION_SPECS, "*" as IAM matches it) would refuse. */
function refused(name: FunctionName, recorder: RecordingStore): string[] {
  const access = FUNCTION_SPECS[name].access;
  const patterns = { read: access.read ?? [], write: access.write ?? [], remove: access.remove ?? [] };
  const allowed = (pattern: string, key: string) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(key);
  return [
    ...new Set(
      recorder.touched
        .filter(({ op, key }) => !patterns[op].some((pattern) => allowed(pattern, key)))
        .map(({ op, key }) => `${name} ${op} ${key}`),
    ),
  ];
}

describe('plan-edition → ingest-feed → build-edition → send-batch, with the real pipeline', () => {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const SECRET = 'flow-test-secret-0123456789abcdef';

  /** Hands every message a queue holds to a handler as one SQS batch each; returns the failures. */
  async function deliverAll(queue: MemoryQueue, handler: (event: SQSEvent) => Promise<SQSBatchResponse>) {
    const failures: string[] = [];
    for (const [i, message] of queue.drain().entries()) {
      const response = await handler(sqsEventWithId(`m${i}`, message.body));
      failures.push(...response.batchItemFailures.map((f) => f.itemIdentifier));
    }
    return failures;
  }

  it('turns one scheduled run into an archived edition mailed once to the readers due', async () => {
    const flowConfig = parseConfig(
      {
        feeds: [
          { name: 'Tally Wire', id: 'world-wire', file: 'samples/feeds/world-wire.xml' },
          { name: 'Frontline Dispatch', id: 'frontline', file: 'samples/feeds/frontline-atom.xml' },
        ],
        digests: [{ name: 'daily', title: 'Daily', schedule: { cron: '0 7 * * *', timezone: 'UTC' } }],
        sender: { from: 'Tally <digest@example.org>' },
        mailer: { type: 'ses', maxSendRate: 1000 },
        publicBaseUrl: 'https://archive.example.org',
      },
      repo,
    );
    const clock = { now: () => new Date('2026-11-29T07:00:05.000Z') };
    const subscribers = new BlobSubscriberStore(store);
    for (const [email, sendHour] of [
      ['due@example.org', 7],
      ['later@example.org', 18],
    ] as const) {
      await subscribers.put(activeReader(email, subscriberHash(email, SECRET), CREATED, { sendHour }));
    }
    const sent: MailMessage[] = [];
    const mailer: Mailer = {
      send: async (message) => {
        sent.push(message);
        return { messageId: `m-${sent.length}` };
      },
      describe: () => 'memory',
    };
    const log = lineLogger((line) => lines.push(line));
    const config = async () => flowConfig;

    // Each function reads and writes through its own recorder; its keys are checked against its grants below.
    const stores = {
      planEdition: new RecordingStore(store),
      ingestFeed: new RecordingStore(store),
      buildEdition: new RecordingStore(store),
      sendBatch: new RecordingStore(store),
    };
    const plan = createHandler({
      ...deps([], '2026-11-29T07:00:01.000Z', flowConfig),
      store: stores.planEdition,
      subscribers: new BlobSubscriberStore(stores.planEdition),
      isDue,
    });
    await plan({ action: 'edition', digest: 'daily', scheduledTime: '2026-11-29T07:00:00Z' });
    // The deadline message waits 15 minutes in SQS; the run completes before it.
    const deadline = queues.build.drain();
    expect(deadline).toHaveLength(1);

    const ingest = createIngest({
      config,
      store: stores.ingestFeed,
      fetcher: new FileFeedFetcher(),
      buildQueue: queues.build,
      clock,
      ingestFeed,
      log,
    });
    expect(await deliverAll(queues.ingest, ingest)).toEqual([]);
    expect(queues.build.sent.map((m) => m.body)).toEqual([
      { kind: 'build', digest: 'daily', runId: '20261129T0700Z', trigger: 'complete' },
    ]);

    const build = createBuild({
      config,
      store: stores.buildEdition,
      subscribers: new BlobSubscriberStore(stores.buildEdition),
      sendQueue: queues.send,
      clock,
      buildEdition,
      isDue,
      log,
    });
    expect(await deliverAll(queues.build, build)).toEqual([]);
    const editions: string[] = [];
    for await (const key of store.list('editions/daily/'))
      if (key.endsWith('/digest.html')) editions.push(key);
    expect(editions).toHaveLength(1);
    expect(queues.send.sent.map((m) => (m.body as { subscribers: string[] }).subscribers)).toEqual([
      [subscriberHash('due@example.org', SECRET)],
    ]);

    const sendSubscribers = new BlobSubscriberStore(stores.sendBatch);
    const send = createSend({
      subscribers: sendSubscribers,
      deliver: (digest, editionId, recipients) =>
        deliverTo(digest, editionId, recipients, {
          config: flowConfig,
          store: stores.sendBatch,
          subscribers: sendSubscribers,
          clock,
          mailer,
          secret: SECRET,
        }),
      log,
    });
    const again = [...queues.send.sent];
    expect(await deliverAll(queues.send, send)).toEqual([]);
    expect(sent.map((m) => m.to)).toEqual(['due@example.org']);
    expect(sent[0]?.html).toContain('https://archive.example.org/');

    // The deadline arrives: the run is built already. A redelivered send batch mails nobody twice.
    queues.build.sent.push(...deadline);
    expect(await deliverAll(queues.build, build)).toEqual([]);
    expect(queues.send.sent).toEqual([]);
    queues.send.sent.push(...again);
    expect(await deliverAll(queues.send, send)).toEqual([]);
    expect(sent).toHaveLength(1);

    // At 18:00 the hourly planner finds the same edition, still within the window, for the evening reader.
    await plan({ action: 'deliver', scheduledTime: '2026-11-29T18:01:00Z' });
    expect(await deliverAll(queues.send, send)).toEqual([]);
    expect(sent.map((m) => m.to)).toEqual(['due@example.org', 'later@example.org']);

    // Every key each function touched is one its IAM policy allows (and each did touch some).
    for (const [name, recorder] of Object.entries(stores) as Array<[FunctionName, RecordingStore]>) {
      expect(recorder.touched.length, name).toBeGreaterThan(0);
      expect(refused(name, recorder)).toEqual([]);
    }
    expect(lines.join('\n')).not.toMatch(/(due|later)@example\.org/);
  });
});
