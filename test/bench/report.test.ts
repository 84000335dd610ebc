import { describe, expect, it } from 'vitest';
import {
  formatMarkdownTable,
  formatNumber,
  formatTable,
  type Metric,
  verdict,
} from '../../bench/lib/report.js';
import { summarize } from '../../bench/lib/stats.js';

const summary = (median: number) => summarize([median, median, median]);

describe('verdict', () => {
  const cases: Array<{ metric: Metric; expected: ReturnType<typeof verdict> }> = [
    { metric: { name: 'a', unit: 'x', summary: summary(3), goal: { op: '<=', value: 3 } }, expected: 'pass' },
    {
      metric: { name: 'a', unit: 'x', summary: summary(3.01), goal: { op: '<=', value: 3 } },
      expected: 'miss',
    },
    {
      metric: { name: 'a', unit: 'x', summary: summary(10), goal: { op: '>=', value: 10 } },
      expected: 'pass',
    },
    {
      metric: { name: 'a', unit: 'x', summary: summary(9.9), goal: { op: '>=', value: 10 } },
      expected: 'miss',
    },
    { metric: { name: 'a', unit: 'x', summary: summary(9.9) }, expected: '-' },
    {
      metric: { name: 'a', unit: 'x', goal: { op: '>=', value: 10 }, note: 'skipped: r2e' },
      expected: 'skipped',
    },
  ];
  it.each(cases)('$metric.summary.median against $metric.goal → $expected', ({ metric, expected }) => {
    expect(verdict(metric)).toBe(expected);
  });

  it('judges on the median, not on the best run', () => {
    const metric: Metric = {
      name: 'a',
      unit: 'ms',
      summary: summarize([100, 300, 200, 250, 150]),
      goal: { op: '<=', value: 150 },
    };
    expect(verdict(metric)).toBe('miss');
  });
});

describe('formatNumber', () => {
  it.each([
    [12345.6, '12,346'],
    [123.4, '123'],
    [12.345, '12.3'],
    [1.2345, '1.23'],
    [0.04213, '0.0421'],
    [0, '0'],
  ])('%d → %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});

describe('tables', () => {
  const metrics: Metric[] = [
    {
      name: 'ingest.floor_ratio',
      unit: '×',
      summary: summarize([2.1, 2.5, 2.9, 2.4, 2.6]),
      goal: { op: '<=', value: 3 },
    },
    {
      name: 'vs_rss2email.speedup',
      unit: '×',
      goal: { op: '>=', value: 10 },
      note: 'skipped: r2e not installed',
    },
  ];

  it('prints one aligned row per metric with its verdict', () => {
    const lines = formatTable(metrics).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^ingest\.floor_ratio \(×\)\s+2\.50\s+2\.10\s+2\.90\s+5\s+≤ 3\s+pass/);
    expect(lines[3]).toMatch(/skipped\s+skipped: r2e not installed$/);
    const column = lines[0]?.indexOf('result');
    expect(lines[2]?.indexOf('pass')).toBe(column);
    expect(lines[3]?.indexOf('skipped')).toBe(column);
  });

  it('writes a Markdown table with right-aligned figures and escaped pipes', () => {
    const md = formatMarkdownTable([...metrics, { name: 'a|b', unit: 'ms', summary: summary(1) }]).split(
      '\n',
    );
    expect(md[0]).toBe('| metric | median | min | max | runs | goal | result | note |');
    expect(md[1]).toBe('| --- | ---: | ---: | ---: | ---: | --- | --- | --- |');
    expect(md[2]).toBe('| ingest.floor_ratio (×) | 2.50 | 2.10 | 2.90 | 5 | ≤ 3 | pass |  |');
    expect(md[4]).toContain('a\\|b (ms)');
  });
});
