import { describe, expect, it } from 'vitest';
import type { KeyFigure } from '../../functions/core/model.js';
import { formatFigure, formatNumber } from '../../functions/extract/format.js';

function fig(props: Partial<KeyFigure>): KeyFigure {
  return {
    raw: 'raw text',
    start: 0,
    end: 8,
    kind: 'count',
    qualifier: 'exact',
    change: '=',
    concepts: [],
    sentence: 'raw text',
    salience: 1,
    ...props,
  };
}

describe('formatFigure', () => {
  const cases: Array<[string, Partial<KeyFigure>, string]> = [
    ['an approximate count', { value: 3500, qualifier: 'approx' }, '~3,500'],
    ['a lower bound', { value: 1, qualifier: 'at_least' }, 'at least 1'],
    ['a count range', { low: 5000, high: 6000, qualifier: 'range' }, '5,000–6,000'],
    ['a range given high first', { low: 6000, high: 5000, qualifier: 'range' }, '5,000–6,000'],
    ['dollars in billions', { value: 1.2e9, kind: 'money', unit: 'dollar' }, '$1.2 billion'],
    [
      'euros in millions, approx',
      { value: 350e6, kind: 'money', unit: 'euro', qualifier: 'approx' },
      '~€350 million',
    ],
    [
      'money range in one scale',
      { low: 1.2e9, high: 1.5e9, kind: 'money', unit: 'dollar', qualifier: 'range' },
      '$1.2–1.5 billion',
    ],
    [
      'money range across scales',
      { low: 900e6, high: 1.2e9, kind: 'money', unit: 'dollar', qualifier: 'range' },
      '$900 million–$1.2 billion',
    ],
    ['a currency written after', { value: 2.5e9, kind: 'money', unit: 'chinese yuan' }, '2.5 billion yuan'],
    [
      'a range of a currency written after',
      { low: 1.2e9, high: 1.5e9, kind: 'money', unit: 'chinese yuan', qualifier: 'range' },
      '1.2–1.5 billion yuan',
    ],
    ['yen by its NewsQuant name', { value: 3e12, kind: 'money', unit: 'japanese yen' }, '¥3 trillion'],
    [
      'an unknown currency keeps its name',
      { value: 40e6, kind: 'money', unit: 'nigerian naira' },
      '40 million nigerian naira',
    ],
    ['small money keeps cents', { value: 12.5, kind: 'money', unit: 'dollar' }, '$12.5'],
    ['a percentage', { value: 3.5, kind: 'percent', unit: 'percentage' }, '3.5%'],
    ['more than a percentage', { value: 40, kind: 'percent', qualifier: 'more_than' }, 'more than 40%'],
    [
      'a measure with a symbol',
      { value: 12500, kind: 'measure', unit: 'hectare', qualifier: 'approx' },
      '~12,500 ha',
    ],
    ['a measure in words, plural', { value: 3, kind: 'measure', unit: 'mile' }, '3 miles'],
    ['a measure in words, singular', { value: 1, kind: 'measure', unit: 'mile' }, '1 mile'],
    [
      'a rate pluralizes what it counts',
      { value: 1.2e6, kind: 'rate', unit: 'barrel per day' },
      '1.2 million barrels per day',
    ],
    [
      'a speed by its symbol',
      { value: 90, kind: 'rate', unit: 'mile per hour', qualifier: 'more_than' },
      'more than 90 mph',
    ],
    ['a count in millions', { value: 2_300_000, qualifier: 'less_than' }, 'less than 2.3 million'],
    ['a count range in millions', { low: 1.5e6, high: 2e6, qualifier: 'range' }, '1.5–2 million'],
    ['at most', { value: 300, qualifier: 'at_most' }, 'at most 300'],
    ['no value falls back to the raw span', { raw: ' dozens ' }, 'dozens'],
  ];
  it.each(cases)('%s', (_name, props, expected) => {
    expect(formatFigure(fig(props))).toBe(expected);
  });
});

describe('formatNumber', () => {
  const cases: Array<[number, string]> = [
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1234567.891, '1,234,567.89'],
    [-4200.5, '-4,200.5'],
    [0.25, '0.25'],
  ];
  it.each(cases)('%d → %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });
});
