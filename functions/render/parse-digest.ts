// Validates a Digest read back from the archive (editions/<digest>/<edition>/digest.json) before rendering it.
import { z } from 'zod';
import { TallyError } from '../core/errors.js';
import type { Digest } from '../core/model.js';

const keyFigure = z.object({
  raw: z.string(),
  start: z.number(),
  end: z.number(),
  value: z.number().optional(),
  low: z.number().optional(),
  high: z.number().optional(),
  kind: z.enum(['count', 'money', 'percent', 'measure', 'rate', 'date', 'duration', 'age', 'ordinal']),
  unit: z.string().optional(),
  counted: z.string().optional(),
  qualifier: z.enum(['exact', 'approx', 'at_least', 'at_most', 'more_than', 'less_than', 'range']),
  change: z.enum(['=', '~', '>', '<', 'up', 'down']),
  concepts: z.array(z.string()),
  source: z.string().optional(),
  sentence: z.string(),
  salience: z.number(),
});

const feedItem = z.object({
  id: z.string(),
  feedId: z.string(),
  guid: z.string().optional(),
  url: z.string(),
  title: z.string(),
  author: z.string().optional(),
  publishedAt: z.string().optional(),
  html: z.string().optional(),
  text: z.string(),
  categories: z.array(z.string()),
});

const story = z.object({
  id: z.string(),
  item: feedItem,
  alsoReportedBy: z.array(
    z.object({ feedId: z.string(), feedName: z.string(), title: z.string(), url: z.string() }),
  ),
  summary: z.string(),
  figures: z.array(keyFigure),
  feedName: z.string(),
  score: z.number(),
});

const side = z.object({
  display: z.string(),
  editionId: z.string(),
  source: z.string().optional(),
  url: z.string(),
  seenAt: z.string(),
});

const digest = z.object({
  digest: z.string().min(1),
  title: z.string(),
  editionId: z.string().min(1),
  window: z.object({ from: z.string(), to: z.string() }),
  generatedAt: z.string(),
  stories: z.array(story),
  board: z.array(
    z.object({
      storyId: z.string(),
      storyTitle: z.string(),
      storyUrl: z.string(),
      figure: keyFigure,
      display: z.string(),
    }),
  ),
  deltas: z.array(
    z.object({
      measure: z.string(),
      label: z.string(),
      kind: z.enum(['change', 'conflict']),
      previous: side,
      current: side,
    }),
  ),
  feedHealth: z.array(
    z.object({
      feedId: z.string(),
      feedName: z.string(),
      status: z.enum(['ok', 'not_modified', 'failed', 'deferred', 'paused']),
      itemsNew: z.number(),
      itemsDuplicate: z.number(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
      lastSuccessAt: z.string().optional(),
      consecutiveFailures: z.number(),
    }),
  ),
  archiveUrl: z.string(),
});

/** A Digest from untrusted JSON; throws INPUT_INVALID naming the first broken field. */
export function parseDigest(json: unknown, where = 'digest.json'): Digest {
  const result = digest.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : '(top level)';
    throw new TallyError('INPUT_INVALID', `render: ${where}: ${path} ${issue?.message ?? 'is invalid'}`);
  }
  return result.data as Digest;
}
