// Which figures the digest shows, ranks and tracks: a key kind (count, money, percent, measure, rate) with a
// value or both ends of a range. Dates, durations, ages and ordinals stay out.
import type { FigureKind, KeyFigure } from '../core/model.js';

// Here and not in the model: the model module holds the zod schemas, which a stage that only ranks figures
// (render, on the send path) must not load.
export const KEY_FIGURE_KINDS: readonly FigureKind[] = ['count', 'money', 'percent', 'measure', 'rate'];

export function isKeyFigure(figure: KeyFigure): boolean {
  const hasValue = figure.value !== undefined || (figure.low !== undefined && figure.high !== undefined);
  return hasValue && KEY_FIGURE_KINDS.includes(figure.kind);
}
