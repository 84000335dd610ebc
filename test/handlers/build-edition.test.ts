import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { MemoryQueue } from '../../functions/aws/queue.js';
import { readBuilt } from '../../functions/aws/runs.js';
import { type BuildEditionDeps, type BuildStage, createHandler } from '../../functions/build-edition.js';
import { type Config, parseConfig } from '../../functions/config.js';
import { lineLogger } from '../../functions/core/log.js';
import type { Subscriber } from '../../functions/core/model.js';
import { sqsEvent } from '../helpers/sqs-event.js';
import { activeReader, MemorySubscribers } from '../helpers/subscribers.js';

const config: Config = parseConfig(
  {
    feeds: [{ id: 'alpha', name: 'Alpha', url: 'https://news.example.org/alpha.xml' }],
    digests: [{ name: 'daily', title: 'Daily' }],
    sender: { from: 'digest@example.org' },
  },
  '/var/task',
);
const RUN = '20261129T0700Z';

const readers: Subscriber[] = [1, 2, 3].map((n) =>
  activeReader(`r${n}@example.org`, String(n).repeat(64), '2026-11-01T00:00:00.000Z', {
    status: n === 3 ? 'suppressed' : 'active',
  }),
);

const subscribers = new MemorySubscribers(readers);

let dir: string;
let store: FsBlobStore;
let sendQueue: MemoryQueue;
let builds: string[];
let lines: string[];

/** A stand-in for the pipeline's buildEdition: archives a page and records the digest state. */
const stage: BuildStage = async (digest, pipeline) => {
  builds.push(digest.name);
  const editionId = `${digest.name}-20261129`;
  await pipeline.store.put(`editions/${digest.name}/${editionId}/digest.html`, '<p>figures</p>');
  return { status: 'built', editionId };
};

function deps(buildEdition: BuildStage = stage): BuildEditionDeps {
  return {
    config: async () => config,
    store,
    subscribers,
    sendQueue,
    clock: { now: () => new Date('2026-11-29T07:04:00Z') },
    buildEdition,
    isDue: (s, digest, now) =>
      s.status === 'active' && s.digests.includes(digest) && now.getUTCHours() === s.sendHour,
    log: lineLogger((line) => lines.push(line)),
  };
}

const build = (trigger: 'complete' | 'deadline', digest = 'daily') => ({
  kind: 'build',
  digest,
  runId: RUN,
  trigger,
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-build-'));
  store = new FsBlobStore(dir);
  sendQueue = new MemoryQueue();
  builds = [];
  lines = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('build-edition', () => {
  it('builds the run once, then mails it to the subscribers due this hour', async () => {
    const response = await createHandler(deps())(sqsEvent(build('complete')));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(builds).toEqual(['daily']);
    expect(await store.get('editions/daily/daily-20261129/digest.html')).toBeDefined();
    expect(sendQueue.sent).toEqual([
      {
        body: {
          kind: 'send',
          digest: 'daily',
          editionId: 'daily-20261129',
          subscribers: ['1'.repeat(64), '2'.repeat(64)],
        },
      },
    ]);
    expect(await readBuilt(store, 'daily', RUN)).toMatchObject({
      status: 'built',
      editionId: 'daily-20261129',
    });
  });

  it('stops at the deadline message when the run was already built', async () => {
    await createHandler(deps())(sqsEvent(build('complete')));
    await createHandler(deps())(sqsEvent(build('deadline')));
    expect(builds).toEqual(['daily']);
    expect(sendQueue.sent).toHaveLength(1);
    expect(lines.join('\n')).toContain('build.already');
  });

  it('records a skipped edition and mails nobody', async () => {
    const empty: BuildStage = async () => ({
      status: 'skipped',
      reason: 'nothing new since the last edition',
    });
    await createHandler(deps(empty))(sqsEvent(build('deadline')));
    expect(sendQueue.sent).toEqual([]);
    expect(await readBuilt(store, 'daily', RUN)).toMatchObject({ status: 'skipped' });
  });

  it('leaves no marker when the build fails, so the retried message builds', async () => {
    let calls = 0;
    const flaky: BuildStage = async (digest, pipeline) => {
      if (calls++ === 0) throw new Error('render: template missing');
      return stage(digest, pipeline);
    };
    const handler = createHandler(deps(flaky));
    expect(await handler(sqsEvent(build('complete')))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm0' }],
    });
    expect(await readBuilt(store, 'daily', RUN)).toBeUndefined();
    expect(await handler(sqsEvent(build('complete')))).toEqual({ batchItemFailures: [] });
    expect(builds).toEqual(['daily']);
  });

  it('never fetches while building', async () => {
    const fetching: BuildStage = async (_digest, pipeline) => {
      await pipeline.fetcher.fetch({ url: 'https://news.example.org/alpha.xml' });
      return { status: 'skipped', reason: 'unreachable' };
    };
    const response = await createHandler(deps(fetching))(sqsEvent(build('complete')));
    expect(response.batchItemFailures).toHaveLength(1);
    expect(lines.join('\n')).toContain('FEED_NETWORK');
  });

  it('drops a build for a digest the config no longer has, and refuses malformed messages', async () => {
    expect(await createHandler(deps())(sqsEvent(build('complete', 'gone')))).toEqual({
      batchItemFailures: [],
    });
    expect(builds).toEqual([]);
    const bad = await createHandler(deps())(sqsEvent({ ...build('complete'), trigger: 'whenever' }));
    expect(bad.batchItemFailures).toHaveLength(1);
  });
});
