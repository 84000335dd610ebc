import { describe, expect, it } from 'vitest';
import type { KeyFigure } from '../../functions/core/model.js';
import { extractFigures } from '../../functions/extract/index.js';

/** The first figure whose raw span contains `needle`. */
function find(text: string, needle: string, published?: string): KeyFigure | undefined {
  const opts = published ? { published } : {};
  return extractFigures(text, opts).find((f) => f.raw.includes(needle));
}

type Case = [sentence: string, needle: string, expected: Partial<KeyFigure>];

const cases: Record<string, Case[]> = {
  'separators and decimals': [
    [
      'The agency counted 13,000 workers at the plant.',
      '13,000',
      { value: 13000, kind: 'count', unit: 'worker' },
    ],
    ['The index closed at 1,463.78 points.', '1,463.78', { value: 1463.78, unit: 'point' }],
    ['The rate fell to .5 per cent.', '.5', { value: 0.5, kind: 'percent' }],
  ],
  'spelled-out numbers': [
    ['Twenty-seven people were rescued overnight.', 'Twenty-seven', { value: 27, unit: 'people' }],
    [
      'Police arrested two soldiers near the border.',
      'two',
      { value: 2, unit: 'soldier', counted: 'soldiers' },
    ],
    ['He spoke with a pair of captured soldiers.', 'a pair of', { value: 2, unit: 'soldier' }],
    ['The firm hired a dozen engineers this spring.', 'a dozen', { value: 12, unit: 'engineer' }],
    ['Officials said three hundred homes were flooded.', 'three hundred', { value: 300, unit: 'home' }],
  ],
  'scale words': [
    [
      'The deal is worth $1.2 billion, the company said.',
      '$1.2 billion',
      { value: 1.2e9, kind: 'money', unit: 'dollar' },
    ],
    ['Investors pulled $8bn from the fund.', '$8bn', { value: 8e9, kind: 'money', unit: 'dollar' }],
    ['The census counted 41 million voters.', '41 million', { value: 41e6, unit: 'voter' }],
    ['Sales reached 4.3M units last year.', '4.3M', { value: 4.3e6, unit: 'unit' }],
    ['Sales fell to 5.2 mln units.', '5.2 mln', { value: 5.2e6, unit: 'unit' }],
    [
      'Nearly a quarter of a million people fled.',
      'a quarter of a million',
      { value: 250000, qualifier: 'approx' },
    ],
  ],
  ranges: [
    ['Between 5,000 and 6,000 troops were sent.', '5,000', { low: 5000, high: 6000, qualifier: 'range' }],
    [
      'The project will cost $8 billion to $10 billion.',
      '$8 billion',
      { low: 8e9, high: 1e10, kind: 'money' },
    ],
    ['Temperatures dropped by 1 to 1.5 degrees Celsius.', '1 to 1.5', { low: 1, high: 1.5, unit: 'celsius' }],
    ['The upper limit is between 15kHz and 17kHz.', '15kHz', { low: 15, high: 17, unit: 'kilohertz' }],
    ['They used a 5-10W laser.', '5-10W', { low: 5, high: 10, unit: 'watt' }],
  ],
  qualifiers: [
    [
      'North Korea sent some 3,500 soldiers to Russia.',
      '3,500',
      { value: 3500, qualifier: 'approx', change: '~' },
    ],
    ['Roughly 12,000 troops were deployed.', '12,000', { qualifier: 'approx' }],
    ['It employs approximately 400 people.', '400', { qualifier: 'approx' }],
    ['An estimated 63,000 troops are fighting.', '63,000', { qualifier: 'approx' }],
    ['The storm destroyed about 200 homes.', '200', { qualifier: 'approx' }],
    ['Nearly 57% of voters agreed.', '57', { qualifier: 'approx', change: '~' }],
    ['Almost 90 miles of road were closed.', '90', { qualifier: 'approx' }],
    ['At least one soldier intends to defect.', 'one', { value: 1, qualifier: 'at_least', change: '>' }],
    ['The company has more than 1000 customers.', '1000', { qualifier: 'more_than', change: '>' }],
    ['The fund is worth over $2 billion.', '$2 billion', { qualifier: 'more_than', change: '>' }],
    ['Fines of up to $500 will apply.', '$500', { qualifier: 'at_most', change: '<' }],
    ['Fewer than 20 boats returned.', '20', { qualifier: 'less_than', change: '<' }],
  ],
  percentages: [
    ['Prices rose 3.5% in June.', '3.5', { value: 3.5, kind: 'percent', unit: 'percentage', change: 'up' }],
    ['Turnout was 61 percent.', '61 percent', { value: 61, unit: 'percentage' }],
    ['Exports fell 7 per cent to $2.3 billion.', '7 per cent', { value: 7, change: 'down' }],
    ['Unemployment reached 5.2 pct.', '5.2 pct', { value: 5.2, kind: 'percent' }],
    ['In Europe, the FTSE -0.6% in early trade.', '-0.6%', { value: -0.6, change: 'down' }],
  ],
  currencies: [
    [
      'The fine was 10.5 million Australian dollars.',
      '10.5 million',
      { value: 10.5e6, unit: 'australian dollar' },
    ],
    ['It paid 800 won per share.', '800 won', { kind: 'rate', unit: 'south korean won per share' }],
    ['The bonus was 5,000 euros.', '5,000 euros', { unit: 'euro' }],
    ['Imports cost 12 billion rubles.', '12 billion rubles', { value: 12e9, unit: 'russian ruble' }],
    ['The phone sells for 7,199 Chinese yuan.', '7,199', { unit: 'chinese yuan' }],
    ['The tuna fetched 333.6 million yen.', '333.6 million yen', { value: 333.6e6, unit: 'japanese yen' }],
    ['Tickets cost £45 each.', '£45', { value: 45, unit: 'pound sterling' }],
    ['The loan was €3.2bn.', '€3.2bn', { value: 3.2e9, unit: 'euro' }],
  ],
  'measures and rates': [
    ['A magnitude 7.4 earthquake struck.', '7.4', { value: 7.4 }],
    ['The fire burned 12,000 acres.', '12,000 acres', { kind: 'measure', unit: 'acre' }],
    ['The road is 35 km long.', '35 km', { unit: 'kilometre' }],
    ['The tank holds 40 gallons.', '40 gallons', { unit: 'gallon' }],
    ['Add 2 litres of water.', '2 litres', { unit: 'litre' }],
    ['They pump 800,000 barrels a day.', '800,000', { kind: 'rate', unit: 'barrel per day' }],
    ['Crude rose to $58.24 per barrel.', '$58.24', { kind: 'rate', unit: 'dollar per barrel' }],
    ['Winds reached 50mph on Monday.', '50mph', { unit: 'mile per hour' }],
  ],
  'verbal tolls': [
    [
      'Yu quoted approximately 400 killed in action and 3,600 injured, with 300 returned to the front.',
      '400',
      { value: 400, counted: 'killed in action', qualifier: 'approx' },
    ],
    ['Officials said 3,600 injured were treated.', '3,600', { value: 3600, counted: 'injured' }],
    ['Rescuers said 300 returned home.', '300', { value: 300, counted: 'returned' }],
    ['At least 12 people were killed and 40 others wounded.', '40', { value: 40, unit: 'wounded' }],
  ],
  'dates kept apart': [
    [
      'He visited on Feb. 23-26, officials said.',
      'Feb. 23-26',
      { kind: 'date', low: 20250223, high: 20250226 },
    ],
    ['A lawmaker said Wednesday that talks stalled.', 'Wednesday', { kind: 'date', value: 20250305 }],
    ['The plant opened on March 5.', 'March 5', { kind: 'date', value: 20250305 }],
    ['The ceasefire began in December.', 'December', { kind: 'date', low: 20241201, high: 20241231 }],
    ['Sales slowed in May.', 'May', { kind: 'date', raw: 'May', low: 20240501 }],
  ],
  'durations, ages and ordinals kept apart': [
    ['The talks lasted three months.', 'three months', { kind: 'duration', unit: 'month' }],
    ['A 50-year-old man was arrested.', '50', { kind: 'age', unit: 'year of age' }],
    ['Jamie Armstrong, 25, said she moved.', '25', { kind: 'age' }],
    ['They moved for their daughter Maria, who was 10.', '10', { kind: 'age', unit: 'year of age' }],
    ['It was the 10th straight record.', '10th', { kind: 'ordinal' }],
  ],
  'currency codes and spellings': [
    ['Debt reached $US113 trillion last year.', '$US113 trillion', { value: 113e12, unit: 'dollar' }],
    ['The house sold for $A82,615,680.', '$A82,615,680', { value: 82615680, unit: 'australian dollar' }],
    ['The plan costs RM79 a month.', 'RM79', { kind: 'rate', unit: 'malaysian ringgit per month' }],
    ['Britain can borrow at 1.38pc.', '1.38pc', { value: 1.38, kind: 'percent' }],
    ['Arnold bought a notebook for 1,200€ last week.', '1,200€', { value: 1200, unit: 'euro' }],
    ['The fund holds HK$5.4m in cash.', 'HK$5.4m', { value: 5.4e6, unit: 'hong kong dollar' }],
    [
      'Officials said more than half a billion dollars was due.',
      'half a billion',
      { value: 5e8, qualifier: 'more_than' },
    ],
  ],
  'units written oddly': [
    ['A magnitude 7.1 earthquake struck.', 'magnitude 7.1', { value: 7.1, unit: 'magnitude' }],
    ['A magnitude-6.2 tremor followed.', '6.2', { value: 6.2, unit: 'magnitude' }],
    ['Output rose by 960,000 bpd.', '960,000', { kind: 'rate', unit: 'barrel per day' }],
    ['Temperatures reached 46C in Seville.', '46C', { value: 46, unit: 'celsius' }],
    ['The offence gained minus-5 yards.', 'minus-5 yards', { value: -5, unit: 'yard' }],
    [
      'Turnout rose 6.5 percentage points.',
      '6.5 percentage points',
      { unit: 'percentage point', change: 'up' },
    ],
  ],
  'tolls and counted nouns in context': [
    [
      'The quake killed 126 people, injuring more than 1,400.',
      '1,400',
      { unit: 'injured', qualifier: 'more_than' },
    ],
    ['At least 43 people died and dozens were missing.', 'dozens', { low: 12, high: 120 }],
    ['The party won 78 of the 141 seats.', '78', { value: 78, unit: 'seat' }],
    ['Dinner cost eight or nine euros.', 'eight', { value: 8, unit: 'euro' }],
    ['The fire destroyed 214 homes and damaged 60 more.', '60', { value: 60, unit: 'home' }],
    [
      'New cases rose by about 300 a day.',
      '300',
      { kind: 'rate', unit: 'count per day', qualifier: 'approx' },
    ],
    [
      'The line carries up to 45 trains a day.',
      '45',
      { kind: 'rate', unit: 'train per day', qualifier: 'at_most' },
    ],
    ['The recipe needs 1/2 pound of chocolate.', '1/2 pound', { value: 0.5, unit: 'pound-mass' }],
    ['Revenue grew more than sixfold last year.', 'sixfold', { value: 6, qualifier: 'more_than' }],
    ['With eight more picks the team went all over the map.', 'eight', { value: 8, unit: 'pick' }],
    [
      'Passengers paid HK$216,925 (PS21,700) for the flights.',
      'PS21,700',
      { value: 21700, unit: 'pound sterling' },
    ],
    ['The death toll rose to 45 on Monday.', '45', { value: 45, counted: 'death toll', change: 'up' }],
    [
      'The number of displaced people reached 1.2 million.',
      '1.2 million',
      { unit: 'people', counted: 'displaced people' },
    ],
    ['One in five adults smoke, the survey found.', 'One in five', { value: 0.2, unit: 'adult' }],
    ['The deal is worth Rs 500 crore.', 'Rs 500 crore', { value: 5e9, unit: 'indian rupee' }],
  ],
  'vague amounts as ranges': [
    ['Tens of thousands of people marched.', 'Tens', { low: 10000, high: 100000, qualifier: 'range' }],
    ['Dozens of people were killed.', 'Dozens', { low: 12, high: 120 }],
    ['Millions of Americans were affected.', 'Millions', { low: 1e6, high: 1e7 }],
  ],
  changes: [
    ['Shares jumped 12% on Monday.', '12%', { change: 'up' }],
    ['The Dow lost 190 points, or 0.6%.', '0.6%', { change: 'down' }],
    ['Revenue was $5 billion, up from $4 billion.', '$4 billion', { change: '=' }],
    ['Shares rose 6.5% to 164 dollars.', '164', { change: '=' }],
  ],
};

describe('extractFigures', () => {
  for (const [group, rows] of Object.entries(cases)) {
    describe(group, () => {
      it.each(rows)('reads %s (%s)', (sentence, needle, expected) => {
        const fig = find(sentence, needle, '2025-03-05');
        expect(fig, `no figure with "${needle}"`).toBeDefined();
        expect(fig).toMatchObject(expected);
      });
    });
  }

  const notFigures: Array<[string, string]> = [
    ['second wave', 'A second wave of 1,500 soldiers was sent.'],
    ['COVID-19', 'Cases of COVID-19 rose.'],
    ['Su-35', 'Russia delivered Su-35 jets.'],
    ['Section 427', 'Seats in Section 427 Row 21 sold out.'],
    ['1 of 2', '1 of 2 | North Korea deployed troops. Photo by KCNA'],
    ['5G', 'The carrier expanded 5G coverage.'],
    ['category 4', 'The category 4 hurricane made landfall.'],
    ['358 El Brillo Way', 'The mansion at 358 El Brillo Way was sold.'],
    ['2-0', 'At 2-0 down it was easy to give up.'],
    ['0401 GMT', 'The duty applied after 12:01 a.m. EDT (0401 GMT) on Friday.'],
    ['between 1600 and 1900', 'Between 1600 and 1900 temperatures dropped.'],
    ['five-year', 'He won a five-year award.'],
    ['PLX-R18', 'Pluristem discussed its PLX-R18 drug.'],
  ];
  it.each(notFigures)('does not report "%s" as a key figure', (needle, sentence) => {
    const keyKinds = new Set(['count', 'money', 'percent', 'measure', 'rate']);
    const figs = extractFigures(sentence).filter((f) => keyKinds.has(f.kind));
    const start = sentence.indexOf(needle);
    const end = start + needle.length;
    expect(figs.filter((f) => f.start < end && f.end > start)).toEqual([]);
  });

  it('keeps offsets into the text', () => {
    const text = 'Intro line.\nNorth Korea sent some 3,500 soldiers, officials said.';
    for (const f of extractFigures(text)) expect(text.slice(f.start, f.end)).toBe(f.raw);
  });

  it('names the source of an attributed figure', () => {
    const text = 'An estimated 63,000 troops are fighting in Kursk, Ukrainian officials said.';
    expect(extractFigures(text)[0]?.source).toBe('Ukrainian officials');
    const text2 = "Casualties were 400 killed, according to Ukraine's defense intelligence agency.";
    expect(extractFigures(text2)[0]?.source).toBe("Ukraine's defense intelligence agency");
  });

  it.each([
    ['More than 110,000 people have fled, according to the U.N. refugee agency.', 'U.N. refugee agency'],
    ['Some 2,000 troops were sent, said the U.S. Defense Department.', 'U.S. Defense Department'],
  ])('keeps an abbreviation with full stops whole in the source: %s', (text, source) => {
    expect(extractFigures(text)[0]?.source).toBe(source);
  });

  it('ranks headline figures first and kept-apart kinds last', () => {
    const text =
      'The company said on Monday that 2,000 jobs would go. It also reported revenue of $3 billion in 2024, up 5%.';
    const figs = extractFigures(text, { title: 'Firm to cut 2,000 jobs', published: '2025-01-15' });
    expect(figs[0]?.value).toBe(2000);
    const firstKept = figs.findIndex((f) => f.kind === 'date');
    const lastKey = figs
      .map((f) => ['count', 'money', 'percent', 'measure', 'rate'].includes(f.kind))
      .lastIndexOf(true);
    expect(firstKept).toBeGreaterThan(lastKey);
  });

  it('ranks the dead before the wounded', () => {
    const figs = extractFigures(
      'At least 12 people were killed and 40 others wounded when a bus overturned.',
    );
    expect(figs[0]?.value).toBe(12);
  });

  it('is deterministic', () => {
    const text = 'Some 3,500 soldiers and $1.2 billion in aid were sent on Feb. 3.';
    expect(extractFigures(text, { published: '2025-03-05' })).toEqual(
      extractFigures(text, { published: '2025-03-05' }),
    );
  });
});
