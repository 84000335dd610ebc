// Load once: one load shared by every caller, a failed load forgotten so the next call tries again; and the
// handler wrapper built on it.
import { describe, expect, it } from 'vitest';
import { lazyHandler } from '../../functions/aws/lazy.js';
import { once } from '../../functions/core/once.js';

describe('once', () => {
  it('runs the load once and shares its promise', async () => {
    let calls = 0;
    const load = once(async () => ++calls);
    expect(await Promise.all([load(), load(), load()])).toEqual([1, 1, 1]);
    expect(await load()).toBe(1);
    expect(calls).toBe(1);
  });

  it.each([
    ['forgets a failed load, so the next call tries again', 'not yet', () => 'loaded', 'loaded'],
    ['loads once when it works and again after a failure', 'transient', (calls: number) => calls, 2],
  ])('%s', async (_name, message, loaded, expected) => {
    let calls = 0;
    const load = once(async () => {
      calls++;
      if (calls === 1) throw new Error(message);
      return loaded(calls);
    });
    await expect(load()).rejects.toThrow(message);
    expect(await load()).toBe(expected);
    expect(await load()).toBe(expected);
    expect(calls).toBe(2);
  });

  it.each([
    ['rejects', () => Promise.reject(new Error('down'))],
    [
      'throws before returning a promise',
      () => {
        throw new Error('down');
      },
    ],
  ] as const)(
    'when the first load %s, callers waiting on it all get the error and the next call loads again',
    async (_name, first) => {
      let calls = 0;
      const load = once((): Promise<string> => (++calls === 1 ? first() : Promise.resolve('up')));
      const waiting = [load(), load(), load()];
      expect(calls).toBe(1);
      for (const result of await Promise.allSettled(waiting)) {
        expect(result).toMatchObject({ status: 'rejected', reason: { message: 'down' } });
      }
      expect(await load()).toBe('up');
      expect(await load()).toBe('up');
      expect(calls).toBe(2);
    },
  );

  it('does not start the load before the first call', async () => {
    let calls = 0;
    const load = once(async () => ++calls);
    expect(calls).toBe(0);
    await load();
    expect(calls).toBe(1);
  });
});

describe('lazyHandler', () => {
  it('builds the handler on the first event and reuses it; a failed build is retried on the next event', async () => {
    let builds = 0;
    const handler = lazyHandler(async () => {
      builds++;
      if (builds === 1) throw new Error('aws: TALLY_BUCKET is not set');
      return async (event: number) => event * 2;
    });
    expect(builds).toBe(0);
    await expect(handler(1)).rejects.toThrow('TALLY_BUCKET');
    expect(await Promise.all([handler(2), handler(3)])).toEqual([4, 6]);
    expect(await handler(4)).toBe(8);
    expect(builds).toBe(2);
  });
});
