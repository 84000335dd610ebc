// Human display of a key figure: value, scale and qualifier, written the way a careful reporter would
// ("~3,500", "at least 1", "5,000–6,000", "$1.2 billion", "3.5%"). Deterministic: no locale lookups.
import type { KeyFigure, Qualifier } from '../model.js';

const CURRENCY_SYMBOLS: Record<string, string> = {
  dollar: '$',
  'us dollar': '$',
  euro: '€',
  pound: '£',
  'pound sterling': '£',
  yen: '¥',
  rupee: '₹',
  won: '₩',
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
  if (value === 1 || /s$/.test(unit)) return unit;
  if (/(?:ch|sh|x|z)$/.test(unit)) return `${unit}es`;
  if (/[^aeiou]y$/.test(unit)) return `${unit.slice(0, -1)}ies`;
  return `${unit}s`;
}

function money(value: number, unit: string | undefined): string {
  const symbol = unit === undefined ? '$' : CURRENCY_SYMBOLS[unit.toLowerCase()];
  const magnitude = scaled(Math.abs(value));
  const sign = value < 0 ? '-' : '';
  if (symbol !== undefined) return `${sign}${symbol}${magnitude}`;
  // Currency names without a symbol (yuan, rand, franc) are left as the source wrote them.
  return `${sign}${magnitude} ${unit}`;
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
