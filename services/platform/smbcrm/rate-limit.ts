import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { defineScript, type Redis } from '../store/redis.js';
import { SmbcrmError } from './errors.js';

/**
 * SMBcrm's burst limit (100 requests per 10 s per sub-account; sandbox tokens 25; reference §3), kept by every
 * instance together: a sliding log of calls in Redis, checked and appended by one Lua script on Redis's own clock.
 * A sliding log never lets more than `max` calls into any window, however SMBcrm aligns its own.
 *
 * A slot counts from when the call's answer arrives, not from when it was taken. SMBcrm counts a call when it
 * reaches it, at some moment between the slot being taken and the answer coming back; an event-loop stall, a GC
 * pause or a slow network can put seconds in between. So a slot is taken "in flight" (scored at the latest moment
 * the call could still be under way: taken + hold), and re-stamped with the time its answer arrived when the call
 * ends. Every call SMBcrm may still count in its window is then in the log, whatever the delay (the test injects
 * delays between slot and call, test/integration/rate-limit.test.ts). The cost is a second script per call.
 *
 * A call that finds the budget spent waits for a slot, up to `maxWaitMs` (the person's patience); past that it
 * fails with "SMBcrm is busy, try again in N s". Live X-RateLimit-* headers tighten the log when another
 * integration spends the same budget.
 */

// KEYS[1] = the log (zset of calls, scored by when they stop counting minus the window). ARGV: windowMs, max,
// member, holdMs, pollMs. Returns {0, calls in the window counting this one} when the call may go now, else
// {ms to wait before trying again, calls in the window}.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[3])
  if redis.call('PTTL', KEYS[1]) < window + tonumber(ARGV[4]) then
    redis.call('PEXPIRE', KEYS[1], window + tonumber(ARGV[4]))
  end
  return {0, count + 1}
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
if oldest > now then return {tonumber(ARGV[5]), count} end
return {math.max(1, oldest + window - now), count}`;

// KEYS[1] = the log. ARGV: member, windowMs. The call's answer has arrived: it counts for one window from now.
const FINISH = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('ZADD', KEYS[1], 'XX', 'CH', now, ARGV[1]) == 1 and redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 1`;

// KEYS[1] = the log. ARGV: windowMs, used (what SMBcrm says is spent in its window), member prefix, SMBcrm's interval.
// Of SMBcrm's count, the calls of this bot that SMBcrm may still count (answered within its interval, or in flight)
// are in the log already, each for a whole window of ours; the rest is another integration's use. That needs
// placeholders (`seen:…`) lasting until SMBcrm's window has surely moved past it (its interval from now, whether
// its window is fixed or sliding); those missing are added. Returns how many were added.
const OBSERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local interval = math.min(window, tonumber(ARGV[4]))
local lasting = now - window + interval
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local ours, covered = 0, 0
local recent = redis.call('ZRANGEBYSCORE', KEYS[1], now - interval, '+inf', 'WITHSCORES')
for i = 1, #recent, 2 do
  if string.sub(recent[i], 1, 5) == 'seen:' then
    if tonumber(recent[i + 1]) >= lasting then covered = covered + 1 end
  else
    ours = ours + 1
  end
end
local missing = tonumber(ARGV[2]) - ours - covered
for i = 1, missing do
  redis.call('ZADD', KEYS[1], lasting, ARGV[3] .. i)
end
if missing > 0 and redis.call('PTTL', KEYS[1]) < window then redis.call('PEXPIRE', KEYS[1], window) end
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

/** A taken slot; `finish()` when the call's answer (or failure) has arrived. Never throws. */
export interface Slot {
  finish(): void;
}

export interface RateLimiter {
  /**
   * Resolves with a slot when a call may be sent; throws SmbcrmError('rate_limited') when the wait would be too
   * long. `holdMs` bounds how long the call can take (its timeout): an unfinished slot counts that long at most.
   */
  acquire(operation: string, holdMs: number): Promise<Slot>;
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
  const finish = defineScript(redis, 'smbcrmBudgetFinish', 1, FINISH);
  const observe = defineScript(redis, 'smbcrmBudgetObserve', 1, OBSERVE);
  const windowMs = options.windowMs;
  /** How often a call re-checks while every slot of the window is still in flight. */
  const pollMs = Math.max(20, Math.min(250, Math.round(windowMs / 20)));
  const noSlot: Slot = { finish() {} };
  // Calls in the shared log at this instance's last slot. While SMBcrm reports no more use than this and no foreign
  // use was seen within its last interval, the log's own entries (each lasting a whole window of ours, at least
  // SMBcrm's) already cover SMBcrm's count, and the OBSERVE round trip is skipped: in a bot that is the only user of
  // its token, every time. Once another integration's use was seen, every answer is checked until it has been quiet
  // for an interval, because the placeholders standing for that use last only an interval.
  let knownCalls = 0;
  let foreignUntil = 0;

  return {
    async acquire(operation: string, holdMs: number): Promise<Slot> {
      const started = Date.now();
      const hold = Math.ceil(holdMs) + windowMs;
      for (;;) {
        const id = member();
        let waitMs: number;
        try {
          const [wait, calls] = (await take(key, windowMs, options.max, id, hold, pollMs)) as [
            number,
            number,
          ];
          waitMs = Number(wait);
          knownCalls = Number(calls);
        } catch (err) {
          // Redis down: go on without the shared budget (429s are still backed off) rather than fail every call.
          log.warn({ err, op: operation }, 'shared SMBcrm budget unavailable; calling without it');
          return noSlot;
        }
        if (waitMs === 0)
          return {
            finish() {
              finish(key, id, windowMs).catch((err: Error) =>
                log.warn({ err, op: operation }, 'could not re-stamp an SMBcrm budget slot; it lapses later'),
              );
            },
          };
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
            Math.max(waitMs, 1_000),
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
      if (used <= knownCalls && Date.now() >= foreignUntil) return;
      const interval = num(headers['x-ratelimit-interval-milliseconds']) ?? options.windowMs;
      observe(key, windowMs, used, `seen:${member()}:`, interval)
        .then((added) => {
          if (Number(added) === 0) return;
          foreignUntil = Date.now() + interval;
          log.info({ added, remaining }, 'SMBcrm reports more use than this bot made; budget tightened');
        })
        .catch((err: Error) => log.warn({ err }, 'could not update the SMBcrm budget'));
    },
  };
}
