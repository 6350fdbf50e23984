import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Redis } from '../../platform/store/redis.js';

/**
 * Conversation state in Redis, shared by every instance: the thread → Agent Studio execution map, exactly-once
 * claims on Slack events, saved turns for "Try again", and a per-thread turn lock. A thread's keys share one hash
 * tag (`{team:channel:thread}`) so its Lua scripts also run on Redis Cluster. Every key has a TTL.
 */
export interface ThreadRef {
  teamId: string;
  channel: string;
  threadTs: string;
}

const threadState = z.object({
  executionId: z.string(),
  agentId: z.string(),
  locationId: z.string(),
  lastTurnAt: z.string(),
});
export type ThreadState = z.infer<typeof threadState>;

const savedTurn = z.object({
  teamId: z.string(),
  channel: z.string(),
  threadTs: z.string(),
  userId: z.string(),
  text: z.string(),
  contactId: z.string().optional(),
});
export type SavedTurn = z.infer<typeof savedTurn>;

// Takes the turn lock when this message is the oldest live one waiting in the thread. Waiters whose heartbeat has
// lapsed (their instance died) are dropped from the head of the queue so they cannot block the thread.
// KEYS: lock, queue (zset: member → message ts), heartbeats (hash: member → expiry ms)
// ARGV: member, token, leaseMs, nowMs, heartbeatMs, score, keyTtlMs
const ACQUIRE = `
redis.call('HSET', KEYS[3], ARGV[1], tonumber(ARGV[4]) + tonumber(ARGV[5]))
redis.call('ZADD', KEYS[2], 'NX', ARGV[6], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[7])
redis.call('PEXPIRE', KEYS[3], ARGV[7])
while true do
  local head = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
  if (not head) or head == ARGV[1] then break end
  local expires = tonumber(redis.call('HGET', KEYS[3], head) or '0')
  if expires > tonumber(ARGV[4]) then break end
  redis.call('ZREM', KEYS[2], head)
  redis.call('HDEL', KEYS[3], head)
end
if redis.call('ZRANGE', KEYS[2], 0, 0)[1] ~= ARGV[1] then return 0 end
if redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3], 'NX') then return 1 end
return 0`;

// KEYS: lock, queue, heartbeats. ARGV: member, token
const RELEASE = `
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if redis.call('GET', KEYS[1]) == ARGV[2] then return redis.call('DEL', KEYS[1]) end
return 0`;

// KEYS: lock, heartbeats. ARGV: member, token, leaseMs, nowMs, heartbeatMs, keyTtlMs
// The heartbeats hash is re-expired with every beat: a turn longer than its TTL would otherwise recreate it
// without one, and a crash then would leave it forever.
const KEEP_ALIVE = `
redis.call('HSET', KEYS[2], ARGV[1], tonumber(ARGV[4]) + tonumber(ARGV[5]))
redis.call('PEXPIRE', KEYS[2], ARGV[6])
if redis.call('GET', KEYS[1]) == ARGV[2] then return redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 0`;

export interface TurnLock {
  release(): Promise<void>;
}

export interface ConversationStoreOptions {
  redis: Redis;
  prefix: string;
  /** Idle time after which a thread's conversation is forgotten. */
  idleTtlSeconds: number;
  logger: Logger;
  /** How long the lock may be held without a keep-alive (a crashed holder frees the thread after this). */
  leaseMs?: number;
}

export type ConversationStore = ReturnType<typeof createConversationStore>;

export function createConversationStore(options: ConversationStoreOptions) {
  const { redis, prefix } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const heartbeatMs = Math.min(10_000, leaseMs);
  const tag = (r: ThreadRef) => `{${r.teamId}:${r.channel}:${r.threadTs}}`;
  const threadKey = (r: ThreadRef) => `${prefix}conv:${tag(r)}`;
  const joinedKey = (r: ThreadRef) => `${prefix}joined:${tag(r)}`;
  const lockKeys = (r: ThreadRef) => [
    `${prefix}turn:${tag(r)}:lock`,
    `${prefix}turn:${tag(r)}:queue`,
    `${prefix}turn:${tag(r)}:hb`,
  ];

  return {
    async get(ref: ThreadRef): Promise<ThreadState | undefined> {
      const raw = await redis.get(threadKey(ref));
      if (raw === null) return undefined;
      const parsed = threadState.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    },

    async save(ref: ThreadRef, state: ThreadState): Promise<void> {
      await redis.set(threadKey(ref), JSON.stringify(state), 'EX', options.idleTtlSeconds);
    },

    /**
     * Marks the thread as one the bot takes part in, before it posts there: a reply in it is a turn even when no
     * execution was ever stored (the first turn failed).
     */
    async markThread(ref: ThreadRef): Promise<void> {
      await redis.set(joinedKey(ref), '1', 'EX', options.idleTtlSeconds);
    },

    /** Has the bot taken part in this thread (an execution, or a post of a turn that failed)? */
    async knows(ref: ThreadRef): Promise<boolean> {
      // One round trip; both keys share the thread's hash tag, so this runs on a cluster too.
      return (await redis.exists(threadKey(ref), joinedKey(ref))) > 0;
    },

    /** True for the first instance to claim `id`; every later claim (retries, duplicates, other instances) is false. */
    async claim(id: string, ttlSeconds = 86_400): Promise<boolean> {
      return (await redis.set(`${prefix}seen:${id}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },

    async saveTurn(turn: SavedTurn, ttlSeconds = 86_400): Promise<string> {
      const id = randomBytes(12).toString('base64url');
      await redis.set(`${prefix}retry:${id}`, JSON.stringify(turn), 'EX', ttlSeconds);
      return id;
    },

    async loadTurn(id: string): Promise<SavedTurn | undefined> {
      if (!/^[A-Za-z0-9_-]{16}$/.test(id)) return undefined;
      const raw = await redis.get(`${prefix}retry:${id}`);
      const parsed = raw === null ? undefined : savedTurn.safeParse(JSON.parse(raw));
      return parsed?.success ? parsed.data : undefined;
    },

    /**
     * Waits for this message's turn in the thread: turns run one at a time, oldest message first. Resolves
     * undefined after `maxWaitMs`. The holder keeps its lease alive until it releases.
     */
    async acquireTurn(ref: ThreadRef, messageTs: string, maxWaitMs: number): Promise<TurnLock | undefined> {
      const keys = lockKeys(ref);
      const member = `${messageTs}:${randomBytes(4).toString('hex')}`;
      const token = randomBytes(8).toString('hex');
      const keyTtl = Math.max(maxWaitMs, leaseMs) * 4;
      const until = Date.now() + maxWaitMs;
      let delay = 50;
      for (;;) {
        const got = await redis.eval(
          ACQUIRE,
          3,
          ...keys,
          member,
          token,
          leaseMs,
          Date.now(),
          heartbeatMs,
          Number(messageTs),
          keyTtl,
        );
        if (got === 1) break;
        if (Date.now() + delay > until) {
          await redis
            .eval(RELEASE, 3, ...keys, member, token)
            .catch((err: Error) =>
              options.logger.warn({ err }, 'could not leave a turn queue (its keys expire)'),
            );
          return undefined;
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(400, delay * 2);
      }
      const timer = setInterval(() => {
        redis
          .eval(
            KEEP_ALIVE,
            2,
            keys[0] as string,
            keys[2] as string,
            member,
            token,
            leaseMs,
            Date.now(),
            heartbeatMs,
            keyTtl,
          )
          .catch((err: Error) => options.logger.warn({ err }, 'could not extend a turn lock'));
      }, heartbeatMs / 3);
      timer.unref();
      return {
        async release() {
          clearInterval(timer);
          await redis.eval(RELEASE, 3, ...keys, member, token);
        },
      };
    },
  };
}
