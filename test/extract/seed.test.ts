import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFigures } from '../../functions/extract/index.js';
import { summarizeStory } from '../../functions/extract/summarize.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const seedFile = resolve(repoRoot, '..', 'shared', 'seed', 'article.txt');

describe.skipIf(!existsSync(seedFile))('the seed article (../shared/seed)', () => {
  const text = existsSync(seedFile) ? readFileSync(seedFile, 'utf8') : '';
  const figures = extractFigures(text, {
    published: '2025-03-05',
    title: 'North Korea sends 3,500 more troops to Russia',
  });
  const key = figures.filter((f) => ['count', 'money', 'percent', 'measure', 'rate'].includes(f.kind));

  const expected: Array<[string, number, string]> = [
    ['some 3,500 soldiers', 3500, 'approx'],
    ['roughly 12,000 troops', 12000, 'approx'],
    ['approximately 400 killed in action', 400, 'approx'],
    ['3,600 injured', 3600, 'exact'],
    ['300 returned', 300, 'exact'],
    ['an estimated 63,000 troops', 63000, 'approx'],
    ['a pair of soldiers', 2, 'exact'],
    ['at least one soldier', 1, 'at_least'],
  ];
  it.each(expected)('finds %s', (_name, value, qualifier) => {
    expect(key.some((f) => f.value === value && f.qualifier === qualifier)).toBe(true);
  });

  it('ranks the headline figure first and the tolls in the top eight', () => {
    expect(key[0]?.value).toBe(3500);
    const top = key.slice(0, 8).map((f) => f.value);
    for (const v of [12000, 400, 3600, 63000]) expect(top).toContain(v);
  });

  it('attributes the tolls and the joint force', () => {
    expect(key.find((f) => f.value === 400)?.source).toBe("Ukraine's defense intelligence agency");
    expect(key.find((f) => f.value === 63000)?.source).toBe('Ukrainian officials');
    expect(key.find((f) => f.value === 400)?.counted).toBe('killed in action');
  });

  it('keeps names and furniture out: second wave, 1 of 2, Feb. 23-26', () => {
    expect(key.some((f) => f.value === 1 && f.raw.startsWith('1'))).toBe(false);
    const date = figures.find((f) => f.raw === 'Feb. 23-26');
    expect(date).toMatchObject({ kind: 'date', low: 20250223, high: 20250226 });
    expect(figures.find((f) => f.raw === 'second')?.kind).toBe('ordinal');
  });

  it('summarizes with the top figure and no invented number', () => {
    const summary = summarizeStory({ title: 'North Korea sends 3,500 more troops to Russia', text, figures });
    expect(summary).toContain('3,500');
    for (const n of summary.match(/\d[\d,.]*\d|\d/gu) ?? []) expect(text).toContain(n);
  });
});
