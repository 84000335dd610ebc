// Summary statistics for benchmark samples, and the side-by-side runner that interleaves two measurements
// so a ratio is taken between runs that saw the same machine load.

export interface Summary {
  median: number;
  min: number;
  max: number;
  /** How many samples the figure is built from. */
  runs: number;
  /** The samples in the order they were taken (results.json keeps them). */
  samples: number[];
}

/** Median, min and max of the samples. Throws on an empty or non-finite sample list (a bench bug, not a result). */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('bench: no samples to summarize');
  for (const s of samples) {
    if (!Number.isFinite(s)) throw new RangeError(`bench: sample ${s} is not a finite number`);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    median,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    runs: sorted.length,
    samples: [...samples],
  };
}

/** Applies fn to every sample, then summarizes (e.g. ms per run → items per second). */
export function summarizeMapped(samples: readonly number[], fn: (sample: number) => number): Summary {
  return summarize(samples.map(fn));
}

export interface PairedSamples {
  a: number[];
  b: number[];
  /** a[i] / b[i] for each run: a ratio of two timings taken back to back. */
  ratio: number[];
}

/**
 * Runs two timed measurements `runs` times, alternating which goes first so neither side always gets the warm
 * (or the throttled) slot. Each function returns its own elapsed time in milliseconds, so setup it needs (a
 * fresh store, a temp dir) stays outside the timing.
 */
export async function interleave(
  runs: number,
  a: (run: number) => Promise<number>,
  b: (run: number) => Promise<number>,
): Promise<PairedSamples> {
  if (!Number.isInteger(runs) || runs < 1)
    throw new RangeError(`bench: runs must be a positive integer, not ${runs}`);
  const out: PairedSamples = { a: [], b: [], ratio: [] };
  for (let run = 0; run < runs; run++) {
    let ta: number;
    let tb: number;
    if (run % 2 === 0) {
      ta = await a(run);
      tb = await b(run);
    } else {
      tb = await b(run);
      ta = await a(run);
    }
    out.a.push(ta);
    out.b.push(tb);
    out.ratio.push(ta / tb);
  }
  return out;
}

/** Milliseconds spent in fn (high-resolution clock). */
export async function timeMs(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * CPU milliseconds (user + system) this process spent in fn. For in-process work on a shared machine: other
 * processes on the same cores stretch wall time but not this. It counts every thread of the process (GC helpers
 * included), so compare it only with other CPU times taken the same way.
 */
export async function timeCpuMs(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
