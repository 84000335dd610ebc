import { describe, expect, it } from 'vitest';
import { extractFigures } from '../../functions/extract/index.js';
import { summarizeStory } from '../../functions/extract/summarize.js';

const story = [
  'SEOUL, March 5 -- North Korea sent some 3,500 more soldiers to Russia, a South Korean lawmaker said Wednesday.',
  'The lawmaker met officials on a trip to Kyiv.',
  'Yu said the North sent roughly 12,000 troops in October.',
  'The weather in Seoul was mild and dry all week, residents said.',
  'Casualties stood at approximately 400 killed in action and 3,600 injured, Ukrainian officials said.',
].join(' ');

const numbers = (s: string): string[] => s.match(/\d[\d,.]*/gu) ?? [];

describe('summarizeStory', () => {
  const title = 'North Korea sends 3,500 more troops to Russia';
  const figures = extractFigures(story, { title, published: '2025-03-05' });

  const cases: Array<[string, number | undefined, number]> = [
    ['the default of three sentences', undefined, 3],
    ['two sentences when asked', 2, 2],
  ];
  it.each(cases)('gives %s', (_name, maxSentences, expected) => {
    const input =
      maxSentences === undefined
        ? { title, text: story, figures }
        : { title, text: story, figures, maxSentences };
    const summary = summarizeStory(input);
    const count = figures.length > 0 ? summary.split(/(?<=[.!?])\s+(?=[A-Z])/u).length : 0;
    expect(count).toBe(expected);
  });

  it('contains the top figure and keeps source order', () => {
    const summary = summarizeStory({ title, text: story, figures });
    expect(summary).toContain('3,500');
    const parts = summary.split(/(?<=[.!?])\s+(?=[A-Z])/u);
    const positions = parts.map((p) => story.indexOf(p));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('never states a number that is not in the source', () => {
    const summary = summarizeStory({ title, text: story, figures });
    for (const n of numbers(summary)) expect(story).toContain(n);
  });

  const datelines: Array<[string, string]> = [
    ['SEOUL, March 5 (UPI) -- North Korea sent 3,500 soldiers.', 'North Korea sent 3,500 soldiers.'],
    ['SAN JOSE, Calif. (Tally Wire) -- Norvale will cut 6,500 jobs.', 'Norvale will cut 6,500 jobs.'],
    ['LONDON (Reuters) - Prices rose 3% in May.', 'Prices rose 3% in May.'],
  ];
  it.each(datelines)('drops the dateline of %s', (text, expected) => {
    const summary = summarizeStory({
      title: 't',
      text: `${text} Officials gave no details on Monday.`,
      figures: extractFigures(text),
    });
    expect(summary.startsWith(expected)).toBe(true);
  });

  it('handles a story without figures', () => {
    const text = 'Leaders met today. They talked about trade. Nothing was agreed.';
    expect(summarizeStory({ title: 'Talks', text, figures: extractFigures(text) })).toBe(
      'Leaders met today. They talked about trade.',
    );
  });
});
