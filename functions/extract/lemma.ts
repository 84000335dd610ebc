// Singular lemma of an English plural noun, by rule plus a short list of exceptions.

import { dict } from './lexicon.js';

const IRREGULAR: Readonly<Record<string, string>> = dict({
  men: 'man',
  women: 'woman',
  children: 'child',
  feet: 'foot',
  teeth: 'tooth',
  geese: 'goose',
  mice: 'mouse',
  people: 'people',
  persons: 'person',
  police: 'police',
  staff: 'staff',
  data: 'data',
  media: 'media',
  series: 'series',
  species: 'species',
  news: 'news',
  crises: 'crisis',
  analyses: 'analysis',
  theses: 'thesis',
  diagnoses: 'diagnosis',
  indices: 'index',
  lives: 'life',
  wives: 'wife',
  knives: 'knife',
  leaves: 'leaf',
  wolves: 'wolf',
  halves: 'half',
  shelves: 'shelf',
  thieves: 'thief',
  sheep: 'sheep',
  fish: 'fish',
  aircraft: 'aircraft',
  deer: 'deer',
  cattle: 'cattle',
  dies: 'die',
  movies: 'movie',
  cookies: 'cookie',
  rookies: 'rookie',
  zombies: 'zombie',
  calories: 'calorie',
});

const KEEP = /(ss|us|is|ics|ous|sis)$/u;

export function singular(word: string): string {
  const lower = word.toLowerCase();
  const irregular = IRREGULAR[lower];
  if (irregular !== undefined) return matchCase(word, irregular);
  if (lower.length <= 3) return word;
  if (lower.endsWith('men') && lower.length > 4) return `${word.slice(0, -3)}${caseOf(word, 'man')}`;
  if (KEEP.test(lower)) return word;
  if (/[^aeiou]ies$/u.test(lower)) return `${word.slice(0, -3)}${caseOf(word, 'y')}`;
  if (/(ches|shes|sses|xes|zzes)$/u.test(lower)) return word.slice(0, -2);
  if (/uses$/u.test(lower)) return word.slice(0, -2);
  if (lower.endsWith('s') && !lower.endsWith("'s") && !lower.endsWith('’s')) return word.slice(0, -1);
  return word;
}

function caseOf(word: string, suffix: string): string {
  return word === word.toUpperCase() ? suffix.toUpperCase() : suffix;
}

function matchCase(word: string, lemma: string): string {
  if (word === word.toUpperCase() && word.length > 1) return lemma.toUpperCase();
  if (/^\p{Lu}/u.test(word)) return lemma[0]?.toUpperCase() + lemma.slice(1);
  return lemma;
}

/** True when the word looks like a plural noun. */
export function isPlural(word: string): boolean {
  return singular(word) !== word || word.toLowerCase() === 'people';
}
