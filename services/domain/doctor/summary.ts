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
      await redis.set(key, String(failing), 'PX', options.ttlMs);
      options.logger.info({ component: 'home', failing }, 'setup checks summarised');
    } catch (err) {
      options.logger.warn({ err }, 'could not run the setup checks for the Home tab');
    } finally {
      await redis.del(claim).catch(() => {});
    }
  }

  return {
    /**
     * The last known number of failing checks (undefined while none is known); `start`: a run may begin when it
     * is stale (a person opened their tab, not a refresh for someone else's change).
     */
    async failing(start = true): Promise<number | undefined> {
      const known = await redis.get(key);
      if (known !== null) return Number(known);
      if (start && (await redis.set(claim, '1', 'PX', 60_000, 'NX')) === 'OK') void run();
      return undefined;
    },
  };
}
