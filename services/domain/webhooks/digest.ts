import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Redis } from '../../platform/store/redis.js';
import { digestMessage } from '../../presentation/views/webhook-card.js';

/**
 * Quiet digests for noisy events (a route's `digest: 15m`): instead of a DM per event, the owner gets one DM per
 * period listing them. Entries wait in Redis (a list per person, and one sorted set of when each is due), so any
 * instance may post a digest and a restart loses none; ZREM decides which instance posts each one.
 */
export interface DigestEntry {
  title: string;
  /** One line of mrkdwn, escaped by the view that made it. */
  line: string;
}

const MAX_ENTRIES = 200;

export function createDigests(options: { redis: Redis; prefix: string; client: WebClient; logger: Logger }) {
  const { redis } = options;
  const list = (user: string) => `${options.prefix}wh:digest:{${user}}`;
  const dueKey = `${options.prefix}wh:digest-due`;
  const log = options.logger.child({ component: 'digests' });
  const keepMs = 2 * 86_400_000;

  return {
    async add(user: string, periodMs: number, entry: DigestEntry): Promise<void> {
      await redis
        .multi()
        .rpush(list(user), JSON.stringify(entry))
        .ltrim(list(user), -MAX_ENTRIES, -1)
        .pexpire(list(user), keepMs)
        .exec();
      // NX: the period runs from the first event of a digest, not the latest.
      await redis.zadd(dueKey, 'NX', Date.now() + periodMs, user);
      await redis.pexpire(dueKey, keepMs);
    },

    /** Posts every digest that is due; resolves with how many this instance posted. */
    async flushDue(now = Date.now()): Promise<number> {
      let posted = 0;
      for (const user of await redis.zrangebyscore(dueKey, '-inf', now)) {
        if ((await redis.zrem(dueKey, user)) !== 1) continue; // another instance took it
        const [[, raw] = [], [, _del] = []] = ((await redis
          .multi()
          .lrange(list(user), 0, -1)
          .del(list(user))
          .exec()) ?? []) as [unknown, unknown][];
        const entries = ((raw as string[] | undefined) ?? []).map((e) => JSON.parse(e) as DigestEntry);
        if (entries.length === 0) continue;
        try {
          await options.client.chat.postMessage({ channel: user, ...digestMessage(entries) });
          posted += 1;
        } catch (err) {
          log.error({ err, user }, 'could not post a digest; it is kept for the next try');
          for (const e of entries) await redis.rpush(list(user), JSON.stringify(e));
          await redis.pexpire(list(user), keepMs);
          await redis.zadd(dueKey, 'NX', now + 60_000, user);
        }
      }
      return posted;
    },
  };
}

export type Digests = ReturnType<typeof createDigests>;
