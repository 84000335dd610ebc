// What a figure measures, reduced to something comparable across editions and outlets: its kind, its unit or
// counted head noun, the words of what it counts and the entities involved ("North Korean troops sent to
// Russia" → soldier + {north, korea, sent, russia}).
import type { KeyFigure } from '../core/model.js';

export interface MeasureDescriptor {
  kind: string;
  /** The thing counted or the unit, singular and normalized ("soldier", "dollar", "percentage"). */
  head: string;
  /** Normalized content words of the counted phrase and concepts, head excluded. */
  words: string[];
}

// Words of time are dropped too: the ledger follows one measure through time ("12,000 in October → 15,500 now").
const STOPWORDS = new Set(
  `a an the of in on at to for from by with and or as into onto over under about than its their his her our
  this that these those who whom which what were was is are be been being has have had will would could should
  may might some more most less least few many much per each every other another such same new additional
  further total number numbers recent recently latest current currently so far nearly almost around roughly
  approximately estimated estimate now since until during after before last next ago year years month months
  week weeks day days today yesterday tomorrow
  january february march april may june july august september october november december
  monday tuesday wednesday thursday friday saturday sunday`.split(/\s+/),
);

/** Nouns that name the same counted thing in wire copy. Kept small: merging too eagerly invents deltas. */
const HEAD_SYNONYMS: Record<string, string> = {
  troop: 'soldier',
  soldier: 'soldier',
  people: 'person',
  persons: 'person',
  person: 'person',
  civilian: 'civilian',
  usd: 'dollar',
  percent: 'percentage',
  pct: 'percentage',
};

/** Adjectives of nationality → the place, so "North Korean soldiers" and "soldiers from North Korea" meet. */
const DEMONYMS: Record<string, string> = {
  korean: 'korea',
  russian: 'russia',
  ukrainian: 'ukraine',
  chinese: 'china',
  japanese: 'japan',
  american: 'america',
  british: 'britain',
  french: 'france',
  german: 'germany',
  italian: 'italy',
  spanish: 'spain',
  israeli: 'israel',
  palestinian: 'palestine',
  iranian: 'iran',
  iraqi: 'iraq',
  syrian: 'syria',
  lebanese: 'lebanon',
  turkish: 'turkey',
  indian: 'india',
  pakistani: 'pakistan',
  afghan: 'afghanistan',
  sudanese: 'sudan',
  european: 'europe',
  african: 'africa',
  mexican: 'mexico',
  canadian: 'canada',
  brazilian: 'brazil',
  polish: 'poland',
  yemeni: 'yemen',
  gazan: 'gaza',
};

/**
 * What happened to the counted (killed, injured, displaced…). Two figures naming different outcomes are
 * different measures however many other words they share: "400 killed" never updates "3,600 injured".
 */
const OUTCOMES = new Set(
  `killed dead died death deaths fatality fatalities injured wounded hurt missing displaced evacuated
  arrested detained captured rescued infected hospitalized hospitalised sick sent deployed returned
  fled homeless affected stranded`.split(/\s+/),
);

/** Crude English singular: enough to meet "soldiers"/"soldier", "casualties"/"casualty". */
export function singular(word: string): string {
  if (word.length <= 3 || word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(?:ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

function normalizeWord(raw: string): string {
  const word = raw
    .toLowerCase()
    .replace(/['’]s$/, '')
    .replace(/[^\p{L}\p{N}-]/gu, '');
  const place = DEMONYMS[word];
  if (place !== undefined) return place;
  const one = singular(word);
  return HEAD_SYNONYMS[one] ?? HEAD_SYNONYMS[word] ?? one;
}

function words(text: string): string[] {
  return text
    .split(/[\s,;:()/"“”]+/)
    .map(normalizeWord)
    .filter((word) => word.length > 1 && !STOPWORDS.has(word) && !/^\d/.test(word));
}

/** The measure a figure speaks of, or undefined when it does not say what it counts. */
export function describeMeasure(figure: KeyFigure): MeasureDescriptor | undefined {
  const counted = figure.counted?.trim() ?? '';
  const countedWords = words(counted);
  let head: string | undefined;
  if (figure.kind === 'money' || figure.kind === 'percent') head = normalizeWord(figure.unit ?? figure.kind);
  else if (figure.unit !== undefined && figure.unit.trim() !== '') head = normalizeWord(figure.unit.trim());
  // A count without a unit takes the first noun-like word of what it counts.
  head ??= countedWords[0];
  if (head === undefined || head === '') return undefined;
  // What is counted, in full, plus the entities involved: from the concepts only the names (capitalized words),
  // since the rest of a concept list is context that varies from one telling of the story to the next.
  const entities = figure.concepts
    .flatMap((concept) => concept.split(/\s+/))
    .filter((word) => /^\p{Lu}/u.test(word))
    .flatMap(words);
  // A bare "people" or "$1 billion" says too little to be followed: every such figure would meet every other,
  // and the names around it ("GENEVA", "Rescuers") do not tell what is counted.
  if (countedWords.every((word) => word === head)) return undefined;
  const set = new Set([...countedWords, ...entities]);
  set.delete(head);
  return { kind: figure.kind, head, words: [...set].sort() };
}

/** A stable key for the measure: "count:soldier:korea+north+russia+sent". */
export function measureKey(descriptor: MeasureDescriptor): string {
  return `${descriptor.kind}:${descriptor.head}:${descriptor.words.join('+')}`;
}

/**
 * Below this similarity two descriptions are different measures. Set for precision: a missed delta costs less
 * than telling readers two sources disagree when they speak of different things ("3,500 North Korean soldiers
 * sent to the Far East" against "63,000 Russian and North Korean troops in Kursk" share half their words).
 */
export const SAME_MEASURE = 0.6;

/**
 * How alike two descriptions of a measure are, 0–1; 0 when they cannot be the same measure. Kind and head must
 * agree and named outcomes must share one. The score is the Jaccard overlap of the words, raised to
 * SAME_MEASURE when
 * every word of the shorter description (at least two) appears in the longer one.
 */
export function measureSimilarity(a: MeasureDescriptor, b: MeasureDescriptor): number {
  if (a.kind !== b.kind || a.head !== b.head) return 0;
  const outcomesA = a.words.filter((word) => OUTCOMES.has(word));
  const outcomesB = b.words.filter((word) => OUTCOMES.has(word));
  if (outcomesA.length > 0 && outcomesB.length > 0 && !outcomesA.some((word) => outcomesB.includes(word))) {
    return 0;
  }
  const setA = new Set(a.words);
  const shared = b.words.filter((word) => setA.has(word)).length;
  const union = setA.size + b.words.length - shared;
  if (union === 0) return 1;
  const jaccard = shared / union;
  const smaller = Math.min(setA.size, b.words.length);
  return smaller >= 2 && shared === smaller ? Math.max(jaccard, SAME_MEASURE) : jaccard;
}

export function sameMeasure(a: MeasureDescriptor, b: MeasureDescriptor): boolean {
  return measureSimilarity(a, b) >= SAME_MEASURE;
}

/** Words that name a source without telling sources apart ("officials said", "the ministry"). */
const GENERIC_SOURCE = new Set([
  'official',
  'officials',
  'spokesperson',
  'spokesman',
  'spokeswoman',
  'statement',
  'report',
]);

/**
 * Two attributions name different sources when they share no distinctive word: "Ukraine's defense intelligence"
 * and "Ukrainian officials" are one side, "Russia's defence ministry" another. Unattributed figures are never
 * counted as a different source.
 */
export function differentSources(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const wordsA = new Set(words(a).filter((word) => !GENERIC_SOURCE.has(word)));
  const wordsB = words(b).filter((word) => !GENERIC_SOURCE.has(word));
  if (wordsA.size === 0 || wordsB.length === 0) return false;
  return !wordsB.some((word) => wordsA.has(word));
}
