import type { Logger } from 'pino';
import type { CheckResult } from './checks.js';

/**
 * How many setup checks fail, for approvers' Home tabs, without making anyone wait for the doctor: it probes
 * SMBcrm and Slack (about ten calls), so it runs in the background at most once per `ttlMs` per instance and a tab
 * shows the last known summary (none until the first run is done; the next refresh has it).
 */
export function createSetupSummary(options: {
  doctor: () => Promise<CheckResult[]>;
  ttlMs: number;
  logger: Logger;
  now?: () => number;
}) {
  const now = options.now ?? Date.now;
  let last: { failing: number; at: number } | undefined;
  let running: Promise<void> | undefined;
  return {
    /** The last known number of failing checks (undefined before the first run); starts a run when stale. */
    failing(): number | undefined {
      if ((!last || now() - last.at > options.ttlMs) && !running) {
        running = options
          .doctor()
          .then((results) => {
            last = { failing: results.filter((r) => r.status === 'fail').length, at: now() };
            options.logger.info({ component: 'home', failing: last.failing }, 'setup checks summarised');
          })
          .catch((err: Error) =>
            options.logger.warn({ err }, 'could not run the setup checks for the Home tab'),
          )
          .finally(() => {
            running = undefined;
          });
      }
      return last?.failing;
    },
  };
}
