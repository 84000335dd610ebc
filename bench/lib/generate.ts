// Deterministic generator of wire-style news: articles dense with qualified, attributed figures, and RSS 2.0 /
// Atom feeds of them. The same seed gives the same bytes, so every side of a comparison reads identical input.

import { hashSeed, rng } from './random.js';

// The generator's tests take the seeded generator and the seed hash from here, beside what they seed.
export { hashSeed, rng };

type Rand = () => number;

function pick<T>(rand: Rand, list: readonly T[]): T {
  const value = list[Math.floor(rand() * list.length)];
  if (value === undefined) throw new RangeError('bench: pick from an empty list');
  return value;
}

function int(rand: Rand, low: number, high: number): number {
  return low + Math.floor(rand() * (high - low + 1));
}

/** A count as wires write it: rounded to a plausible precision, with thousands separators. */
function count(rand: Rand, low: number, high: number): string {
  const n = int(rand, low, high);
  const step = n >= 10_000 ? 500 : n >= 1_000 ? 100 : n >= 100 ? 10 : 1;
  const rounded = rand() < 0.6 ? Math.max(step, Math.round(n / step) * step) : n;
  return rounded.toLocaleString('en-US');
}

function money(rand: Rand): string {
  const r = rand();
  if (r < 0.4) return `$${(int(rand, 12, 990) / 10).toFixed(1)} billion`;
  if (r < 0.75) return `$${int(rand, 2, 950)} million`;
  if (r < 0.9) return `${int(rand, 20, 800)} million euros`;
  return `$${count(rand, 1_000, 90_000)}`;
}

function percent(rand: Rand): string {
  return rand() < 0.5 ? `${(int(rand, 5, 950) / 10).toFixed(1)} percent` : `${int(rand, 2, 85)}%`;
}

const PLACES = [
  ['SEOUL', 'South Korea', 'South Korean'],
  ['KYIV', 'Ukraine', 'Ukrainian'],
  ['NAIROBI', 'Kenya', 'Kenyan'],
  ['JAKARTA', 'Indonesia', 'Indonesian'],
  ['BRASILIA', 'Brazil', 'Brazilian'],
  ['MANILA', 'the Philippines', 'Philippine'],
  ['ANKARA', 'Turkey', 'Turkish'],
  ['LAGOS', 'Nigeria', 'Nigerian'],
  ['DHAKA', 'Bangladesh', 'Bangladeshi'],
  ['LIMA', 'Peru', 'Peruvian'],
  ['WARSAW', 'Poland', 'Polish'],
  ['CAIRO', 'Egypt', 'Egyptian'],
  ['HANOI', 'Vietnam', 'Vietnamese'],
  ['BOGOTA', 'Colombia', 'Colombian'],
  ['TOKYO', 'Japan', 'Japanese'],
  ['ADDIS ABABA', 'Ethiopia', 'Ethiopian'],
  ['KARACHI', 'Pakistan', 'Pakistani'],
  ['MEXICO CITY', 'Mexico', 'Mexican'],
  ['BUCHAREST', 'Romania', 'Romanian'],
  ['SANTIAGO', 'Chile', 'Chilean'],
  ['ACCRA', 'Ghana', 'Ghanaian'],
  ['ATHENS', 'Greece', 'Greek'],
  ['BANGKOK', 'Thailand', 'Thai'],
  ['BUENOS AIRES', 'Argentina', 'Argentine'],
  ['CANBERRA', 'Australia', 'Australian'],
  ['DAKAR', 'Senegal', 'Senegalese'],
  ['HELSINKI', 'Finland', 'Finnish'],
  ['KATHMANDU', 'Nepal', 'Nepali'],
  ['KINSHASA', 'Congo', 'Congolese'],
  ['LISBON', 'Portugal', 'Portuguese'],
  ['MADRID', 'Spain', 'Spanish'],
  ['NEW DELHI', 'India', 'Indian'],
  ['OTTAWA', 'Canada', 'Canadian'],
  ['RABAT', 'Morocco', 'Moroccan'],
  ['SOFIA', 'Bulgaria', 'Bulgarian'],
  ['TBILISI', 'Georgia', 'Georgian'],
  ['TUNIS', 'Tunisia', 'Tunisian'],
  ['ULAANBAATAR', 'Mongolia', 'Mongolian'],
  ['VIENNA', 'Austria', 'Austrian'],
  ['WELLINGTON', 'New Zealand', 'New Zealand'],
] as const;

const REGIONS = [
  'the north',
  'the eastern provinces',
  'the coastal region',
  'the border area',
  'the capital region',
];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const APPROX = ['some', 'roughly', 'about', 'an estimated', 'approximately', 'nearly', 'around'];
const BOUND = ['at least', 'more than', 'up to', 'fewer than', 'over'];
const OUTLETS = ['Reuters-style wire', 'the state news agency', 'local broadcaster', 'a regional daily'];
const ONSETS = [
  'b',
  'd',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'z',
  'br',
  'dr',
  'kr',
  'st',
  'tr',
  'vl',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ei', 'ou'];
const CODAS = ['', '', 'n', 'r', 's', 'k', 'l', 'sk', 'nd', 'v'];

/** A made-up proper name ("Moravetz"): real wire copy is full of names no other story shares. */
function properName(rand: Rand, syllables: number): string {
  let name = '';
  for (let i = 0; i < syllables; i++) name += pick(rand, ONSETS) + pick(rand, VOWELS);
  name += pick(rand, CODAS);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function qualifier(rand: Rand): string {
  const r = rand();
  if (r < 0.45) return `${pick(rand, APPROX)} `;
  if (r < 0.75) return `${pick(rand, BOUND)} `;
  return '';
}

/** Who is talking in one story: its country, a town, a named official, a named organisation. */
interface Cast {
  country: string;
  demonym: string;
  town: string;
  official: string;
  org: string;
}

function source(rand: Rand, cast: Cast): string {
  return pick(rand, [
    `a ${cast.demonym} lawmaker said`,
    'the ministry said in a statement',
    `${cast.demonym} officials told reporters`,
    'according to the United Nations',
    'the agency said',
    `${cast.official} said`,
    `${cast.official}, a government spokesperson, said`,
    `the ${cast.demonym} defense ministry said`,
    'according to the central bank',
    `the ${cast.org} said`,
    'aid groups said',
    `police in ${cast.town} said`,
  ]);
}

export interface Article {
  title: string;
  dateline: string;
  paragraphs: string[];
  category: string;
  author: string;
}

type Topic = (rand: Rand, cast: Cast) => { title: string; lines: string[]; category: string };

const TOPICS: Topic[] = [
  (rand, c) => {
    const troops = count(rand, 800, 40_000);
    return {
      category: 'conflict',
      title: `${c.country} sends ${qualifier(rand)}${troops} more troops to ${pick(rand, REGIONS)}`,
      lines: [
        `${c.country} has deployed ${qualifier(rand)}${troops} additional soldiers to ${pick(rand, REGIONS)} near ${c.town}, ${source(rand, c)} on ${pick(rand, DAYS)}.`,
        `A second wave of ${count(rand, 300, 5_000)} soldiers was sent in ${pick(rand, MONTHS)} after ${int(rand, 2, 8)} weeks of training, ${source(rand, c)}.`,
        `Casualties have been high: ${qualifier(rand)}${count(rand, 50, 3_000)} killed in action and ${count(rand, 200, 9_000)} injured, with ${count(rand, 20, 900)} returned to the front, ${source(rand, c)}.`,
        `${qualifier(rand)}${count(rand, 5_000, 90_000)} troops are fighting as a joint force in the region, ${source(rand, c)}.`,
      ],
    };
  },
  (rand, c) => {
    const dead = count(rand, 3, 900);
    return {
      category: 'disasters',
      title: `Floods around ${c.town} kill ${qualifier(rand)}${dead}, displace thousands`,
      lines: [
        `Heavy rain caused flooding across ${pick(rand, REGIONS)} of ${c.country}, killing ${qualifier(rand)}${dead} people around ${c.town} and injuring ${count(rand, 10, 4_000)}, ${source(rand, c)}.`,
        `${qualifier(rand)}${count(rand, 1_000, 250_000)} people have been displaced and ${count(rand, 100, 30_000)} homes destroyed, ${source(rand, c)}.`,
        `Some areas recorded ${int(rand, 120, 600)} millimetres of rain in ${int(rand, 12, 72)} hours, the weather service said.`,
        `The government released ${money(rand)} in emergency aid, while ${int(rand, 3, 40)} aid agencies asked for ${money(rand)} more.`,
      ],
    };
  },
  (rand, c) => {
    const rate = percent(rand);
    return {
      category: 'markets',
      title: `${c.country} inflation ${rand() < 0.5 ? 'rises' : 'eases'} to ${rate}`,
      lines: [
        `Consumer prices in ${c.country} rose ${rate} in ${pick(rand, MONTHS)} from a year earlier, up from ${percent(rand)} the month before, ${source(rand, c)}.`,
        `The central bank raised its key rate by ${int(rand, 1, 4) * 25} basis points to ${percent(rand)}, its ${pick(rand, ['third', 'fourth', 'fifth'])} increase this year.`,
        `Food prices climbed ${percent(rand)} and fuel ${percent(rand)}, while the currency lost ${qualifier(rand)}${percent(rand)} against the dollar.`,
        `The government expects a budget deficit of ${money(rand)}, or ${percent(rand)} of gross domestic product, ${source(rand, c)}.`,
      ],
    };
  },
  (rand, c) => {
    const share = percent(rand);
    const party = `${properName(rand, 2)} Party`;
    return {
      category: 'politics',
      title: `${party} wins ${share} of the vote in ${c.country}`,
      lines: [
        `The ${party} won ${share} of the vote and ${int(rand, 40, 320)} of ${int(rand, 321, 600)} seats, ${source(rand, c)}.`,
        `Turnout was ${qualifier(rand)}${percent(rand)}, with ${qualifier(rand)}${count(rand, 1_000_000, 90_000_000)} ballots cast at ${count(rand, 5_000, 80_000)} polling stations.`,
        `Observers in ${c.town} reported ${qualifier(rand)}${count(rand, 20, 2_000)} complaints, ${source(rand, c)}.`,
        `The opposition, which took ${percent(rand)}, said it would challenge results in ${int(rand, 2, 30)} districts.`,
      ],
    };
  },
  (rand, c) => {
    const value = money(rand);
    return {
      category: 'business',
      title: `${c.country} approves ${value} rail link to ${c.town}`,
      lines: [
        `Lawmakers in ${c.country} approved a ${value} plan to build ${int(rand, 80, 1_900)} kilometres of railway to ${c.town} and expand ${int(rand, 2, 9)} ports, ${source(rand, c)}.`,
        `The project is expected to create ${qualifier(rand)}${count(rand, 2_000, 120_000)} jobs and cut freight costs by ${percent(rand)}.`,
        `Construction will take ${int(rand, 3, 12)} years; a first ${int(rand, 40, 300)}-kilometre section opens in ${pick(rand, MONTHS)}.`,
        `Foreign lenders will cover ${qualifier(rand)}${percent(rand)} of the cost, with ${money(rand)} from a development bank.`,
      ],
    };
  },
  (rand, c) => {
    const cases = count(rand, 100, 60_000);
    return {
      category: 'health',
      title: `${c.country} reports ${qualifier(rand)}${cases} cholera cases`,
      lines: [
        `Health authorities in ${c.country} have recorded ${qualifier(rand)}${cases} suspected cholera cases and ${count(rand, 5, 900)} deaths since ${pick(rand, MONTHS)}, ${source(rand, c)}.`,
        `The case rate reached ${int(rand, 5, 400)} per 100,000 people around ${c.town}, ${source(rand, c)}.`,
        `${qualifier(rand)}${count(rand, 10_000, 2_000_000)} vaccine doses arrived this week, enough for ${percent(rand)} of those at risk.`,
        `Aid groups said ${count(rand, 20, 400)} treatment centres were open, and ${count(rand, 1_000, 40_000)} people had been treated.`,
      ],
    };
  },
  (rand, c) => {
    const hectares = count(rand, 500, 300_000);
    return {
      category: 'disasters',
      title: `Wildfire near ${c.town} burns ${qualifier(rand)}${hectares} hectares`,
      lines: [
        `A wildfire has burned ${qualifier(rand)}${hectares} hectares of forest near ${c.town}, forcing ${count(rand, 200, 40_000)} residents to leave, ${source(rand, c)}.`,
        `${count(rand, 100, 6_000)} firefighters and ${int(rand, 3, 60)} aircraft were deployed, and ${count(rand, 5, 900)} buildings were destroyed.`,
        `Temperatures reached ${int(rand, 36, 47)} degrees Celsius and winds ${int(rand, 30, 110)} kilometres per hour, the weather service said.`,
        `Insurers put early losses at ${money(rand)}, ${source(rand, c)}.`,
      ],
    };
  },
  (rand, c) => {
    const magnitude = (int(rand, 45, 82) / 10).toFixed(1);
    return {
      category: 'disasters',
      title: `Magnitude ${magnitude} quake strikes ${c.country}`,
      lines: [
        `A magnitude ${magnitude} earthquake struck ${int(rand, 10, 180)} kilometres from ${c.town} on ${pick(rand, DAYS)}, killing ${qualifier(rand)}${count(rand, 2, 3_000)} people, ${source(rand, c)}.`,
        `More than ${count(rand, 20, 12_000)} people were injured and ${count(rand, 100, 50_000)} buildings damaged, with ${count(rand, 5, 400)} aftershocks recorded.`,
        `Rescue teams of ${count(rand, 50, 5_000)} people searched the rubble, ${source(rand, c)}.`,
        `The ${c.org} pledged ${money(rand)} for reconstruction.`,
      ],
    };
  },
  (rand, c) => {
    const exports = money(rand);
    return {
      category: 'markets',
      title: `${c.country} exports ${rand() < 0.5 ? 'jump' : 'slide'} to ${exports}`,
      lines: [
        `Exports from ${c.country} reached ${exports} in ${pick(rand, MONTHS)}, ${rand() < 0.5 ? 'up' : 'down'} ${percent(rand)} from a year earlier, ${source(rand, c)}.`,
        `Shipments of wheat rose to ${count(rand, 10_000, 4_000_000)} tonnes while copper sales fell ${percent(rand)}.`,
        `The trade surplus stood at ${money(rand)}, against a forecast of ${money(rand)} in a poll of ${int(rand, 8, 40)} economists.`,
        `The port of ${c.town} handled ${count(rand, 100_000, 9_000_000)} containers over the period.`,
      ],
    };
  },
  (rand, c) => {
    const workers = count(rand, 1_000, 900_000);
    return {
      category: 'labour',
      title: `${qualifier(rand)}${workers} workers strike across ${c.country}`,
      lines: [
        `${qualifier(rand)}${workers} workers walked out across ${c.country} on ${pick(rand, DAYS)} to demand a ${percent(rand)} pay rise, the ${c.org} said.`,
        `${count(rand, 20, 4_000)} flights were cancelled and ${percent(rand)} of trains did not run, ${source(rand, c)}.`,
        `${c.official}, who leads the union in ${c.town}, said talks had failed after ${int(rand, 3, 20)} rounds.`,
        `Employers said the strike would cost the economy ${money(rand)} a day.`,
      ],
    };
  },
  (rand, c) => {
    const migrants = count(rand, 100, 80_000);
    return {
      category: 'migration',
      title: `${qualifier(rand)}${migrants} migrants reach ${c.country} this month`,
      lines: [
        `${qualifier(rand)}${migrants} migrants arrived in ${c.country} in ${pick(rand, MONTHS)}, ${rand() < 0.5 ? 'up' : 'down'} ${percent(rand)} on the month before, ${source(rand, c)}.`,
        `The reception centre in ${c.town}, built for ${count(rand, 200, 5_000)} people, now holds ${count(rand, 300, 12_000)}.`,
        `At least ${count(rand, 3, 700)} people died or went missing on the crossing this year, according to the United Nations.`,
        `The European partners of ${c.country} offered ${money(rand)} in border support.`,
      ],
    };
  },
  (rand, c) => {
    const revenue = money(rand);
    const company = `${properName(rand, 2)} ${pick(rand, ['Holdings', 'Group', 'Energy', 'Telecom', 'Motors'])}`;
    return {
      category: 'business',
      title: `${company} revenue climbs to ${revenue}`,
      lines: [
        `${company}, based in ${c.town}, reported quarterly revenue of ${revenue}, up ${percent(rand)} from a year earlier.`,
        `Net profit was ${money(rand)}, and the company will cut ${qualifier(rand)}${count(rand, 100, 20_000)} jobs by ${pick(rand, MONTHS)}, ${c.official} said.`,
        `Its shares rose ${percent(rand)} in early trading, valuing the group at ${money(rand)}.`,
        `The company sold ${count(rand, 10_000, 3_000_000)} units and expects margins of ${percent(rand)} next year.`,
      ],
    };
  },
];

const FILLER = [
  'The figures could not be independently verified.',
  'Officials did not say how the estimate was reached.',
  'The announcement came after weeks of talks between the two sides.',
  'Residents described long queues for fuel and water in the days that followed.',
  'Analysts said the numbers were broadly in line with earlier reports.',
  'The report was posted on the ministry website late in the evening.',
  'Opposition leaders called for an inquiry into how the situation was handled.',
  'International partners have pledged further support, officials said.',
];

/** Sentences and titles may open with a qualifier ("some 3,500 …"); wire copy capitalizes them. */
function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One article of at least `minChars` characters of text, built from one topic, its cast and filler. */
export function generateArticle(seed: number, minChars = 1_500): Article {
  const rand = rng(seed);
  const place = pick(rand, PLACES);
  const cast: Cast = {
    country: place[1],
    demonym: place[2],
    town: properName(rand, int(rand, 2, 3)),
    official: `${properName(rand, 2)} ${properName(rand, int(rand, 2, 3))}`,
    org: `${properName(rand, 2)} ${pick(rand, ['Federation', 'Institute', 'Council', 'Foundation', 'Union', 'Authority'])}`,
  };
  const topic = pick(rand, TOPICS);
  const first = topic(rand, cast);
  const paragraphs: string[] = [];
  const dateline = `${place[0]}, ${pick(rand, MONTHS)} ${int(rand, 1, 28)}`;
  let length = 0;
  let round = 0;
  while (length < minChars) {
    // Later paragraphs draw fresh figures on the same topic so long articles stay figure-dense.
    const lines = round === 0 ? first.lines : topic(rand, cast).lines;
    for (const line of lines) {
      const text = capitalize(rand() < 0.3 ? `${line} ${pick(rand, FILLER)}` : line);
      paragraphs.push(paragraphs.length === 0 ? `${dateline} -- ${text}` : text);
      length += text.length + 2;
      if (length >= minChars) break;
    }
    round++;
  }
  return {
    title: capitalize(first.title),
    dateline,
    paragraphs,
    category: first.category,
    author: `${pick(rand, ['Staff', 'Correspondent', 'Desk'])} / ${pick(rand, OUTLETS)}`,
  };
}

/** Plain text of an article, paragraphs separated by blank lines. */
export function articleText(article: Article): string {
  return article.paragraphs.join('\n\n');
}

export interface FeedSpec {
  /** 0-based index of the feed in the set. */
  index: number;
  items: number;
  /** Characters of text per item, at least. */
  itemChars: number;
  /** Share (0–1) of items that are the same story as in other feeds (syndicated wire copy). */
  sharedShare: number;
  /** Size of the pool shared stories are drawn from. */
  sharedPool: number;
  /** Items are dated in the hours before this instant. */
  now: Date;
  seed: number;
}

export interface GeneratedFeed {
  name: string;
  format: 'rss' | 'atom';
  body: string;
  items: number;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** One feed of wire-style items; every fourth feed is Atom, the rest RSS 2.0. */
export function generateFeed(spec: FeedSpec): GeneratedFeed {
  const rand = rng(hashSeed(`feed:${spec.seed}:${spec.index}`));
  const id = String(spec.index + 1).padStart(3, '0');
  const name = `Bench Wire ${id}`;
  const host = `wire-${id}.example.com`;
  const format = spec.index % 4 === 3 ? 'atom' : 'rss';
  const entries: string[] = [];
  for (let i = 0; i < spec.items; i++) {
    const shared = rand() < spec.sharedShare;
    const storySeed = shared
      ? hashSeed(`shared:${spec.seed}:${Math.floor(rand() * spec.sharedPool)}`)
      : hashSeed(`story:${spec.seed}:${spec.index}:${i}`);
    const article = generateArticle(storySeed, spec.itemChars);
    const html = article.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join('\n');
    const url = `https://${host}/news/${storySeed.toString(36)}-${i}`;
    const published = new Date(spec.now.getTime() - (i * 17 + int(rand, 0, 15)) * 60_000);
    if (format === 'rss') {
      entries.push(
        [
          '<item>',
          `<title>${escapeXml(article.title)}</title>`,
          `<link>${url}</link>`,
          `<guid isPermaLink="false">${host}:${i}:${storySeed}</guid>`,
          `<pubDate>${published.toUTCString()}</pubDate>`,
          `<dc:creator>${escapeXml(article.author)}</dc:creator>`,
          `<category>${article.category}</category>`,
          `<description>${cdata(html)}</description>`,
          '</item>',
        ].join('\n'),
      );
    } else {
      entries.push(
        [
          '<entry>',
          `<title>${escapeXml(article.title)}</title>`,
          `<link rel="alternate" href="${url}"/>`,
          `<id>tag:${host},2026:${i}:${storySeed}</id>`,
          `<updated>${published.toISOString()}</updated>`,
          `<author><name>${escapeXml(article.author)}</name></author>`,
          `<category term="${article.category}"/>`,
          `<content type="html">${escapeXml(html)}</content>`,
          '</entry>',
        ].join('\n'),
      );
    }
  }
  const body =
    format === 'rss'
      ? [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
          '<channel>',
          `<title>${name}</title>`,
          `<link>https://${host}/</link>`,
          `<description>Generated wire copy for benchmarks</description>`,
          '<language>en</language>',
          `<lastBuildDate>${spec.now.toUTCString()}</lastBuildDate>`,
          ...entries,
          '</channel>',
          '</rss>',
          '',
        ].join('\n')
      : [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<feed xmlns="http://www.w3.org/2005/Atom">',
          `<title>${name}</title>`,
          `<link rel="alternate" href="https://${host}/"/>`,
          `<id>tag:${host},2026:feed</id>`,
          `<updated>${spec.now.toISOString()}</updated>`,
          ...entries,
          '</feed>',
          '',
        ].join('\n');
  return { name, format, body, items: spec.items };
}

export interface FeedSetOptions {
  feeds: number;
  itemsPerFeed?: number;
  itemChars?: number;
  sharedShare?: number;
  now: Date;
  seed?: number;
}

/** A set of feeds: the input of the ingest and end-to-end benchmarks. */
export function generateFeedSet(options: FeedSetOptions): GeneratedFeed[] {
  const feeds: GeneratedFeed[] = [];
  for (let index = 0; index < options.feeds; index++) {
    feeds.push(
      generateFeed({
        index,
        items: options.itemsPerFeed ?? 50,
        itemChars: options.itemChars ?? 1_500,
        sharedShare: options.sharedShare ?? 0.15,
        sharedPool: Math.max(10, options.feeds * 2),
        now: options.now,
        seed: options.seed ?? 1,
      }),
    );
  }
  return feeds;
}
