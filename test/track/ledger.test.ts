import { describe, expect, it } from 'vitest';
import { composeDigest } from '../../functions/compose/index.js';
import { TallyError } from '../../functions/core/errors.js';
import type { Digest, KeyFigure } from '../../functions/core/model.js';
import {
  compatible,
  describeMeasure,
  emptyLedger,
  type LedgerEntry,
  ledgerToCsv,
  ledgerToJson,
  parseLedger,
  sameMeasure,
  trackFigures,
} from '../../functions/track/index.js';
import { figure, sampleInput, story } from '../fixtures/digest/sample.js';

function troops(
  sentence: string,
  raw: string,
  value: number,
  counted: string,
  extra: Partial<KeyFigure> = {},
) {
  return figure(sentence, raw, {
    value,
    kind: 'count',
    unit: 'soldier',
    counted,
    qualifier: 'approx',
    concepts: ['North Korea', 'Russia'],
    ...extra,
  });
}

function edition(editionId: string, publishedAt: string, stories: Parameters<typeof story>[0][]): Digest {
  return composeDigest(
    sampleInput({
      editionId,
      generatedAt: publishedAt,
      window: { from: '2026-01-01T00:00:00.000Z', to: publishedAt },
      stories: stories.map((spec) => story({ publishedAt, ...spec })),
    }),
  );
}

const october = 'Yu said the North sent roughly 12,000 troops to Russia in October.';
const now = 'North Korea has now sent 15,500 troops to Russia, officials said.';
const other = 'Seoul says some 11,000 North Korean soldiers are in Russia.';

describe('describeMeasure', () => {
  const cases: Array<[string, Partial<KeyFigure>, Partial<KeyFigure>, boolean]> = [
    [
      'troops and soldiers sent to Russia are one measure',
      { unit: 'soldier', counted: 'North Korean troops sent to Russia', concepts: [] },
      { unit: 'soldier', counted: 'North Korean soldiers', concepts: ['Russia', 'sent'] },
      true,
    ],
    [
      'a month named in the phrase does not split the measure',
      { unit: 'soldier', counted: 'North Korean troops sent to Russia in October', concepts: [] },
      { unit: 'soldier', counted: 'North Korean troops sent to Russia', concepts: [] },
      true,
    ],
    [
      'killed and injured are different measures',
      { unit: 'soldier', counted: 'North Korean soldiers killed', concepts: [] },
      { unit: 'soldier', counted: 'North Korean soldiers injured', concepts: [] },
      false,
    ],
    [
      'killed and injured stay apart even when place words agree',
      { unit: 'soldier', counted: 'North Korean soldiers killed in Kursk', concepts: ['Russia', 'Kursk'] },
      { unit: 'soldier', counted: 'North Korean soldiers injured in Kursk', concepts: ['Russia', 'Kursk'] },
      false,
    ],
    [
      'deaths and dead people are one outcome',
      { unit: 'person', counted: 'people dead in the Sylhet floods', concepts: ['Sylhet', 'dead'] },
      { unit: 'person', counted: 'dead in Sylhet floods', concepts: [] },
      true,
    ],
    [
      'a joint force elsewhere is not the contingent sent to the Far East',
      {
        unit: 'soldier',
        counted: "North Korean soldiers sent to Russia's Far East",
        concepts: ['North Korea', 'Russia', 'Far East'],
      },
      {
        unit: 'soldier',
        counted: 'Russian and North Korean troops in Kursk',
        concepts: ['Russia', 'North Korea', 'Kursk'],
      },
      false,
    ],
    [
      'different countries are different measures',
      { unit: 'soldier', counted: 'Russian soldiers killed in Kursk', concepts: [] },
      { unit: 'soldier', counted: 'Ukrainian soldiers killed in Donetsk', concepts: [] },
      false,
    ],
    [
      'a count and a sum of money never meet',
      { kind: 'count', unit: 'dollar', counted: 'aid for Moldova', concepts: [] },
      { kind: 'money', unit: 'dollar', counted: 'aid for Moldova', concepts: [] },
      false,
    ],
  ];
  it.each(cases)('%s', (_name, a, b, expected) => {
    const base = { kind: 'count' as const, value: 1, qualifier: 'exact' as const };
    const da = describeMeasure(figure('x', 'x', { ...base, ...a }));
    const db = describeMeasure(figure('x', 'x', { ...base, ...b }));
    expect(da && db && sameMeasure(da, db)).toBe(expected);
  });

  it('leaves out money that does not say what it is for', () => {
    expect(
      describeMeasure(figure('x', 'x', { kind: 'money', unit: 'dollar', value: 5, qualifier: 'exact' })),
    ).toBeUndefined();
  });
});

describe('compatible', () => {
  const e = (props: Partial<LedgerEntry>) => ({ qualifier: 'exact', ...props }) as LedgerEntry;
  const cases: Array<[string, Partial<LedgerEntry>, Partial<LedgerEntry>, boolean]> = [
    ['about 12,000 and 15,500 differ', { value: 12000, qualifier: 'approx' }, { value: 15500 }, false],
    ['about 12,000 and 12,500 agree', { value: 12000, qualifier: 'approx' }, { value: 12500 }, true],
    ['at least 41 and 45 agree', { value: 41, qualifier: 'at_least' }, { value: 45 }, true],
    ['at least 41 and 30 differ', { value: 41, qualifier: 'at_least' }, { value: 30 }, false],
    [
      'a range and a value inside it agree',
      { low: 5000, high: 6000, qualifier: 'range' },
      { value: 5500 },
      true,
    ],
    ['fewer than 100 and 120 differ', { value: 100, qualifier: 'less_than' }, { value: 120 }, false],
  ];
  it.each(cases)('%s', (_name, a, b, expected) => {
    expect(compatible(e(a), e(b))).toBe(expected);
    expect(compatible(e(b), e(a))).toBe(expected);
  });
});

describe('trackFigures', () => {
  const first = edition('2026-10-20', '2026-10-20T08:00:00.000Z', [
    {
      id: 'oct',
      feedId: 'upi-world',
      title: 'North Korea sent 12,000 troops',
      url: 'https://example.org/oct',
      summary: october,
      figures: [
        troops(october, 'roughly 12,000', 12000, 'North Korean troops sent to Russia', {
          source: 'Yu Yong-weon',
        }),
      ],
    },
  ]);
  const second = edition('2026-11-28', '2026-11-28T08:00:00.000Z', [
    {
      id: 'nov',
      feedId: 'upi-world',
      title: 'North Korea has sent 15,500',
      url: 'https://example.org/nov',
      summary: now,
      figures: [
        troops(now, '15,500', 15500, 'North Korean troops sent to Russia', {
          qualifier: 'exact',
          source: 'officials',
        }),
      ],
    },
  ]);

  it('records every tracked figure with its source, link and edition', () => {
    const { ledger, deltas } = trackFigures(emptyLedger(), first);
    expect(deltas).toEqual([]);
    expect(ledger.entries).toHaveLength(1);
    expect(ledger.entries[0]).toMatchObject({
      display: '~12,000',
      source: 'Yu Yong-weon',
      url: 'https://example.org/oct',
      editionId: '2026-10-20',
      outlet: 'UPI World',
    });
  });

  it('shows the change of a measure since an earlier edition', () => {
    const after = trackFigures(emptyLedger(), first).ledger;
    const { deltas, ledger } = trackFigures(after, second);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]).toMatchObject({
      kind: 'change',
      previous: { display: '~12,000', editionId: '2026-10-20', url: 'https://example.org/oct' },
      current: { display: '15,500', editionId: '2026-11-28', url: 'https://example.org/nov' },
    });
    expect(new Set(ledger.entries.map((e) => e.measure)).size).toBe(1);
  });

  it('reports no change when the new figure fits the old one', () => {
    const after = trackFigures(emptyLedger(), first).ledger;
    const same = edition('2026-11-28', '2026-11-28T08:00:00.000Z', [
      {
        id: 'nov',
        feedId: 'upi-world',
        title: 't',
        url: 'https://example.org/nov',
        summary: now,
        figures: [troops(now, '15,500', 12300, 'North Korean troops sent to Russia', { qualifier: 'exact' })],
      },
    ]);
    expect(trackFigures(after, same).deltas).toEqual([]);
  });

  it('flags two outlets that disagree in one edition', () => {
    const conflicting = edition('2026-11-28', '2026-11-28T08:00:00.000Z', [
      {
        id: 'a',
        feedId: 'upi-world',
        title: 'a',
        url: 'https://example.org/a',
        summary: now,
        figures: [
          troops(now, '15,500', 15500, 'North Korean troops in Russia', {
            qualifier: 'exact',
            source: 'officials',
          }),
        ],
      },
      {
        id: 'b',
        feedId: 'asia-wire',
        title: 'b',
        url: 'https://example.org/b',
        summary: other,
        figures: [
          troops(other, 'some 11,000', 11000, 'North Korean soldiers in Russia', { source: 'Seoul' }),
        ],
      },
    ]);
    const { deltas } = trackFigures(emptyLedger(), conflicting);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.kind).toBe('conflict');
    expect(new Set([deltas[0]?.previous.source, deltas[0]?.current.source])).toEqual(
      new Set(['officials', 'Seoul']),
    );
  });

  it('does not match two bare counts of people by the names around them', () => {
    const a = 'Rescuers said up to nine people were still missing.';
    const b = 'Rescuers pulled 27 people from the rubble.';
    const people = (sentence: string, raw: string, value: number) =>
      figure(sentence, raw, {
        value,
        kind: 'count',
        unit: 'person',
        counted: 'people',
        qualifier: 'exact',
        concepts: ['Rescuers'],
      });
    const both = edition('2026-11-28', '2026-11-28T08:00:00.000Z', [
      {
        id: 'a',
        feedId: 'upi-world',
        title: 'a',
        url: 'https://example.org/a',
        summary: a,
        figures: [people(a, 'nine', 9)],
      },
      {
        id: 'b',
        feedId: 'asia-wire',
        title: 'b',
        url: 'https://example.org/b',
        summary: b,
        figures: [people(b, '27', 27)],
      },
    ]);
    const { deltas, ledger } = trackFigures(emptyLedger(), both);
    expect(deltas).toEqual([]);
    expect(ledger.entries).toEqual([]);
  });

  it('calls two sightings days apart in one edition a change, not a conflict', () => {
    const spread = composeDigest(
      sampleInput({
        editionId: 'weekly',
        window: { from: '2026-11-20T00:00:00.000Z', to: '2026-11-28T08:00:00.000Z' },
        stories: [
          story({
            id: 'early',
            feedId: 'upi-world',
            title: 'early',
            url: 'https://example.org/early',
            publishedAt: '2026-11-21T08:00:00.000Z',
            summary: october,
            figures: [troops(october, 'roughly 12,000', 12000, 'North Korean troops sent to Russia')],
          }),
          story({
            id: 'late',
            feedId: 'asia-wire',
            title: 'late',
            url: 'https://example.org/late',
            publishedAt: '2026-11-28T06:00:00.000Z',
            summary: now,
            figures: [
              troops(now, '15,500', 15500, 'North Korean troops sent to Russia', { qualifier: 'exact' }),
            ],
          }),
        ],
      }),
    );
    const { deltas } = trackFigures(emptyLedger(), spread);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]).toMatchObject({
      kind: 'change',
      previous: { url: 'https://example.org/early' },
      current: { url: 'https://example.org/late' },
    });
  });

  it("replaces an edition's entries when the edition is tracked again", () => {
    const once = trackFigures(emptyLedger(), first).ledger;
    const twice = trackFigures(once, first);
    expect(twice.ledger.entries).toEqual(once.entries);
    expect(twice.deltas).toEqual([]);
  });

  it('tracks the sample edition without inventing conflicts inside one story', () => {
    const digest = composeDigest(sampleInput());
    const { ledger, deltas } = trackFigures(emptyLedger(), digest);
    expect(deltas).toEqual([]);
    expect(ledger.entries.length).toBeGreaterThan(digest.stories.length);
  });
});

function validEntry(): LedgerEntry {
  const [entry] = trackFigures(emptyLedger(), composeDigest(sampleInput())).ledger.entries;
  if (entry === undefined) throw new Error('fixture: no ledger entry');
  return entry;
}

describe('parseLedger', () => {
  it('drops fields that are not part of an entry', () => {
    const parsed = parseLedger({ version: 1, entries: [{ ...validEntry(), extra: 'x' }] });
    expect(parsed.entries[0]).toEqual(validEntry());
  });

  it('round-trips through JSON', () => {
    const { ledger } = trackFigures(emptyLedger(), composeDigest(sampleInput()));
    expect(parseLedger(JSON.parse(ledgerToJson(ledger)))).toEqual(ledger);
    expect(ledgerToJson(ledger).split('\n')).toHaveLength(ledger.entries.length + 3);
    expect(parseLedger(JSON.parse(ledgerToJson(emptyLedger())))).toEqual(emptyLedger());
  });

  const broken: Array<[string, unknown]> = [
    ['not an object', 'ledger'],
    ['a wrong version', { version: 2, entries: [] }],
    ['entries not a list', { version: 1, entries: {} }],
    ['an entry without a value', { version: 1, entries: [{ measure: 'm' }] }],
    ['an entry of an unknown kind', { version: 1, entries: [{ ...validEntry(), kind: 'guess' }] }],
    ['a value that is not a number', { version: 1, entries: [{ ...validEntry(), value: '12' }] }],
    ['a date that is not a date', { version: 1, entries: [{ ...validEntry(), seenAt: 'yesterday' }] }],
    [
      'a range without its high end',
      { version: 1, entries: [{ ...validEntry(), value: undefined, low: 1 }] },
    ],
  ];
  it.each(broken)('rejects %s with INPUT_INVALID', (_name, json) => {
    expect(() => parseLedger(json)).toThrow(TallyError);
    try {
      parseLedger(json);
    } catch (error) {
      expect((error as TallyError).code).toBe('INPUT_INVALID');
      expect((error as TallyError).message).toMatch(/^ledger: /);
    }
  });
});

describe('ledgerToCsv', () => {
  it('writes a header and one row per entry with the source link', () => {
    const { ledger } = trackFigures(emptyLedger(), composeDigest(sampleInput()));
    const lines = ledgerToCsv(ledger).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^measure,label,display,value,low,high,qualifier/);
    expect(lines).toHaveLength(ledger.entries.length + 1);
    expect(
      lines.some((line) => line.includes('https://example.org/upi/2026/11/27/north-korea-troops-russia')),
    ).toBe(true);
  });

  it('quotes commas, quotes and newlines and defuses formulas', () => {
    const { ledger } = trackFigures(emptyLedger(), composeDigest(sampleInput()));
    const [first] = ledger.entries;
    if (first === undefined) throw new Error('fixture: no ledger entry');
    const entry = { ...first, label: '=HYPERLINK("x"), "y"', sentence: 'one\r\ntwo' };
    const csv = ledgerToCsv({ version: 1, entries: [entry] });
    expect(csv).toContain(`"'=HYPERLINK(""x""), ""y"""`);
    expect(csv).toContain('"one\ntwo"');
  });
});
