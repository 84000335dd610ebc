// Benchmark results: metrics with their goals, the verdict of each, the console table, the Markdown table
// for the README, and machine facts for results.json.
import { cpus, totalmem } from 'node:os';
import type { Summary } from './stats.js';

export interface Goal {
  op: '<=' | '>=';
  value: number;
}

export interface Metric {
  name: string;
  unit: string;
  /** Absent when the measurement was skipped; note says why. */
  summary?: Summary;
  goal?: Goal;
  note?: string;
}

export type Verdict = 'pass' | 'miss' | '-' | 'skipped';

/** A goal is judged on the median; a metric without a goal has no verdict. */
export function verdict(metric: Metric): Verdict {
  if (!metric.summary) return 'skipped';
  if (!metric.goal) return '-';
  const { median } = metric.summary;
  return (metric.goal.op === '<=' ? median <= metric.goal.value : median >= metric.goal.value)
    ? 'pass'
    : 'miss';
}

/** Figures to three significant digits (at least), thousands grouped, so 0.0421 and 12,345 both read well. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs === 0) return '0';
  return value.toPrecision(3);
}

function goalText(metric: Metric): string {
  if (!metric.goal) return '';
  const { op, value } = metric.goal;
  return `${op === '<=' ? '≤' : '≥'} ${Number.isInteger(value) ? value.toLocaleString('en-US') : formatNumber(value)}`;
}

function rows(metrics: readonly Metric[]): string[][] {
  return metrics.map((m) => [
    `${m.name} (${m.unit})`,
    m.summary ? formatNumber(m.summary.median) : '—',
    m.summary ? formatNumber(m.summary.min) : '—',
    m.summary ? formatNumber(m.summary.max) : '—',
    m.summary ? String(m.summary.runs) : '—',
    goalText(m),
    verdict(m),
    m.note ?? '',
  ]);
}

const HEADER = ['metric', 'median', 'min', 'max', 'runs', 'goal', 'result', 'note'];
const NUMERIC = new Set([1, 2, 3, 4]);

/** The console table: aligned columns, numbers right-aligned. */
export function formatTable(metrics: readonly Metric[]): string {
  const body = rows(metrics);
  const all = [HEADER, ...body];
  const widths = HEADER.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (NUMERIC.has(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** The same table as GitHub Markdown. */
export function formatMarkdownTable(metrics: readonly Metric[]): string {
  const align = HEADER.map((_, c) => (NUMERIC.has(c) ? '---:' : '---'));
  return [HEADER, align, ...rows(metrics)].map((r) => `| ${r.map(escapeCell).join(' | ')} |`).join('\n');
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
}

export function machineInfo(now: Date): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: now.toISOString(),
  };
}

export interface Results {
  machine: MachineInfo;
  command: string;
  mode: 'quick' | 'full';
  metrics: Array<Metric & { verdict: Verdict }>;
}

export function toResults(
  machine: MachineInfo,
  command: string,
  mode: Results['mode'],
  metrics: Metric[],
): Results {
  return { machine, command, mode, metrics: metrics.map((m) => ({ ...m, verdict: verdict(m) })) };
}
