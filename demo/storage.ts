import RedisMock from 'ioredis-mock';
import { createRedis, pingRedis, type Redis } from '../services/platform/store/redis.js';
import type { Logger } from '../src/logger.js';
import { withStreamGroups } from './stream-groups.js';

/**
 * The demo's store: the Redis at REDIS_URL when it is set and answers, otherwise an in-process emulation of Redis
 * (ioredis-mock, Lua included), so the bot runs its real Redis code paths with nothing installed.
 */
export async function openDemoStore(url: string | undefined, logger: Logger) {
  if (url) {
    const redis = createRedis(url, logger);
    if (await pingRedis(redis, 1_000)) {
      return { redis, url, description: `Redis at ${new URL(url).host}`, close: () => redis.disconnect() };
    }
    redis.disconnect();
  }
  const redis = withStreamGroups(new RedisMock() as unknown as Redis);
  return {
    redis,
    // The bot's config wants a Redis URL; the connection itself is the in-process one above.
    url: 'redis://in-process',
    description: `in-process (REDIS_URL ${url ? 'is not reachable' : 'is not set'}; nothing is kept after the demo)`,
    close: () => redis.disconnect(),
  };
}
