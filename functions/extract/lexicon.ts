// Word lists the figure grammar reads: number words, scales, currencies, units, qualifiers, trend verbs.
// Unit names follow the normalized names of the NewsQuant benchmark (CQE's units.json style).

import type { Change, FigureKind, Qualifier } from '../core/model.js';

/** A lookup table without a prototype: "constructor" or "toString" in a text is never a key. */
export function dict<V>(entries: Record<string, V>): Readonly<Record<string, V>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, V>, entries));
}

/**
 * Words of a list written as running text, split at white space: a long list of short words reads better as
 * a few lines of text than as a column of quoted strings, one a line.
 */
function words(text: string): string[] {
  return text.trim().split(/\s+/u);
}

/** Phrases of one or more words written as running text, split at commas. */
function phrases(text: string): string[] {
  return text.split(',').map((phrase) => phrase.trim().replace(/\s+/gu, ' '));
}

export const ONES: Readonly<Record<string, number>> = dict({
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
});

export const TENS: Readonly<Record<string, number>> = dict({
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
});

/** Spaced scale words after a number: "41 million". */
export const SCALES: Readonly<Record<string, number>> = dict({
  hundred: 100,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
  lakh: 1e5,
  crore: 1e7,
});

/** Scale suffixes glued to a number or spaced after a currency amount: "$8bn", "4.3M", "25k". */
export const SCALE_SUFFIXES: Readonly<Record<string, number>> = dict({
  k: 1e3,
  m: 1e6,
  mn: 1e6,
  mln: 1e6,
  mil: 1e6,
  b: 1e9,
  bn: 1e9,
  bln: 1e9,
  tn: 1e12,
  trn: 1e12,
});

export const ORDINAL_WORDS: Readonly<Record<string, number>> = dict({
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fifteenth: 15,
  twentieth: 20,
  hundredth: 100,
});

/** Fractions that follow "a", "one", "two" …: "a third of", "two-thirds". */
export const FRACTIONS: Readonly<Record<string, number>> = dict({
  half: 1 / 2,
  halves: 1 / 2,
  third: 1 / 3,
  thirds: 1 / 3,
  quarter: 1 / 4,
  quarters: 1 / 4,
  fourth: 1 / 4,
  fourths: 1 / 4,
  fifth: 1 / 5,
  fifths: 1 / 5,
  tenth: 1 / 10,
  tenths: 1 / 10,
});

/** Vague amounts reported as ranges, as NewsQuant does: "tens of thousands" → 10,000–100,000. */
export const VAGUE_PLURALS: Readonly<Record<string, number>> = dict({
  dozens: 12,
  scores: 20,
  hundreds: 100,
  thousands: 1e3,
  millions: 1e6,
  billions: 1e9,
  trillions: 1e12,
});

export interface UnitEntry {
  norm: string;
  kind: FigureKind;
}

const money = (norm: string): UnitEntry => ({ norm, kind: 'money' });
const measure = (norm: string): UnitEntry => ({ norm, kind: 'measure' });
const duration = (norm: string): UnitEntry => ({ norm, kind: 'duration' });
const percent = (norm: string): UnitEntry => ({ norm, kind: 'percent' });
const rate = (norm: string): UnitEntry => ({ norm, kind: 'rate' });

/** Currency symbols or codes written before the amount: "$", "US$", "HK$", "€", "Y=". Keys are token texts joined. */
export const CURRENCY_PREFIXES: Readonly<Record<string, string>> = dict({
  $: 'dollar',
  us$: 'dollar',
  usd: 'dollar',
  a$: 'australian dollar',
  au$: 'australian dollar',
  aud: 'australian dollar',
  c$: 'canadian dollar',
  ca$: 'canadian dollar',
  cad: 'canadian dollar',
  hk$: 'hong kong dollar',
  hkd: 'hong kong dollar',
  nz$: 'new zealand dollar',
  s$: 'singapore dollar',
  nt$: 'new taiwan dollar',
  '€': 'euro',
  eur: 'euro',
  '£': 'pound sterling',
  gbp: 'pound sterling',
  ps: 'pound sterling',
  '¥': 'japanese yen',
  jpy: 'japanese yen',
  'y=': 'japanese yen',
  '₩': 'south korean won',
  krw: 'south korean won',
  '₹': 'indian rupee',
  rs: 'indian rupee',
  inr: 'indian rupee',
  '₽': 'russian ruble',
  rub: 'russian ruble',
  cny: 'chinese yuan',
  rmb: 'chinese yuan',
  '₪': 'shekel',
  chf: 'swiss franc',
  r$: 'brazilian real',
  rm: 'malaysian ringgit',
  r: 'south african rand',
  zar: 'south african rand',
  $us: 'dollar',
  $a: 'australian dollar',
  $au: 'australian dollar',
  $c: 'canadian dollar',
  $nz: 'new zealand dollar',
  $hk: 'hong kong dollar',
  $s: 'singapore dollar',
});

/**
 * Units written after the number, keyed by their lower-cased tokens joined by single spaces
 * ("km / h", "square miles"). Longest match wins.
 */
export const UNITS: Readonly<Record<string, UnitEntry>> = dict({
  // money
  dollar: money('dollar'),
  dollars: money('dollar'),
  'us dollars': money('dollar'),
  'u.s. dollars': money('dollar'),
  'australian dollar': money('australian dollar'),
  'australian dollars': money('australian dollar'),
  'canadian dollar': money('canadian dollar'),
  'canadian dollars': money('canadian dollar'),
  'hong kong dollars': money('hong kong dollar'),
  'new zealand dollars': money('new zealand dollar'),
  'singapore dollars': money('singapore dollar'),
  'taiwan dollars': money('new taiwan dollar'),
  euro: money('euro'),
  euros: money('euro'),
  yen: money('japanese yen'),
  'japanese yen': money('japanese yen'),
  won: money('south korean won'),
  'south korean won': money('south korean won'),
  'korean won': money('south korean won'),
  yuan: money('chinese yuan'),
  'chinese yuan': money('chinese yuan'),
  renminbi: money('chinese yuan'),
  ruble: money('russian ruble'),
  rubles: money('russian ruble'),
  rouble: money('russian ruble'),
  roubles: money('russian ruble'),
  'pounds sterling': money('pound sterling'),
  'pound sterling': money('pound sterling'),
  sterling: money('pound sterling'),
  shekel: money('shekel'),
  shekels: money('shekel'),
  'new shekels': money('shekel'),
  rupee: money('indian rupee'),
  rupees: money('indian rupee'),
  ringgit: money('malaysian ringgit'),
  peso: money('mexican peso'),
  pesos: money('mexican peso'),
  franc: money('swiss franc'),
  francs: money('swiss franc'),
  'swiss francs': money('swiss franc'),
  rand: money('south african rand'),
  lira: money('turkish lira'),
  liras: money('turkish lira'),
  lire: money('turkish lira'),
  'danish crowns': money('danish krone'),
  'danish kroner': money('danish krone'),
  'swedish crowns': money('swedish krona'),
  'swedish kronor': money('swedish krona'),
  'norwegian crowns': money('norwegian krone'),
  'norwegian kroner': money('norwegian krone'),
  krona: money('swedish krona'),
  kronor: money('swedish krona'),
  krone: money('danish krone'),
  kroner: money('danish krone'),
  riyal: money('saudi riyal'),
  riyals: money('saudi riyal'),
  dirham: money('united arab emirates dirham'),
  dirhams: money('united arab emirates dirham'),
  baht: money('thai baht'),
  taka: money('bangladeshi taka'),
  kuna: money('croatian kuna'),
  leu: money('romanian leu'),
  lei: money('romanian leu'),
  forint: money('hungarian forint'),
  koruna: money('czech koruna'),
  dong: money('vietnamese dong'),
  rupiah: money('indonesian rupiah'),
  shilling: money('kenyan shilling'),
  shillings: money('kenyan shilling'),
  cedi: money('ghanaian cedi'),
  cedis: money('ghanaian cedi'),
  hryvnia: money('ukrainian hryvnia'),
  hryvnias: money('ukrainian hryvnia'),
  naira: money('nigerian naira'),
  real: money('brazilian real'),
  reais: money('brazilian real'),
  zloty: money('polish zloty'),
  zlotys: money('polish zloty'),
  cent: money('cent'),
  cents: money('cent'),
  pence: money('penny'),
  // London prices in pence: "164p". NewsQuant names this unit "point".
  p: measure('point'),
  bitcoin: money('bitcoin'),
  bitcoins: money('bitcoin'),
  usd: money('dollar'),
  eur: money('euro'),
  gbp: money('pound sterling'),
  jpy: money('japanese yen'),
  // percent
  '%': percent('percentage'),
  percent: percent('percentage'),
  'per cent': percent('percentage'),
  pct: percent('percentage'),
  pc: percent('percentage'),
  'per - cent': percent('percentage'),
  'percentage point': percent('percentage point'),
  'percentage points': percent('percentage point'),
  'basis point': measure('basis point'),
  'basis points': measure('basis point'),
  bps: measure('basis point'),
  // length and area
  mile: measure('mile'),
  miles: measure('mile'),
  mi: measure('mile'),
  kilometre: measure('kilometre'),
  kilometres: measure('kilometre'),
  kilometer: measure('kilometre'),
  kilometers: measure('kilometre'),
  km: measure('kilometre'),
  kms: measure('kilometre'),
  metre: measure('metre'),
  metres: measure('metre'),
  meter: measure('metre'),
  meters: measure('metre'),
  m: measure('metre'),
  centimetre: measure('centimetre'),
  centimetres: measure('centimetre'),
  centimeter: measure('centimetre'),
  centimeters: measure('centimetre'),
  cm: measure('centimetre'),
  millimetre: measure('millimetre'),
  millimetres: measure('millimetre'),
  millimeter: measure('millimetre'),
  millimeters: measure('millimetre'),
  mm: measure('millimetre'),
  micrometre: measure('micrometre'),
  micrometres: measure('micrometre'),
  micrometer: measure('micrometre'),
  micrometers: measure('micrometre'),
  microns: measure('micrometre'),
  μm: measure('micrometre'),
  nanometre: measure('nanometre'),
  nanometres: measure('nanometre'),
  nanometer: measure('nanometre'),
  nanometers: measure('nanometre'),
  nm: measure('nanometre'),
  foot: measure('foot'),
  feet: measure('foot'),
  ft: measure('foot'),
  inch: measure('inch'),
  inches: measure('inch'),
  yard: measure('yard'),
  yards: measure('yard'),
  yd: measure('yard'),
  acre: measure('acre'),
  acres: measure('acre'),
  hectare: measure('hectare'),
  hectares: measure('hectare'),
  ha: measure('hectare'),
  'nautical mile': measure('nautical mile'),
  'nautical miles': measure('nautical mile'),
  c: measure('celsius'),
  f: measure('fahrenheit'),
  'square mile': measure('square mile'),
  'square miles': measure('square mile'),
  'sq mi': measure('square mile'),
  'square kilometre': measure('square kilometre'),
  'square kilometres': measure('square kilometre'),
  'square kilometer': measure('square kilometre'),
  'square kilometers': measure('square kilometre'),
  'sq km': measure('square kilometre'),
  km2: measure('square kilometre'),
  'square metre': measure('square metre'),
  'square metres': measure('square metre'),
  'square meter': measure('square metre'),
  'square meters': measure('square metre'),
  'sq m': measure('square metre'),
  sqm: measure('square metre'),
  'm 2': measure('square metre'),
  'm ²': measure('square metre'),
  'km 2': measure('square kilometre'),
  'km ²': measure('square kilometre'),
  m2: measure('square metre'),
  'square foot': measure('square foot'),
  'square feet': measure('square foot'),
  'sq ft': measure('square foot'),
  // volume and mass
  gallon: measure('gallon'),
  pint: measure('pint'),
  pints: measure('pint'),
  quart: measure('quart'),
  quarts: measure('quart'),
  gallons: measure('gallon'),
  litre: measure('litre'),
  litres: measure('litre'),
  liter: measure('litre'),
  liters: measure('litre'),
  l: measure('litre'),
  millilitre: measure('millilitre'),
  millilitres: measure('millilitre'),
  milliliter: measure('millilitre'),
  milliliters: measure('millilitre'),
  ml: measure('millilitre'),
  'cubic metres': measure('cubic metre'),
  'cubic meters': measure('cubic metre'),
  'cubic feet': measure('cubic foot'),
  barrel: measure('barrel'),
  barrels: measure('barrel'),
  bbl: measure('barrel'),
  bpd: rate('barrel per day'),
  'b / d': rate('barrel per day'),
  magnitude: measure('magnitude'),
  ton: measure('ton'),
  tons: measure('ton'),
  tonne: measure('metric ton'),
  tonnes: measure('metric ton'),
  'metric tons': measure('metric ton'),
  'metric tonnes': measure('metric ton'),
  megatons: measure('megaton'),
  gigatonnes: measure('gigaton'),
  gigatons: measure('gigaton'),
  gigatonne: measure('gigaton'),
  gigaton: measure('gigaton'),
  kilogram: measure('kilogram'),
  kilograms: measure('kilogram'),
  kilo: measure('kilogram'),
  kilos: measure('kilogram'),
  kg: measure('kilogram'),
  kgs: measure('kilogram'),
  gram: measure('gram'),
  grams: measure('gram'),
  g: measure('gram'),
  milligram: measure('milligram'),
  milligrams: measure('milligram'),
  mg: measure('milligram'),
  microgram: measure('microgram'),
  micrograms: measure('microgram'),
  pound: measure('pound-mass'),
  pounds: measure('pound-mass'),
  lb: measure('pound-mass'),
  lbs: measure('pound-mass'),
  ounce: measure('ounce'),
  ounces: measure('ounce'),
  oz: measure('ounce'),
  // speed, power, energy, frequency, data, pressure, temperature
  mph: measure('mile per hour'),
  'miles per hour': measure('mile per hour'),
  'miles an hour': measure('mile per hour'),
  'km / h': measure('kilometre per hour'),
  kph: measure('kilometre per hour'),
  'km / hr': measure('kilometre per hour'),
  'm . p . h': measure('mile per hour'),
  'barrel - a - day': rate('barrel per day'),
  'barrels - a - day': rate('barrel per day'),
  kmh: measure('kilometre per hour'),
  'kilometres per hour': measure('kilometre per hour'),
  'kilometers per hour': measure('kilometre per hour'),
  'kilometres an hour': measure('kilometre per hour'),
  'metres per second': measure('metre per second'),
  'meters per second': measure('metre per second'),
  'm / s': measure('metre per second'),
  knots: measure('knot'),
  mpg: measure('mile per gallon'),
  'miles per gallon': measure('mile per gallon'),
  horsepower: measure('horsepower'),
  hp: measure('horsepower'),
  bhp: measure('brake horsepower'),
  'pound - feet': measure('pound-foot'),
  'lb - ft': measure('foot pound-force'),
  watt: measure('watt'),
  watts: measure('watt'),
  w: measure('watt'),
  kilowatt: measure('kilowatt'),
  kilowatts: measure('kilowatt'),
  kw: measure('kilowatt'),
  megawatt: measure('megawatt'),
  megawatts: measure('megawatt'),
  mw: measure('megawatt'),
  gigawatt: measure('gigawatt'),
  gigawatts: measure('gigawatt'),
  gw: measure('gigawatt'),
  'kilowatt - hours': measure('kilowatt hour'),
  'kilowatt hours': measure('kilowatt hour'),
  kwh: measure('kilowatt hour'),
  'megawatt hours': measure('megawatt hour'),
  mwh: measure('megawatt hour'),
  'gigawatt hours': measure('gigawatt hour'),
  gwh: measure('gigawatt hour'),
  'terawatt hours': measure('terawatt hour'),
  twh: measure('terawatt hour'),
  volt: measure('volt'),
  volts: measure('volt'),
  v: measure('volt'),
  kilovolts: measure('kilovolt'),
  kv: measure('kilovolt'),
  mah: measure('milliampere-hour'),
  hertz: measure('hertz'),
  hz: measure('hertz'),
  khz: measure('kilohertz'),
  mhz: measure('megahertz'),
  ghz: measure('gigahertz'),
  rpm: measure('revolutions per minute'),
  calories: measure('calorie'),
  kcal: measure('kilocalorie'),
  gb: measure('gigabyte'),
  gigabytes: measure('gigabyte'),
  tb: measure('terabyte'),
  terabytes: measure('terabyte'),
  mb: measure('megabyte'),
  megabytes: measure('megabyte'),
  mbps: measure('megabit per second'),
  gbps: measure('gigabit per second'),
  gpa: measure('gigapascal'),
  mpa: measure('megapascal'),
  kt: measure('knot'),
  knot: measure('knot'),
  ppg: measure('point per game'),
  '″': measure('inch'),
  '′': measure('foot'),
  '€': money('euro'),
  '£': money('pound sterling'),
  '¥': money('japanese yen'),
  rpg: measure('rebound per game'),
  apg: measure('assist per game'),
  'points per game': measure('point per game'),
  'rebounds per game': measure('rebound per game'),
  'assists per game': measure('assist per game'),
  'pound - force': measure('pound-force'),
  'pound - foot': measure('pound-foot'),
  'foot - pounds': measure('foot pound-force'),
  'newton metres': measure('newton metre'),
  'newton meters': measure('newton metre'),
  times: { norm: 'count', kind: 'count' },
  gigapascals: measure('gigapascal'),
  psi: measure('pound per square inch'),
  ksi: measure('kilopound per square inch'),
  ppm: measure('part per million'),
  'parts per million': measure('part per million'),
  ppb: measure('parts-per-billion'),
  'parts per billion': measure('parts-per-billion'),
  degree: measure('degree'),
  degrees: measure('degree'),
  '°': measure('degree'),
  'degrees celsius': measure('celsius'),
  'degrees centigrade': measure('celsius'),
  'degree celsius': measure('celsius'),
  celsius: measure('celsius'),
  '° c': measure('celsius'),
  '°c': measure('celsius'),
  'degrees c': measure('celsius'),
  'deg c': measure('celsius'),
  degc: measure('celsius'),
  'degrees fahrenheit': measure('fahrenheit'),
  fahrenheit: measure('fahrenheit'),
  '° f': measure('fahrenheit'),
  '°f': measure('fahrenheit'),
  'degrees f': measure('fahrenheit'),
  'deg f': measure('fahrenheit'),
  degf: measure('fahrenheit'),
  point: measure('point'),
  points: measure('point'),
  // time spans
  second: duration('second'),
  seconds: duration('second'),
  secs: duration('second'),
  minute: duration('minute'),
  minutes: duration('minute'),
  mins: duration('minute'),
  min: duration('minute'),
  hour: duration('hour'),
  hours: duration('hour'),
  hrs: duration('hour'),
  day: duration('day'),
  days: duration('day'),
  week: duration('week'),
  weeks: duration('week'),
  month: duration('month'),
  months: duration('month'),
  year: duration('year'),
  years: duration('year'),
  yrs: duration('year'),
  decade: duration('decade'),
  decades: duration('decade'),
  century: duration('century'),
  centuries: duration('century'),
});

/** Longest unit key, in tokens. */
export const MAX_UNIT_TOKENS = 5;

/** Units that are only units when glued to the number or clearly abbreviations; as spaced words they are ordinary words. */
export const GLUE_ONLY_UNITS: ReadonlySet<string> = new Set(words('c f p pc kt m g l w v ha b k mi min'));

/** Second half of a rate: "per day", "a barrel". Normalized singular names. */
export const RATE_DENOMINATORS: Readonly<Record<string, string>> = dict({
  second: 'second',
  minute: 'minute',
  hour: 'hour',
  day: 'day',
  night: 'night',
  week: 'week',
  month: 'month',
  year: 'year',
  annum: 'year',
  quarter: 'quarter',
  barrel: 'barrel',
  gallon: 'gallon',
  litre: 'litre',
  liter: 'litre',
  gram: 'gram',
  kilogram: 'kilogram',
  kg: 'kilogram',
  ton: 'ton',
  tonne: 'metric ton',
  share: 'share',
  person: 'person',
  capita: 'capita',
  head: 'head',
  game: 'game',
  mile: 'mile',
  kilometre: 'kilometre',
  kilometer: 'kilometre',
  km: 'kilometre',
  'square foot': 'square foot',
  'square metre': 'square metre',
  'sq m': 'square metre',
  'square meter': 'square metre',
  sqft: 'square foot',
  'sq ft': 'square foot',
  mmbtu: 'mega british thermal unit',
  ounce: 'ounce',
  pound: 'pound-mass',
  kwh: 'kilowatt hour',
  household: 'household',
  student: 'student',
  seat: 'seat',
  unit: 'unit',
});

export interface QualifierEntry {
  qualifier: Qualifier;
  change: Change;
}

/** One entry per phrase, from groups of phrases that give the same qualifier and change. */
function qualifierTable(
  groups: readonly (readonly [QualifierEntry, readonly string[]])[],
): Readonly<Record<string, QualifierEntry>> {
  const table: Record<string, QualifierEntry> = {};
  for (const [entry, list] of groups) {
    for (const phrase of list) {
      if (phrase in table) throw new Error(`lexicon: qualifier phrase "${phrase}" listed twice`);
      table[phrase] = Object.freeze(entry); // one object serves the whole group, so no caller may change it
    }
  }
  return dict(table);
}

/**
 * Phrases before a number, lower-cased tokens joined by spaces, with the qualifier and change each gives.
 * Longest match wins.
 */
export const QUALIFIERS: Readonly<Record<string, QualifierEntry>> = qualifierTable([
  [
    { qualifier: 'approx', change: '~' },
    phrases(`
      about, around, just about, roughly, approximately, approx, approx ., some, an estimated,
      estimated, estimated at, nearly, almost, close to, closer to, circa, ca ., ~, in the region of,
      on the order of, near
    `),
  ],
  [
    { qualifier: 'more_than', change: '>' },
    phrases(`
      more than, more then, over than, greater than, higher than, over, just over, well over,
      slightly over, a little over, just more than, well above, above, upwards of, upward of,
      in excess of, north of, exceeding
    `),
  ],
  [{ qualifier: 'at_least', change: '>' }, phrases('at least, no fewer than, no less than, a minimum of')],
  [{ qualifier: 'exact', change: '=' }, phrases('a record')],
  [
    { qualifier: 'at_most', change: '<' },
    phrases('up to, at most, no more than, not more than, a maximum of'),
  ],
  [{ qualifier: 'at_most', change: '=' }, phrases('as much as, as many as, as high as')],
  [
    { qualifier: 'less_than', change: '<' },
    phrases(`
      less than, fewer than, lower than, under, just under, just below, slightly under, a little under,
      just shy of, shy of, below, not even, sub, sub -
    `),
  ],
]);

export const MAX_QUALIFIER_TOKENS = 4;

/** Verbs and adverbs that make the next figure a rise or a fall. */
export const UP_WORDS: ReadonlySet<string> = new Set(
  words(`
    rose rise rises rising risen increased increase increases increasing grew grow grows growing grown
    gained gain gains gaining jumped jump jumps jumping climbed climb climbs climbing soared soar soars
    surged surge surges advanced advances advancing soaring surging rallying spiking widening expanding
    added adds up boosted rallied spiked leapt leaped rebounded firmed widened expanded improved hiked
  `),
);

export const DOWN_WORDS: ReadonlySet<string> = new Set(
  words(`
    fell fall falls falling fallen dropped drop drops dropping declined decline declines declining
    decreased decrease decreases lost lose loses losing slid slide slides slipped slip slips plunged
    plunge plunges plunging plummeting tumbling sliding slipping sinking slumping shedding dipping
    shrinking easing narrowing plummeted plummet tumbled tumble sank sink sinks slumped slump down shed
    sheds eased eases dipped dip dips shrank shrunk shrink contracted retreated cut cuts cutting reduced
    reduce lowered narrowed weakened crashed skidded sagged
  `),
);

/** Past participles that make a number a toll: "400 killed in action". */
export const TOLL_PARTICIPLES: ReadonlySet<string> = new Set(
  words(`
    killed dead died injured wounded hurt missing displaced evacuated arrested detained captured rescued
    returned hospitalized hospitalised infected affected stranded trapped homeless executed deported
    released freed abducted kidnapped confirmed vaccinated employed unemployed laid fired sentenced
    charged convicted drowned recovered sickened
  `),
);

export const MONTHS: Readonly<Record<string, number>> = dict({
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
});

export const WEEKDAYS: Readonly<Record<string, number>> = dict({
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
});

/** Speech and report verbs that name a figure's source. */
export const SPEECH_VERBS: ReadonlySet<string> = new Set(
  words(`
    said says say told tells reported reports estimated estimates stated announced announces claimed
    claims quoted cited confirmed confirms noted wrote writes warned warns predicted projected
  `),
);

/**
 * Words that end a counted noun phrase after a number: function words, auxiliaries and common verbs.
 * Without a tagger this list stands in for part-of-speech knowledge.
 */
export const PHRASE_STOPS: ReadonlySet<string> = new Set(
  words(`
    a an the this that these those its their his her our your my and or but nor so yet for of in on at
    by to from with without within into onto upon over under above below across after before during
    since until while when where which who whom whose what why how than then as if because though
    although whether via per each every any all some both either neither no not is are was were be been
    being am has have had do does did will would shall should can could may might must said says say
    told according including include includes included also just only still even now already about
    around nearly almost approximately roughly more less fewer most least up down out off again ago
    later earlier there here it they he she we you i them him us me who itself themselves among between
    against toward towards through throughout beyond versus vs like unlike near next plus minus besides
    despite instead rather whereas amid amidst along alongside behind beneath beside inside outside past
    round via worth apiece each respectively reportedly currently already previously recently
    respectively annually altogether overall total
  `),
);

/** Words that never start the noun after a number even though they are not in PHRASE_STOPS. */
export const NON_NOUN_FOLLOWERS: ReadonlySet<string> = new Set(
  words(`
    x others last next past percent times time apiece each higher lower high low long wide tall deep old
    later earlier ago
  `),
);
