// The one log format of every handler, the pipeline and the CLI: one JSON object per line, the event name first,
// then ids, counts and codes. Never subscriber addresses, message bodies or whole events: callers pass hashes
// (or their prefixes) and error codes, and the line writer blanks anything that still looks like an address.
import { describeError } from './errors.js';

export type LogValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** `event` names what happened ("send.batch", "ingest.feed"); the other fields are ids, counts and codes. */
export interface LogEntry {
  event: string;
  [field: string]: LogValue;
}

export type Logger = (entry: LogEntry) => void;

/** Drops every entry: the default where a caller passes no logger. */
export const silentLogger: Logger = () => {};

/** Error replies often quote an address ("550 <a@b> unknown"); logs and delivery reports keep the rest. */
export function redactAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<address>');
}

/** The entry as one JSON line: event first, string values with addresses blanked. */
export function logLine(entry: LogEntry, context: Readonly<Record<string, LogValue>> = {}): string {
  const out: Record<string, LogValue> = { event: entry.event };
  for (const [name, value] of Object.entries({ ...context, ...entry })) {
    out[name] =
      typeof value === 'string'
        ? redactAddresses(value)
        : Array.isArray(value)
          ? value.map((v: string | number) => (typeof v === 'string' ? redactAddresses(v) : v))
          : value;
  }
  return JSON.stringify(out);
}

/**
 * A logger writing each entry as one line to `write` (console.log on Lambda, whose JSON log format keeps it
 * structured; stderr for the CLI). `context` is added to every line, e.g. { handler: 'ses-events' }.
 */
export function lineLogger(
  write: (line: string) => void,
  context: Readonly<Record<string, LogValue>> = {},
): Logger {
  return (entry) => write(logLine(entry, context));
}

/**
 * The fields of a failure: its stable code and the start of its message. `stack` is for unexpected errors
 * only, where the code says nothing and the frames are the one clue.
 */
export function errorFields(error: unknown, options: { stack?: boolean } = {}): Record<string, string> {
  const { code, message } = describeError(error);
  const fields: Record<string, string> = { code, message: message.slice(0, 300) };
  if (options.stack && error instanceof Error && error.stack !== undefined) fields.stack = error.stack;
  return fields;
}
