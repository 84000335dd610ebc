// What every bench section gets, and what it returns.
import type { Metric } from '../lib/report.js';

export interface BenchContext {
  quick: boolean;
  repoRoot: string;
  /** A fresh temporary folder for this section's files. */
  workDir: string;
  /** The instant generated items are dated against. */
  now: Date;
  log(line: string): void;
}

export interface Section {
  name: string;
  run(ctx: BenchContext): Promise<Metric[]>;
}

/** The metrics of a section that could not run, each carrying the reason. */
export function skipped(metrics: Array<Omit<Metric, 'summary' | 'note'>>, reason: string): Metric[] {
  return metrics.map((m) => ({ ...m, note: `skipped: ${reason}` }));
}
