import type { Logger } from 'pino';
import type { Redis } from '../../platform/store/redis.js';
import type { CheckResult } from './checks.js';

/**
 * How many setup checks fail, for approvers' Home tabs, without making anyone wait for the doctor: it probes
 * SMBcrm and Slack (about ten calls, one of them a write probe to a record that cannot exist), so it runs in the
 * background at most once per `ttlMs` across every instance (a Redis claim), and a tab shows the last known
 * summary (none until the first run is done; the next refresh has it).
 */
export function createSetupSummary(options: {
  doctor: () => Promise<CheckResult[]>;
  redis: Redis;
  prefix: string;
  ttlMs: number;
  logger: Logger;
}) {
  const { redis } = options;
  const key = `${options.prefix}home:setup`;
  const claim = `${options.prefix}home:setup:running`;

  async function run(): Promise<void> {
    try {
      const failing = (await options.doctor()).filter((r) => r.status === 'fail').length;
      // Kept an hour, refreshed after `ttlMs`: the line stays on the tabs while the next run is under way.
      await redis.set(key, JSON.stringify({ failing, at: Date.now() }), 'PX', 3_600_000);
      options.logger.info({ component: 'home', failing }, 'setup checks summarised');
    } catch (err) {
      options.logger.warn({ err }, 'could not run the setup checks for the Home tab');
    }
  }

  return {
    /**
     * The last known number of failing checks (undefined while none is known); `start`: a run may begin when it
     * is stale (a person opened their tab, not a refresh for someone else's change).
     */
    async failing(start = true): Promise<number | undefined> {
      const raw = await redis.get(key);
      const known = raw ? (JSON.parse(raw) as { failing: number; at: number }) : undefined;
      const stale = !known || Date.now() - known.at > options.ttlMs;
      // The claim lasts a minute whether the run succeeds or not: a failing doctor is retried at most that often.
      if (start && stale && (await redis.set(claim, '1', 'PX', 60_000, 'NX')) === 'OK') void run();
      return known?.failing;
    },
  };
}
