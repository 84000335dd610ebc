// A fixed-window counter per key (address hash, client IP). In memory: on Lambda each warm instance
// keeps its own, which bounds a burst per instance; the Function URL's reserved concurrency bounds the rest.
import type { Clock } from '../ports.js';

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly clock: Clock;
  private readonly maxKeys: number;

  constructor(options: { limit: number; windowMs: number; clock: Clock; maxKeys?: number }) {
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.clock = options.clock;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Counts one hit; true when it is within the limit. */
  take(key: string): boolean {
    const now = this.clock.now().getTime();
    const entry = this.windows.get(key);
    if (entry === undefined || now - entry.start >= this.windowMs) {
      if (this.windows.size >= this.maxKeys) this.evict(now);
      this.windows.set(key, { start: now, count: 1 });
      return true;
    }
    entry.count++;
    return entry.count <= this.limit;
  }

  /** Drops expired windows; if every window is still live, drops the oldest so memory stays bounded. */
  private evict(now: number): void {
    for (const [key, entry] of this.windows) {
      if (now - entry.start >= this.windowMs) this.windows.delete(key);
    }
    if (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
  }
}
