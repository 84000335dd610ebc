// Which figures the digest shows, ranks and tracks: a key kind (count, money, percent, measure, rate) with a
// value or both ends of a range. Dates, durations, ages and ordinals stay out.
import { KEY_FIGURE_KINDS, type KeyFigure } from '../core/model.js';

export function isKeyFigure(figure: KeyFigure): boolean {
  const hasValue = figure.value !== undefined || (figure.low !== undefined && figure.high !== undefined);
  return hasValue && KEY_FIGURE_KINDS.includes(figure.kind);
}
