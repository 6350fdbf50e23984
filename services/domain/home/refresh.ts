import type { Logger } from 'pino';
import type { Redis } from '../../platform/store/redis.js';

/**
 * When a Home tab is republished: at most once per THROTTLE_MS per person, across instances (a Redis key), but
 * for the answer to the person's own click. A change within that time is published once it is up, by the instance that saw it (changes meanwhile fold into
 * that one publish). A failure is logged: the tab keeps its last view.
 */
export const THROTTLE_MS = 3_000;

export function createHomeRefresh(options: {
  redis: Redis;
  prefix: string;
  logger: Logger;
  publish: (user: string, maxAgeMs: number) => Promise<void>;
}) {
  const timers = new Map<string, NodeJS.Timeout>();
  const slot = async (user: string) =>
    (await options.redis.set(`${options.prefix}home:published:${user}`, '1', 'PX', THROTTLE_MS, 'NX')) ===
    'OK';

  function later(user: string, maxAgeMs: number): void {
    if (timers.has(user)) return;
    const t = setTimeout(() => {
      timers.delete(user);
      attempt(user, maxAgeMs).catch((err: Error) =>
        options.logger.warn({ err, user }, 'could not refresh a Home tab'),
      );
    }, THROTTLE_MS);
    t.unref();
    timers.set(user, t);
  }

  async function attempt(user: string, maxAgeMs: number, force = false): Promise<'published' | 'later'> {
    const free = await slot(user);
    if (!free && !force) {
      later(user, maxAgeMs);
      return 'later';
    }
    await options.publish(user, maxAgeMs);
    options.logger.info({ user }, 'Home tab published');
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
     * Publish in THROTTLE_MS (a change made by someone else, or folded with the clicker's own answer, which is
     * published at once and must not find its slot taken); never throws.
     */
    soon: later,
    stop() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
