import type { Logger } from '../../src/logger.js';
import type { Redis } from './redis.js';

export interface JsonCache {
  /** The cached value, or the loader's result stored for `ttlSeconds`. Redis failures fall back to the loader. */
  getOrLoad<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T>;
  delete(key: string): Promise<void>;
}

/** Values are shared by every caller that reads them from this process, so none may change one. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Read-through JSON cache in Redis. Every key has a TTL. Concurrent misses for one key in this process share a
 * single load, so a burst of lookups after expiry costs SMBcrm one call, not one per lookup.
 *
 * In front of Redis, each process keeps what it read for a few seconds (`localTtlMs`, at most `localMax` keys):
 * under load, most lookups then skip a Redis round trip and a JSON parse. Another instance's refresh reaches this
 * one within those seconds.
 */
export function createJsonCache(options: {
  redis: Redis;
  prefix: string;
  logger: Logger;
  localTtlMs?: number;
  localMax?: number;
}): JsonCache {
  const { redis, prefix } = options;
  const log = options.logger.child({ component: 'cache' });
  const inflight = new Map<string, Promise<unknown>>();
  const localTtlMs = options.localTtlMs ?? 5_000;
  const localMax = options.localMax ?? 100;
  const local = new Map<string, { value: unknown; until: number }>();

  function remember<T>(key: string, value: T, ttlSeconds: number): T {
    if (localTtlMs <= 0) return value;
    local.delete(key);
    if (local.size >= localMax) local.delete(local.keys().next().value as string); // the oldest entry
    local.set(key, { value: deepFreeze(value), until: Date.now() + Math.min(localTtlMs, ttlSeconds * 1000) });
    return value;
  }

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
      const near = local.get(key);
      if (near && near.until > Date.now()) return near.value as T;
      const hit = await read(key);
      if (hit !== undefined) return remember(key, hit as T, ttlSeconds);
      const pending = inflight.get(key);
      if (pending) return pending as Promise<T>;
      const p = (async () => {
        const value = await load();
        try {
          await redis.set(prefix + key, JSON.stringify(value), 'EX', ttlSeconds);
        } catch (err) {
          log.warn({ key, err }, 'cache write failed');
        }
        return remember(key, value, ttlSeconds);
      })().finally(() => inflight.delete(key));
      inflight.set(key, p);
      return p;
    },
    async delete(key: string) {
      local.delete(key);
      await redis.del(prefix + key);
    },
  };
}
