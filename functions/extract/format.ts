// Human display of a key figure: value, scale and qualifier, written the way a careful reporter would
// ("~3,500", "at least 1", "5,000–6,000", "$1.2 billion", "3.5%"). Deterministic: no locale lookups.
import type { KeyFigure, Qualifier } from '../core/model.js';

/**
 * How a currency is written around the amount, by the normalized unit names the extractor uses (NewsQuant's):
 * a symbol before ("$1.2 billion") or a word after ("2.5 billion yuan"). Unknown currencies keep their name.
 */
const CURRENCIES: Record<string, { before?: string; after?: string }> = {
  dollar: { before: '$' },
  'us dollar': { before: '$' },
  'united states dollar': { before: '$' },
  'australian dollar': { before: 'A$' },
  'canadian dollar': { before: 'C$' },
  'hong kong dollar': { before: 'HK$' },
  'new zealand dollar': { before: 'NZ$' },
  euro: { before: '€' },
  pound: { before: '£' },
  'pound sterling': { before: '£' },
  yen: { before: '¥' },
  'japanese yen': { before: '¥' },
  won: { before: '₩' },
  'south korean won': { before: '₩' },
  rupee: { before: '₹' },
  'indian rupee': { before: '₹' },
  shekel: { before: '₪' },
  'israeli new shekel': { before: '₪' },
  'chinese yuan': { after: 'yuan' },
  yuan: { after: 'yuan' },
  renminbi: { after: 'yuan' },
  ruble: { after: 'roubles' },
  rouble: { after: 'roubles' },
  'russian ruble': { after: 'roubles' },
  'swiss franc': { after: 'Swiss francs' },
  'malaysian ringgit': { before: 'RM' },
  cent: { after: 'cents' },
};

/** Short forms for measure units that read better as symbols than as words. */
const UNIT_SYMBOLS: Record<string, string> = {
  kilometre: 'km',
  kilometer: 'km',
  metre: 'm',
  meter: 'm',
  centimetre: 'cm',
  millimetre: 'mm',
  kilogram: 'kg',
  gram: 'g',
  'square kilometre': 'km²',
  hectare: 'ha',
  'degree celsius': '°C',
  celsius: '°C',
  'degree fahrenheit': '°F',
  fahrenheit: '°F',
  megawatt: 'MW',
  gigawatt: 'GW',
  kilowatt: 'kW',
  'kilometre per hour': 'km/h',
  'mile per hour': 'mph',
  'square metre': 'm²',
  'square mile': 'sq mi',
  'metre per second': 'm/s',
  gigabyte: 'GB',
  terabyte: 'TB',
  'square kilometer': 'km²',
};

const SCALES: Array<{ value: number; word: string }> = [
  { value: 1e12, word: 'trillion' },
  { value: 1e9, word: 'billion' },
  { value: 1e6, word: 'million' },
];

const QUALIFIER_PREFIX: Record<Exclude<Qualifier, 'range'>, string> = {
  exact: '',
  approx: '~',
  at_least: 'at least ',
  at_most: 'at most ',
  more_than: 'more than ',
  less_than: 'less than ',
};

/** 3500 → "3,500"; 2.5 → "2.5"; -1234.5 → "-1,234.5". At most `decimals` decimals, trailing zeros dropped. */
export function formatNumber(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const negative = value < 0;
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = '0', fraction = ''] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${grouped}${trimmed === '' ? '' : `.${trimmed}`}`;
}

function scaleOf(value: number): { value: number; word: string } | undefined {
  const magnitude = Math.abs(value);
  return SCALES.find((scale) => magnitude >= scale.value);
}

/** 1_200_000_000 → "1.2 billion"; 3500 → "3,500". Scale words only from a million up. */
function scaled(value: number, scale = scaleOf(value)): string {
  if (scale === undefined) return formatNumber(value);
  return `${formatNumber(value / scale.value, 2)} ${scale.word}`;
}

function plural(unit: string, value: number | undefined): string {
  // "barrel per day" → "barrels per day": the counted word comes before "per".
  const per = unit.indexOf(' per ');
  if (per > 0) return `${plural(unit.slice(0, per), value)}${unit.slice(per)}`;
  if (value === 1 || /s$/.test(unit)) return unit;
  if (/(?:ch|sh|x|z)$/.test(unit)) return `${unit}es`;
  if (/[^aeiou]y$/.test(unit)) return `${unit.slice(0, -1)}ies`;
  return `${unit}s`;
}

function money(value: number, unit: string | undefined): string {
  const currency = CURRENCIES[(unit ?? 'dollar').toLowerCase()];
  const magnitude = scaled(Math.abs(value));
  const sign = value < 0 ? '-' : '';
  if (currency?.before !== undefined) return `${sign}${currency.before}${magnitude}`;
  // Currency names without a symbol (yuan, roubles) follow the amount; unknown ones as the source named them.
  return `${sign}${magnitude} ${currency?.after ?? unit}`;
}

function withUnit(number: string, figure: KeyFigure, value: number | undefined): string {
  const unit = figure.unit;
  switch (figure.kind) {
    case 'percent':
      return `${number}%`;
    case 'measure':
    case 'rate': {
      if (unit === undefined || unit === '') return number;
      const symbol = UNIT_SYMBOLS[unit.toLowerCase()];
      return symbol === undefined ? `${number} ${plural(unit, value)}` : `${number} ${symbol}`;
    }
    default:
      // Counts carry their counted phrase beside the number; the board shows it separately.
      return number;
  }
}

function rangeDisplay(figure: KeyFigure, low: number, high: number): string {
  if (figure.kind === 'money') {
    const lowScale = scaleOf(low);
    const highScale = scaleOf(high);
    // "$1.2–1.5 billion" when both ends share a scale; otherwise both ends in full.
    if (lowScale !== undefined && lowScale === highScale) {
      const full = money(high, figure.unit);
      const symbolEnd = full.indexOf(formatNumber(high / highScale.value, 2));
      return `${full.slice(0, symbolEnd)}${formatNumber(low / lowScale.value, 2)}–${full.slice(symbolEnd)}`;
    }
    return `${money(low, figure.unit)}–${money(high, figure.unit)}`;
  }
  const scale = scaleOf(high);
  if (scale !== undefined && scaleOf(low) === scale) {
    return withUnit(
      `${formatNumber(low / scale.value, 2)}–${formatNumber(high / scale.value, 2)} ${scale.word}`,
      figure,
      high,
    );
  }
  return withUnit(`${scaled(low)}–${scaled(high)}`, figure, high);
}

/** The figure as the board shows it: qualifier, value or range, scale and unit symbol. */
export function formatFigure(figure: KeyFigure): string {
  if (figure.qualifier === 'range' || (figure.value === undefined && figure.low !== undefined)) {
    const low = figure.low ?? figure.value;
    const high = figure.high ?? figure.value;
    if (low === undefined || high === undefined) return figure.raw.trim();
    return rangeDisplay(figure, Math.min(low, high), Math.max(low, high));
  }
  const value = figure.value;
  if (value === undefined) return figure.raw.trim();
  const prefix = QUALIFIER_PREFIX[figure.qualifier];
  const body = figure.kind === 'money' ? money(value, figure.unit) : withUnit(scaled(value), figure, value);
  return `${prefix}${body}`;
}
