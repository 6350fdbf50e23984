import type { Logger } from 'pino';
import type { Redis } from './redis.js';

export interface JsonCache {
  /** The cached value, or the loader's result stored for `ttlSeconds`. Redis failures fall back to the loader. */
  getOrLoad<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T>;
  delete(key: string): Promise<void>;
}

/**
 * Read-through JSON cache in Redis, shared by every instance. Every key has a TTL. Concurrent misses for one key in
 * this process share a single load, so a burst of lookups after expiry costs SMBcrm one call, not one per lookup.
 */
export function createJsonCache(options: { redis: Redis; prefix: string; logger: Logger }): JsonCache {
  const { redis, prefix } = options;
  const log = options.logger.child({ component: 'cache' });
  const inflight = new Map<string, Promise<unknown>>();

  async function read(key: string): Promise<unknown> {
    try {
      const raw = await redis.get(prefix + key);
      return raw === null ? undefined : JSON.parse(raw);
    } catch (err) {
      log.warn({ key, err }, 'cache read failed; loading from source');
      return undefined;
    }
  }

  return {
    async getOrLoad<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
      const hit = await read(key);
      if (hit !== undefined) return hit as T;
      const pending = inflight.get(key);
      if (pending) return pending as Promise<T>;
      const p = (async () => {
        const value = await load();
        try {
          await redis.set(prefix + key, JSON.stringify(value), 'EX', ttlSeconds);
        } catch (err) {
          log.warn({ key, err }, 'cache write failed');
        }
        return value;
      })().finally(() => inflight.delete(key));
      inflight.set(key, p);
      return p;
    },
    async delete(key: string) {
      await redis.del(prefix + key);
    },
  };
}
