import { describe, expect, it } from 'vitest';
import {
  buildBoard,
  composeDigest,
  passesTagFilter,
  scoreStory,
  selectStories,
  shouldSkipEdition,
} from '../../functions/compose/index.js';
import type { FigureDelta } from '../../functions/core/model.js';
import {
  figure,
  sampleDigestConfig,
  sampleFeeds,
  sampleInput,
  sampleWindow,
  story,
} from '../fixtures/digest/sample.js';

const sentence = 'Officials said some 3,500 soldiers were sent and 12 vehicles lost.';
const count = (value: number, salience = 1) =>
  figure(sentence, 'some 3,500', {
    value,
    kind: 'count',
    unit: 'soldier',
    counted: 'soldiers sent',
    qualifier: 'approx',
    salience,
  });

function plain(id: string, overrides: Partial<Parameters<typeof story>[0]> = {}) {
  return story({
    id,
    feedId: 'upi-world',
    title: `Story ${id}`,
    url: `https://example.org/${id}`,
    publishedAt: '2026-11-28T06:00:00.000Z',
    summary: 'Text.',
    ...overrides,
  });
}

describe('scoreStory', () => {
  const feed = sampleFeeds[0];
  const cases: Array<[string, ReturnType<typeof plain>, ReturnType<typeof plain>]> = [
    ['a story with a key figure beats one without', plain('a', { figures: [count(3500)] }), plain('b')],
    [
      'a story carried by more outlets beats a lone one',
      plain('a', {
        also: [
          { feedId: 'asia-wire', feedName: 'Asia Wire', title: 't', url: 'https://example.org/x' },
          { feedId: 'markets-daily', feedName: 'Markets Daily', title: 't', url: 'https://example.org/y' },
        ],
      }),
      plain('b'),
    ],
    [
      'a fresh story beats a day-old one',
      plain('a'),
      plain('b', { publishedAt: '2026-11-27T07:30:00.000Z' }),
    ],
    [
      'an attributed figure beats an unattributed one',
      plain('a', { figures: [{ ...count(3500), source: 'the ministry' }] }),
      plain('b', { figures: [count(3500)] }),
    ],
  ];
  it.each(cases)('%s', (_name, better, worse) => {
    expect(scoreStory(better, feed, sampleWindow)).toBeGreaterThan(scoreStory(worse, feed, sampleWindow));
  });

  it('multiplies by the feed priority', () => {
    const s = plain('a', { figures: [count(3500)] });
    const feed = { id: 'f', name: 'F', url: 'https://example.org/f.xml', tags: [], fullText: false };
    const neutral = scoreStory(s, { ...feed, priority: 1 }, sampleWindow);
    expect(scoreStory(s, { ...feed, priority: 2 }, sampleWindow)).toBeCloseTo(neutral * 2, 5);
  });

  it("does not count the story's own feed as corroboration", () => {
    const self = plain('a', {
      also: [{ feedId: 'upi-world', feedName: 'UPI World', title: 't', url: 'https://example.org/z' }],
    });
    expect(scoreStory(self, feed, sampleWindow)).toBe(scoreStory(plain('b'), feed, sampleWindow));
  });
});

describe('passesTagFilter', () => {
  const cases: Array<[string, string[], string[], string[], boolean]> = [
    ['no filters let everything through', [], [], ['world'], true],
    ['an include tag must match', ['economy'], [], ['world'], false],
    ['one include tag matching is enough', ['economy', 'world'], [], ['world'], true],
    ['matching ignores case', ['World'], [], ['world'], true],
    ['an exclude tag wins over an include tag', ['world'], ['sport'], ['world', 'sport'], false],
  ];
  it.each(cases)('%s', (_name, includeTags, excludeTags, tags, expected) => {
    expect(passesTagFilter(new Set(tags), { ...sampleDigestConfig, includeTags, excludeTags })).toBe(
      expected,
    );
  });
});

describe('composeDigest', () => {
  it('ranks stories by score and sets the score on each', () => {
    const digest = composeDigest(sampleInput());
    const scores = digest.stories.map((s) => s.score);
    expect(scores.every((score) => score > 0)).toBe(true);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('counts the feed tags and the item categories as tags', () => {
    const onlyEconomy = { ...sampleDigestConfig, includeTags: ['economy'] };
    const byFeedTag = composeDigest(sampleInput({ digest: onlyEconomy }));
    expect(new Set(byFeedTag.stories.map((s) => s.item.feedId))).toEqual(new Set(['markets-daily']));
    const byCategory = composeDigest(
      sampleInput({ digest: { ...sampleDigestConfig, includeTags: ['wildfires'] } }),
    );
    expect(byCategory.stories.map((s) => s.id)).toEqual(['wildfire']);
    const excluded = composeDigest(
      sampleInput({ digest: { ...sampleDigestConfig, excludeTags: ['weather'] } }),
    );
    expect(excluded.stories.some((s) => s.item.feedId === 'weather-desk')).toBe(false);
  });

  it('caps the stories at maxStories, keeping the best', () => {
    const all = composeDigest(sampleInput());
    const capped = composeDigest(sampleInput({ digest: { ...sampleDigestConfig, maxStories: 3 } }));
    expect(capped.stories.map((s) => s.id)).toEqual(all.stories.slice(0, 3).map((s) => s.id));
  });

  it('does not change the stories it was given', () => {
    const input = sampleInput();
    const before = JSON.stringify(input.stories);
    composeDigest(input);
    expect(JSON.stringify(input.stories)).toBe(before);
  });

  it('leaves deltas empty and copies edition fields', () => {
    const digest = composeDigest(sampleInput());
    expect(digest.deltas).toEqual([]);
    expect(digest).toMatchObject({
      digest: 'world',
      editionId: '2026-11-28',
      title: sampleDigestConfig.title,
    });
  });
});

describe('selectStories', () => {
  it('gives the stories composeDigest puts in the digest, scored and in rank order', () => {
    for (const input of [
      sampleInput(),
      sampleInput({ digest: { ...sampleDigestConfig, maxStories: 3 } }),
      sampleInput({ digest: { ...sampleDigestConfig, excludeTags: ['weather'] } }),
    ]) {
      expect(selectStories(input)).toEqual(composeDigest(input).stories);
    }
  });

  it('selects its own selection unchanged, so compose may be handed stories already selected', () => {
    const input = sampleInput({ digest: { ...sampleDigestConfig, maxStories: 5 } });
    const selected = selectStories(input);
    expect(selectStories({ ...input, stories: selected })).toEqual(selected);
    expect(composeDigest({ ...input, stories: selected })).toEqual(composeDigest(input));
  });
});

describe('composeDigest with deltas', () => {
  it('puts the deltas it is given in the digest, in the place the empty list had', () => {
    const delta: FigureDelta = {
      measure: 'count:soldier:sent',
      label: 'soldiers sent',
      kind: 'change',
      previous: {
        display: '~12,000',
        editionId: '2026-10-20',
        url: 'https://example.org/oct',
        seenAt: '2026-10-20',
      },
      current: {
        display: '15,500',
        editionId: '2026-11-28',
        url: 'https://example.org/nov',
        seenAt: '2026-11-28',
      },
    };
    const without = composeDigest(sampleInput());
    const withDeltas = composeDigest(sampleInput({ deltas: [delta] }));
    expect(withDeltas.deltas).toEqual([delta]);
    expect(Object.keys(withDeltas)).toEqual(Object.keys(without));
    expect({ ...withDeltas, deltas: [] }).toEqual(without);
  });
});

describe('buildBoard', () => {
  it('takes the top figure of each story before any second figure', () => {
    const digest = composeDigest(sampleInput());
    const withFigures = digest.stories.filter((s) => s.figures.length > 0);
    const board = buildBoard(digest.stories, 4);
    expect(board.map((b) => b.storyId)).toEqual(withFigures.slice(0, 4).map((s) => s.id));
    expect(board.map((b) => b.figure)).toEqual(withFigures.slice(0, 4).map((s) => s.figures[0]));
  });

  it('fills up with second figures when stories run out', () => {
    const stories = [
      plain('a', { figures: [count(3500), count(12, 0.5)] }),
      plain('b', { figures: [count(700)] }),
    ];
    expect(buildBoard(stories, 6).map((b) => b.storyId)).toEqual(['a', 'b', 'a']);
  });

  it('shows the qualifier in the display and links the story', () => {
    const [first] = buildBoard([plain('a', { figures: [count(3500)] })], 6);
    expect(first).toMatchObject({
      display: '~3,500',
      storyUrl: 'https://example.org/a',
      storyTitle: 'Story a',
    });
  });
});

describe('shouldSkipEdition', () => {
  const empty = composeDigest(sampleInput({ stories: [] }));
  const full = composeDigest(sampleInput());
  const cases: Array<[string, typeof empty, boolean, boolean]> = [
    ['skips an empty edition when configured', empty, true, true],
    ['keeps an empty edition when not configured', empty, false, false],
    ['never skips an edition with stories', full, true, false],
  ];
  it.each(cases)('%s', (_name, digest, skipWhenEmpty, expected) => {
    expect(shouldSkipEdition(digest, { skipWhenEmpty })).toBe(expected);
  });
});
