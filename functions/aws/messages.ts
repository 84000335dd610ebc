// The messages between the functions (scheduler → plan-edition → SQS → ingest-feed/build-edition/send-batch).
// Every body arrives as unknown JSON and is validated here before a handler acts on it.
import { z } from 'zod';
import { TallyError } from '../core/errors.js';

const digestName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a digest name');
const feedId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a feed id');
/** A run of one digest: the UTC minute it was scheduled for, "20261129T0700Z". */
const runId = z.string().regex(/^\d{8}T\d{4}Z$/, 'must be a run id such as 20261129T0700Z');
const editionId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be an edition id');
const subscriberHash = z.string().regex(/^[a-f0-9]{16,128}$/, 'must be a subscriber hash');
const isoTime = z.iso.datetime({ offset: true });

/** Subscribers per send message: small enough that one batch finishes well within the function timeout. */
export const SEND_BATCH_SIZE = 50;

export const planEventSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('edition'), digest: digestName, scheduledTime: isoTime.optional() }).strict(),
  z.object({ action: z.literal('deliver'), scheduledTime: isoTime.optional() }).strict(),
]);

export const ingestMessageSchema = z
  .object({ kind: z.literal('ingest'), digest: digestName, runId, feedId })
  .strict();

export const buildMessageSchema = z
  .object({ kind: z.literal('build'), digest: digestName, runId, trigger: z.enum(['complete', 'deadline']) })
  .strict();

export const sendMessageSchema = z
  .object({
    kind: z.literal('send'),
    digest: digestName,
    editionId,
    subscribers: z.array(subscriberHash).min(1).max(SEND_BATCH_SIZE),
  })
  .strict();

export type PlanEvent = z.infer<typeof planEventSchema>;
export type IngestMessage = z.infer<typeof ingestMessageSchema>;
export type BuildMessage = z.infer<typeof buildMessageSchema>;
export type SendMessage = z.infer<typeof sendMessageSchema>;

/** Validates an already-parsed value; throws INPUT_INVALID naming the field. */
export function parseMessage<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(message)';
  throw new TallyError('INPUT_INVALID', `${what}: ${where} ${issue?.message ?? 'is invalid'}`);
}

/** Parses an SQS body (JSON text) and validates it. */
export function parseBody<T>(schema: z.ZodType<T>, body: string, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new TallyError('INPUT_INVALID', `${what}: body is not JSON`, { cause: error });
  }
  return parseMessage(schema, json, what);
}

/** The run id of a scheduled time: its UTC minute. */
export function runIdFor(time: Date): string {
  const iso = time.toISOString(); // 2026-11-29T07:00:12.345Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
}
