import { Redis } from 'ioredis';
import type { Logger } from '../../src/logger.js';

export type { Redis } from 'ioredis';

/**
 * One ioredis connection with fail-fast settings: a Slack user should get "Redis is down" within a second,
 * not a request that hangs in the offline queue until Slack's response_url has expired.
 */
export function createRedis(url: string, logger: Logger, options: { commandTimeoutMs?: number } = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    enableAutoPipelining: true,
    connectionName: 'smbcrm-bot',
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  let lastError = '';
  redis.on('error', (err: Error) => {
    // ioredis emits the same error on every reconnect attempt; log each distinct one once.
    if (err.message !== lastError) logger.warn({ component: 'redis', err }, 'Redis connection error');
    lastError = err.message;
  });
  redis.on('ready', () => {
    if (lastError !== '') logger.info({ component: 'redis' }, 'Redis connection restored');
    lastError = '';
  });
  return redis;
}

/** Is Redis answering right now? Used by /readyz. */
export async function pingRedis(redis: Redis, timeoutMs = 500): Promise<boolean> {
  try {
    const answer = await Promise.race([
      redis.ping(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return answer === 'PONG';
  } catch {
    return false;
  }
}
