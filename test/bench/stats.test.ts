import { describe, expect, it } from 'vitest';
import { interleave, summarize } from '../../bench/lib/stats.js';

describe('summarize', () => {
  const cases: Array<{ samples: number[]; median: number; min: number; max: number }> = [
    { samples: [5], median: 5, min: 5, max: 5 },
    { samples: [3, 1, 2], median: 2, min: 1, max: 3 },
    { samples: [4, 1, 3, 2], median: 2.5, min: 1, max: 4 },
    { samples: [10, 10, 1, 10, 100], median: 10, min: 1, max: 100 },
    { samples: [0.2, 0.1], median: 0.15000000000000002, min: 0.1, max: 0.2 },
  ];
  it.each(cases)('$samples → median $median, min $min, max $max', ({ samples, median, min, max }) => {
    expect(summarize(samples)).toEqual({ median, min, max, runs: samples.length, samples });
  });

  it('does not reorder the samples it was given', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it.each([[[]], [[1, Number.NaN]], [[Number.POSITIVE_INFINITY]]])('refuses %j', (samples) => {
    expect(() => summarize(samples)).toThrow(RangeError);
  });
});

describe('interleave', () => {
  it('alternates which side runs first and pairs the ratios run by run', async () => {
    const order: string[] = [];
    const paired = await interleave(
      4,
      async (run) => {
        order.push(`a${run}`);
        return 10 * (run + 1);
      },
      async (run) => {
        order.push(`b${run}`);
        return 5;
      },
    );
    expect(order).toEqual(['a0', 'b0', 'b1', 'a1', 'a2', 'b2', 'b3', 'a3']);
    expect(paired.a).toEqual([10, 20, 30, 40]);
    expect(paired.b).toEqual([5, 5, 5, 5]);
    expect(paired.ratio).toEqual([2, 4, 6, 8]);
  });

  it.each([0, -1, 1.5])('refuses %d runs', async (runs) => {
    await expect(
      interleave(
        runs,
        async () => 1,
        async () => 1,
      ),
    ).rejects.toThrow(RangeError);
  });
});
