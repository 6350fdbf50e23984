import { randomBytes } from 'node:crypto';
import type { Logger } from '../../src/logger.js';
import { defineScript, type Redis } from '../store/redis.js';
import { SmbcrmError } from './errors.js';

/**
 * SMBcrm's burst limit (100 requests per 10 s per sub-account; sandbox tokens 25; reference §3), kept by every
 * instance together: a sliding log of recent calls in Redis, checked and appended by one Lua script on Redis's own
 * clock. A sliding log never lets more than `max` calls into any window, however SMBcrm aligns its own (fixed windows
 * out of phase with SMBcrm's could let twice the burst through at a boundary). A call that finds the budget spent
 * waits for a slot, up to `maxWaitMs` (the person's patience); past that it fails with "SMBcrm is busy, try again
 * in N s". Live X-RateLimit-* headers tighten the log when another integration spends the same budget.
 */

// KEYS[1] = the log (zset of calls, scored by time). ARGV: windowMs, max, member.
// Returns {0, calls in the window counting this one} when the call may go now, else {ms until the oldest call
// leaves the window, calls in the window}.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {0, count + 1}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {math.max(1, tonumber(oldest[2]) + window - now), count}`;

// KEYS[1] = the log. ARGV: windowMs, used (what SMBcrm says is spent in its window), member prefix, SMBcrm's interval.
// Adds placeholder calls so the log counts at least what SMBcrm has seen; they leave the log when SMBcrm's own
// window has surely reset (after its interval). Returns how many were added.
const OBSERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local score = now - window + math.min(window, tonumber(ARGV[4]))
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local missing = tonumber(ARGV[2]) - redis.call('ZCARD', KEYS[1])
for i = 1, missing do
  redis.call('ZADD', KEYS[1], score, ARGV[3] .. i)
end
if missing > 0 then redis.call('PEXPIRE', KEYS[1], window) end
return math.max(0, missing)`;

export interface RateLimiterOptions {
  redis: Redis;
  /** The Redis key of this budget (one per token + sub-account). */
  key: string;
  max: number;
  windowMs: number;
  /** Longest a call may wait for a slot before the person is told to try again. */
  maxWaitMs: number;
  logger: Logger;
}

export interface RateLimiter {
  /** Resolves when a call may be sent; throws SmbcrmError('rate_limited') when the wait would be too long. */
  acquire(operation: string): Promise<void>;
  /** Tightens the budget from a response's X-RateLimit-* headers. */
  observe(headers: Record<string, string | string[] | undefined>): void;
}

const num = (v: string | string[] | undefined) => {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isFinite(n) ? n : undefined;
};

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { redis, key } = options;
  const log = options.logger.child({ component: 'smbcrm-rate-limit' });
  // Unique members without drawing random bytes per call: this instance's random prefix and a counter.
  const instance = randomBytes(6).toString('hex');
  let counter = 0;
  const member = () => `${instance}:${(counter++).toString(36)}`;
  const take = defineScript(redis, 'smbcrmBudgetTake', 1, TAKE);
  const observe = defineScript(redis, 'smbcrmBudgetObserve', 1, OBSERVE);
  // Calls reach SMBcrm a little after they take their slot, and not all equally late; a slot is freed only after
  // the window plus a margin, so SMBcrm never counts one call too many at a window's edge (measured: without it,
  // two instances at the limit drew an occasional 429).
  const windowMs = options.windowMs + Math.max(50, Math.round(options.windowMs * 0.05));
  // Calls in the shared log at this instance's last slot. The log's window is at least SMBcrm's, so while SMBcrm
  // reports no more use than this, no other integration is spending the budget and there is nothing to tighten:
  // the OBSERVE round trip is skipped (in a bot that is the only user of its token, every time).
  let knownCalls = 0;

  return {
    async acquire(operation: string): Promise<void> {
      const started = Date.now();
      for (;;) {
        let waitMs: number;
        try {
          const [wait, calls] = (await take(key, windowMs, options.max, member())) as [number, number];
          waitMs = Number(wait);
          knownCalls = Number(calls);
        } catch (err) {
          // Redis down: go on without the shared budget (429s are still backed off) rather than fail every call.
          log.warn({ err, op: operation }, 'shared SMBcrm budget unavailable; calling without it');
          return;
        }
        if (waitMs === 0) return;
        const waited = Date.now() - started;
        if (waited + waitMs > options.maxWaitMs) {
          log.warn(
            { op: operation, waitedMs: waited, nextSlotMs: waitMs },
            'SMBcrm budget spent; not waiting longer',
          );
          throw new SmbcrmError(
            'rate_limited',
            ['the shared SMBcrm request budget is spent'],
            undefined,
            operation,
            waitMs,
          );
        }
        // A little jitter so instances waiting for the same slot do not all try at the same instant.
        await new Promise((r) => setTimeout(r, waitMs + Math.floor(Math.random() * 25)));
      }
    },

    observe(headers) {
      const max = num(headers['x-ratelimit-max']);
      const remaining = num(headers['x-ratelimit-remaining']);
      if (max === undefined || remaining === undefined) return;
      // Spent as far as this bot may go: SMBcrm's remaining is all that is left, whichever limit is lower.
      const used = Math.min(options.max, Math.max(0, Math.max(max, options.max) - remaining));
      if (used <= knownCalls) return;
      observe(
        key,
        windowMs,
        used,
        `seen:${member()}:`,
        num(headers['x-ratelimit-interval-milliseconds']) ?? options.windowMs,
      )
        .then((added) => {
          if (Number(added) > 0)
            log.info({ added, remaining }, 'SMBcrm reports more use than this bot made; budget tightened');
        })
        .catch((err: Error) => log.warn({ err }, 'could not update the SMBcrm budget'));
    },
  };
}
