// Plain-text helpers for the text/plain part: wrapping, alignment, one-line values.
import { cleanText } from './template.js';

/** Longest field taken from a feed, in characters: one hostile title must not fill the mail. */
export const MAX_FIELD = 400;

/**
 * One line: control characters gone, any whitespace run (CR/LF included) becomes one space, cut at max
 * characters on a word boundary.
 */
export function oneLine(value: string, max = MAX_FIELD): string {
  return truncate(cleanText(value).replace(/\s+/g, ' ').trim(), max);
}

/** Cuts at a word boundary and marks the cut with an ellipsis. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}

/** Wraps one paragraph to width columns; every line gets the indent. Long words stay whole. */
export function wrap(value: string, width: number, indent = ''): string {
  const words = oneLine(value)
    .split(' ')
    .filter((word) => word !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line === '') line = word;
    else if (indent.length + line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(indent + line);
      line = word;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}

/** Wraps with a first-line prefix and a hanging indent for the lines after it. */
export function hang(prefix: string, value: string, width: number): string {
  const pad = ' '.repeat(prefix.length);
  const wrapped = wrap(value, width, pad);
  return prefix + wrapped.slice(pad.length);
}
