// Subscribers on the BlobStore: subscribers/<hash>.json, keyed by an HMAC of the normalized address so
// keys (and S3 listings, logs, claim markers) never carry an address. Writes use If-Match on the etag.
import { createHmac } from 'node:crypto';
import type { SubscriberConfig } from '../config.js';
import { StoreError } from '../core/errors.js';
import { keys } from '../core/keys.js';
import { type Subscriber, SubscriberSchema } from '../core/model.js';
import { decodeJson } from '../json-store.js';
import type { BlobStore, SubscriberStore } from '../ports.js';

const HASH = /^[a-f0-9]{64}$/;

/**
 * Trimmed and lowercased, local part included: providers treat local parts case-insensitively in practice,
 * and one person must not be two subscribers because of capitals.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function subscriberHash(email: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(`tally-subscriber-v1\n${normalizeEmail(email)}`)
    .digest('hex');
}

export function subscriberKey(hash: string): string {
  if (!HASH.test(hash)) throw new StoreError('STORE_FAILED', 'subscribers: invalid subscriber hash');
  return keys.subscriber(hash);
}

export class BlobSubscriberStore implements SubscriberStore {
  private readonly store: BlobStore;

  constructor(store: BlobStore) {
    this.store = store;
  }

  async get(hash: string): Promise<{ subscriber: Subscriber; etag: string } | undefined> {
    const key = subscriberKey(hash);
    const blob = await this.store.get(key);
    if (blob === undefined) return undefined;
    return { subscriber: decodeJson(key, blob.body, SubscriberSchema), etag: blob.etag };
  }

  /** With ifMatch: replaces only the version that was read (STORE_PRECONDITION otherwise). */
  async put(subscriber: Subscriber, ifMatch?: string): Promise<string> {
    const key = subscriberKey(subscriber.hash);
    const body = `${JSON.stringify(subscriber, null, 2)}\n`;
    const meta = { contentType: 'application/json', cacheControl: 'no-store' };
    return this.store.put(key, body, ifMatch !== undefined ? { ...meta, ifMatch } : meta);
  }

  async *list(): AsyncIterable<Subscriber> {
    for await (const key of this.store.list(keys.subscribers)) {
      const hash = key.slice(keys.subscribers.length, -'.json'.length);
      if (!HASH.test(hash) || key !== keys.subscriber(hash)) continue;
      const blob = await this.store.get(key);
      if (blob !== undefined) yield decodeJson(key, blob.body, SubscriberSchema);
    }
  }
}

/**
 * Reads, changes and writes one subscriber with If-Match, reading again when another writer got there
 * first. `change` returns the new record, or undefined to leave it as it is.
 */
export async function updateSubscriber(
  store: SubscriberStore,
  hash: string,
  change: (current: Subscriber | undefined) => Subscriber | undefined,
  attempts = 5,
): Promise<Subscriber | undefined> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(hash);
    const next = change(current?.subscriber);
    if (next === undefined) return current?.subscriber;
    try {
      await store.put(next, current?.etag);
      return next;
    } catch (error) {
      if (!(error instanceof StoreError && error.code === 'STORE_PRECONDITION') || attempt >= attempts)
        throw error;
    }
  }
}

/**
 * The embedded default's local list (config "subscribers") → active subscribers. Listing an address in the
 * config is the operator's opt-in, so no confirmation mail; but an address that unsubscribed or was
 * suppressed stays so, whatever the config says.
 */
export async function syncConfiguredSubscribers(
  store: SubscriberStore,
  configured: SubscriberConfig[],
  secret: string,
  now: Date,
): Promise<void> {
  const stamp = now.toISOString();
  for (const entry of configured) {
    const hash = subscriberHash(entry.email, secret);
    await updateSubscriber(store, hash, (current) => {
      if (current === undefined) {
        return {
          email: normalizeEmail(entry.email),
          hash,
          status: 'active',
          digests: [...entry.digests],
          timezone: entry.timezone,
          sendHour: entry.sendHour,
          createdAt: stamp,
          updatedAt: stamp,
          confirmedAt: stamp,
        };
      }
      if (current.status === 'unsubscribed' || current.status === 'suppressed') return undefined;
      const same =
        current.status === 'active' &&
        current.timezone === entry.timezone &&
        current.sendHour === entry.sendHour &&
        current.digests.join('\n') === entry.digests.join('\n');
      if (same) return undefined;
      return {
        ...current,
        status: 'active',
        digests: [...entry.digests],
        timezone: entry.timezone,
        sendHour: entry.sendHour,
        updatedAt: stamp,
        confirmedAt: current.confirmedAt ?? stamp,
      };
    });
  }
}
