// Case tables kept as JSON beside their test (test/<area>/cases/*.json), as feed-parser keeps its cases in data
// files: read once and checked against a zod schema, so a malformed or empty file fails instead of testing nothing.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The rows of `file` (resolved against the test's import.meta.url), each checked against `row`. */
export function loadCases<Row extends z.ZodType>(
  testUrl: string,
  file: string,
  row: Row,
): Array<z.infer<Row>> {
  const parsed: unknown = JSON.parse(readFileSync(new URL(file, testUrl), 'utf8'));
  return z.array(row).min(1).parse(parsed);
}
