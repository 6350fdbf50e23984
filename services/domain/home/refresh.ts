import type { Logger } from 'pino';
import type { Redis } from '../../platform/store/redis.js';

/**
 * When a Home tab is republished: at most once per THROTTLE_MS per person, across instances (a Redis key), but
 * for the answer to the person's own click. A change within that time is published once the key expires, by the
 * instance that saw it; changes meanwhile fold into that one publish, which reads SMBcrm if any of them allowed it
 * (the smallest `maxAgeMs`). A timer lives in its instance: one that stops drops it (the next change or open
 * publishes). A failure is logged: the tab keeps its last view.
 */
export const THROTTLE_MS = 3_000;

export function createHomeRefresh(options: {
  redis: Redis;
  prefix: string;
  logger: Logger;
  /** Resolves false when the build was overtaken by a later one and not published. */
  publish: (user: string, maxAgeMs: number) => Promise<boolean>;
}) {
  const timers = new Map<string, { t?: NodeJS.Timeout; maxAgeMs: number }>();
  const slotKey = (user: string) => `${options.prefix}home:published:${user}`;
  const slot = async (user: string) =>
    (await options.redis.set(slotKey(user), '1', 'PX', THROTTLE_MS, 'NX')) === 'OK';

  async function later(user: string, maxAgeMs: number): Promise<void> {
    const pending = timers.get(user);
    if (pending) {
      pending.maxAgeMs = Math.min(pending.maxAgeMs, maxAgeMs);
      return;
    }
    // Held before the await, so a second change meanwhile folds into this one.
    const entry: { maxAgeMs: number; t?: NodeJS.Timeout } = { maxAgeMs };
    timers.set(user, entry);
    // When the slot frees (its key's own expiry, whichever instance took it), not a fixed delay after this change.
    let left: number;
    try {
      left = await options.redis.pttl(slotKey(user));
    } catch (err) {
      timers.delete(user); // else this person's later refreshes would fold into a timer that never runs
      throw err;
    }
    if (timers.get(user) !== entry) return; // stopped meanwhile
    entry.t = setTimeout(() => {
      timers.delete(user);
      attempt(user, entry.maxAgeMs).catch((err: Error) =>
        options.logger.warn({ err, user }, 'could not refresh a Home tab'),
      );
    }, Math.max(left, 0) + 25);
    entry.t.unref();
  }

  async function attempt(user: string, maxAgeMs: number, force = false): Promise<'published' | 'later'> {
    const free = await slot(user);
    if (!free && !force) {
      await later(user, maxAgeMs);
      return 'later';
    }
    if (await options.publish(user, maxAgeMs)) options.logger.info({ user }, 'Home tab published');
    return 'published';
  }

  return {
    /** Publish now if the throttle allows, else once it does. A failure to publish is thrown to the caller. */
    now: (user: string, maxAgeMs: number) => attempt(user, maxAgeMs),
    /**
     * Publish now whatever the throttle: the answer to the person's own click on the tab (paced by their own
     * clicks); it takes the throttle's slot, so refreshes for others' changes wait after it.
     */
    answer: (user: string, maxAgeMs: number) => attempt(user, maxAgeMs, true),
    /**
     * Publish once the throttle allows, and not before THROTTLE_MS (a change made by someone else, or folded with
     * the clicker's own answer, which is published at once and must find its slot free); never throws.
     */
    soon(user: string, maxAgeMs: number): void {
      (async () => {
        await slot(user); // takes the slot if free, so the publish waits THROTTLE_MS either way
        await later(user, maxAgeMs);
      })().catch((err: Error) => options.logger.warn({ err, user }, 'could not refresh a Home tab'));
    },
    stop() {
      for (const { t } of timers.values()) if (t) clearTimeout(t);
      timers.clear();
    },
  };
}
