import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { isRecentEdition, recentEdition } from '../../functions/deliver/index.js';

const BUILT = '2026-11-28T07:00:00.000Z';
const at = (offsetMs: number) => new Date(Date.parse(BUILT) + offsetMs);
const HOUR = 3_600_000;

describe('isRecentEdition', () => {
  // The window is half-open, [builtAt, builtAt + windowHours): its last instant belongs to the next edition.
  const cases: Array<[string, string, number, Date, boolean]> = [
    ['built this instant', BUILT, 24, at(0), true],
    ['one hour old', BUILT, 24, at(HOUR), true],
    ['one millisecond short of the window', BUILT, 24, at(24 * HOUR - 1), true],
    ['exactly one window old', BUILT, 24, at(24 * HOUR), false],
    ['one millisecond past the window', BUILT, 24, at(24 * HOUR + 1), false],
    [
      'a minute past the window (the planner at 07:01 the next day)',
      BUILT,
      24,
      at(24 * HOUR + 60_000),
      false,
    ],
    ['five days old in a weekly window', BUILT, 168, at(120 * HOUR), true],
    ['exactly one week old in a weekly window', BUILT, 168, at(168 * HOUR), false],
    ['built one millisecond in the future (another clock)', BUILT, 24, at(-1), false],
    ['a build time that does not parse', 'yesterday', 24, at(HOUR), false],
  ];
  it.each(cases)('%s', (_label, builtAt, windowHours, now, recent) => {
    expect(isRecentEdition(builtAt, windowHours, now)).toBe(recent);
  });
});

describe('recentEdition', () => {
  let dir: string;
  let store: FsBlobStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tally-recent-'));
    store = new FsBlobStore(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const daily = { name: 'daily', windowHours: 24 };

  it('gives the latest edition until the window closes, then nothing', async () => {
    await store.put(
      'state/digests/daily.json',
      JSON.stringify({ digest: 'daily', lastEditionId: 'daily-2026-11-28', lastBuiltAt: BUILT }),
    );
    expect(await recentEdition(store, daily, at(24 * HOUR - 1))).toEqual({
      editionId: 'daily-2026-11-28',
      builtAt: BUILT,
    });
    expect(await recentEdition(store, daily, at(24 * HOUR))).toBeUndefined();
  });

  it('gives nothing for a digest never built or a state without an edition', async () => {
    expect(await recentEdition(store, daily, at(0))).toBeUndefined();
    await store.put('state/digests/daily.json', JSON.stringify({ digest: 'daily', lastBuiltAt: BUILT }));
    expect(await recentEdition(store, daily, at(0))).toBeUndefined();
  });
});
