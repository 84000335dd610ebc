// Per-subscriber schedule: each subscriber gets a digest in their own send hour, in their own time zone.
import type { Subscriber } from '../core/model.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock hour (0–23) at `at` in an IANA zone; undefined for an unknown zone. */
export function localHour(at: Date, timezone: string): number | undefined {
  let format = formatters.get(timezone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', hourCycle: 'h23' });
    } catch {
      return undefined;
    }
    formatters.set(timezone, format);
  }
  const hour = format.formatToParts(at).find((part) => part.type === 'hour')?.value;
  return hour === undefined ? undefined : Number(hour) % 24;
}

/**
 * True when `now` falls in the subscriber's send hour for this digest. On the day a DST change skips
 * their hour (02:00 in spring in many zones), the first hour after the gap counts instead, so nobody
 * misses an edition. A repeated hour in autumn is harmless: the edition's claim markers send once.
 */
export function isDue(subscriber: Subscriber, digest: string, now: Date): boolean {
  if (subscriber.status !== 'active' || !subscriber.digests.includes(digest)) return false;
  const hour = localHour(now, subscriber.timezone);
  if (hour === undefined) return false;
  if (hour === subscriber.sendHour) return true;
  const hourBefore = localHour(new Date(now.getTime() - 3_600_000), subscriber.timezone);
  if (hourBefore === undefined) return false;
  // Did the clock jump over the send hour between the previous hour and this one?
  const gap = (hour - hourBefore + 24) % 24;
  if (gap <= 1) return false;
  const skipped = (subscriber.sendHour - hourBefore + 24) % 24;
  return skipped > 0 && skipped < gap;
}

/** The subscribers due for one digest this hour. */
export async function dueRecipients(
  subscribers: AsyncIterable<Subscriber> | Iterable<Subscriber>,
  digest: string,
  now: Date,
): Promise<Subscriber[]> {
  const due: Subscriber[] = [];
  for await (const subscriber of subscribers) if (isDue(subscriber, digest, now)) due.push(subscriber);
  return due;
}
