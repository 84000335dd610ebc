// Subscriber records and an in-memory subscriber store for tests: one place that spells out what an ordinary
// reader looks like, so each test names only what it changes.
import { subscriberHash } from '../../functions/adapters/blob-subscriber-store.js';
import type { Subscriber } from '../../functions/core/model.js';
import type { SubscriberStore } from '../../functions/ports.js';

/** An active reader of the daily digest at 07:00 UTC, created and last updated at `at`; `patch` overrides. */
export function activeReader(
  email: string,
  hash: string,
  at: Date | string,
  patch: Partial<Subscriber> = {},
): Subscriber {
  const stamp = typeof at === 'string' ? at : at.toISOString();
  return {
    email,
    hash,
    status: 'active',
    digests: ['daily'],
    timezone: 'UTC',
    sendHour: 7,
    createdAt: stamp,
    updatedAt: stamp,
    ...patch,
  };
}

/** `count` active readers keyed as the store keys them (the address hashed with `secret`). */
export function hashedReaders(
  count: number,
  secret: string,
  at: Date,
  email: (i: number) => string = (i) => `reader${i}@example.org`,
): Subscriber[] {
  return Array.from({ length: count }, (_, i) => {
    const address = email(i);
    return activeReader(address, subscriberHash(address, secret), at);
  });
}

/** A SubscriberStore over an array, for handlers whose tests need no blob store behind it. */
export class MemorySubscribers implements SubscriberStore {
  constructor(readonly all: Subscriber[]) {}
  async get(hash: string) {
    const subscriber = this.all.find((s) => s.hash === hash);
    return subscriber ? { subscriber, etag: '"1"' } : undefined;
  }
  async put(subscriber: Subscriber) {
    this.all.push(subscriber);
    return '"2"';
  }
  async *list() {
    yield* this.all;
  }
}
