// Bounces and complaints from SES (SNS notifications, either the identity "notificationType" shape or the
// configuration-set "eventType" shape) → addresses to suppress. Permanent bounces and complaints suppress;
// transient bounces (mailbox full, out of office) do not.
import { z } from 'zod';
import { normalizeEmail, subscriberHash, updateSubscriber } from '../adapters/blob-subscriber-store.js';
import type { Subscriber } from '../core/model.js';
import type { SubscriberStore } from '../ports.js';

const recipient = z.object({ emailAddress: z.string().min(3).max(320) });

const notification = z.object({
  notificationType: z.string().optional(),
  eventType: z.string().optional(),
  mail: z.object({ messageId: z.string().optional() }).passthrough().optional(),
  bounce: z
    .object({
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      bouncedRecipients: z.array(recipient),
    })
    .passthrough()
    .optional(),
  complaint: z
    .object({
      complainedRecipients: z.array(recipient),
      complaintFeedbackType: z.string().optional(),
    })
    .passthrough()
    .optional(),
});

export interface Suppression {
  kind: 'bounce' | 'complaint';
  /** Short, address-free: "bounce: Permanent/General", "complaint: abuse". */
  reason: string;
  addresses: string[];
  messageId?: string;
}

export type SesEventResult =
  | { action: 'suppress'; suppression: Suppression }
  | { action: 'ignore'; type: string; reason: string };

/** Reads one SES notification (already JSON-parsed). Throws INPUT_INVALID-free: malformed → ignore. */
export function readSesNotification(message: unknown): SesEventResult {
  const parsed = notification.safeParse(message);
  if (!parsed.success) return { action: 'ignore', type: 'unknown', reason: 'not an SES notification' };
  const data = parsed.data;
  const type = data.notificationType ?? data.eventType ?? 'unknown';
  const messageId = data.mail?.messageId;
  const withId = <T extends object>(value: T) => (messageId !== undefined ? { ...value, messageId } : value);
  if (type === 'Bounce') {
    if (!data.bounce) return { action: 'ignore', type, reason: 'bounce without details' };
    if (data.bounce.bounceType !== 'Permanent') {
      return { action: 'ignore', type, reason: `${data.bounce.bounceType} bounce` };
    }
    return {
      action: 'suppress',
      suppression: withId({
        kind: 'bounce' as const,
        reason: `bounce: Permanent/${data.bounce.bounceSubType ?? 'General'}`.slice(0, 80),
        addresses: data.bounce.bouncedRecipients.map((r) => r.emailAddress),
      }),
    };
  }
  if (type === 'Complaint') {
    if (!data.complaint) return { action: 'ignore', type, reason: 'complaint without details' };
    return {
      action: 'suppress',
      suppression: withId({
        kind: 'complaint' as const,
        reason: `complaint: ${data.complaint.complaintFeedbackType ?? 'unspecified'}`.slice(0, 80),
        addresses: data.complaint.complainedRecipients.map((r) => r.emailAddress),
      }),
    };
  }
  return { action: 'ignore', type, reason: 'not a bounce or complaint' };
}

/** Pulls the bare address out of "Name <a@b>" forms SES sometimes reports. */
function bareAddress(value: string): string {
  const angle = /<([^<>\s]+)>\s*$/.exec(value);
  return normalizeEmail(angle?.[1] ?? value);
}

/**
 * Marks each address suppressed. An address with no record gets a suppressed one, so a later subscribe form
 * sends it nothing. Returns the subscriber hashes touched (for logs; never the addresses).
 */
export async function suppressAddresses(
  store: SubscriberStore,
  suppression: Suppression,
  secret: string,
  now: Date,
): Promise<string[]> {
  const stamp = now.toISOString();
  const hashes: string[] = [];
  for (const raw of suppression.addresses) {
    const email = bareAddress(raw);
    const hash = subscriberHash(email, secret);
    await updateSubscriber(store, hash, (current): Subscriber | undefined => {
      if (current?.status === 'suppressed') return undefined;
      if (current === undefined) {
        return {
          email,
          hash,
          status: 'suppressed',
          digests: [],
          timezone: 'UTC',
          sendHour: 7,
          createdAt: stamp,
          updatedAt: stamp,
          suppressedReason: suppression.reason,
        };
      }
      return { ...current, status: 'suppressed', suppressedReason: suppression.reason, updatedAt: stamp };
    });
    hashes.push(hash);
  }
  return hashes;
}
