import RedisMock from 'ioredis-mock';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createJsonCache } from '../../services/platform/store/cache.js';
import {
  createRedis,
  defineScript,
  keysEverywhere,
  type Redis,
} from '../../services/platform/store/redis.js';
import { createLogger } from '../../src/logger.js';

/**
 * The store contract: what the bot relies on from Redis. It runs against a real redis-server and against the
 * demo's in-process store, so the demo exercises the same code paths as production.
 */
const logger = createLogger({ level: 'silent' });
const stores: [string, () => Redis][] = [
  [
    "the test run's Redis (a server, or a cluster)",
    () =>
      createRedis(
        {
          url: inject('redisEnv').REDIS_URL,
          clusterNodes: inject('redisEnv').REDIS_CLUSTER_NODES?.split(','),
        },
        logger,
      ),
  ],
  ['in-process (ioredis-mock)', () => new RedisMock() as unknown as Redis],
];

describe.each(stores)('store contract: %s', (_name, make) => {
  const redis = make();
  const prefix = `contract${Math.random().toString(36).slice(2, 8)}:`;
  afterAll(async () => {
    const keys = await keysEverywhere(redis, `${prefix}*`);
    await Promise.all(keys.map((k) => redis.del(k)));
    redis.disconnect();
  });

  it('SET with EX gives every key a TTL; GET and DEL behave', async () => {
    await redis.set(`${prefix}a`, 'v', 'EX', 60);
    expect(await redis.get(`${prefix}a`)).toBe('v');
    const ttl = await redis.ttl(`${prefix}a`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
    await redis.del(`${prefix}a`);
    expect(await redis.get(`${prefix}a`)).toBeNull();
  });

  it('SET NX lets exactly one writer win', async () => {
    const results = await Promise.all(
      [1, 2, 3].map((i) => redis.set(`${prefix}nx`, String(i), 'EX', 60, 'NX')),
    );
    expect(results.filter((r) => r === 'OK')).toHaveLength(1);
  });

  it('keys take an expiry', async () => {
    await redis.set(`${prefix}short`, 'v', 'PX', 5_000);
    const ttl = await redis.pttl(`${prefix}short`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5_000);
    await redis.del(`${prefix}short`);
  });

  // Scripts set TTLs explicitly: the in-process emulation ignores SET … KEEPTTL inside Lua (found by this test).
  it('runs Lua scripts atomically over the keys they name', async () => {
    await redis.set(`${prefix}state`, 'pending', 'EX', 60);
    const script =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0";
    const [first, second] = await Promise.all([
      redis.eval(script, 1, `${prefix}state`, 'pending', 'approved', 60_000),
      redis.eval(script, 1, `${prefix}state`, 'pending', 'rejected', 60_000),
    ]);
    expect([first, second].sort()).toEqual([0, 1]);
    expect(['approved', 'rejected']).toContain(await redis.get(`${prefix}state`));
    expect(await redis.ttl(`${prefix}state`)).toBeGreaterThan(0);
  });

  it('the JSON cache loads once, then serves from the store with a TTL', async () => {
    const cache = createJsonCache({ redis, prefix, logger });
    let loads = 0;
    const load = async () => {
      loads += 1;
      return { n: 1 };
    };
    const [a, b] = await Promise.all([cache.getOrLoad('k', 30, load), cache.getOrLoad('k', 30, load)]);
    expect(a).toEqual({ n: 1 });
    expect(b).toEqual({ n: 1 });
    expect(await cache.getOrLoad('k', 30, load)).toEqual({ n: 1 });
    expect(loads).toBe(1);
    expect(await redis.ttl(`${prefix}k`)).toBeGreaterThan(0);
  });

  it('the JSON cache reads what another instance wrote; delete forgets it', async () => {
    const cache = createJsonCache({ redis, prefix, logger });
    const load = async () => ({ stages: [{ id: 's1' }] });
    await cache.getOrLoad('shared', 30, load);
    await redis.set(`${prefix}shared`, JSON.stringify({ stages: [{ id: 'changed elsewhere' }] }), 'EX', 30);
    expect(await cache.getOrLoad('shared', 30, load)).toEqual({ stages: [{ id: 'changed elsewhere' }] });
    await cache.delete('shared');
    expect(await cache.getOrLoad('shared', 30, load)).toEqual({ stages: [{ id: 's1' }] });
  });

  it('defineScript runs a script by its SHA, and again after the script cache is flushed', async () => {
    const incr = defineScript(redis, 'contractIncrBy', 1, "return redis.call('INCRBY', KEYS[1], ARGV[1])");
    expect(await incr(`${prefix}counter`, 2)).toBe(2);
    try {
      await redis.script('FLUSH');
    } catch {
      // the in-process store has no SCRIPT command (nor a script cache to flush)
    }
    expect(await incr(`${prefix}counter`, 3)).toBe(5);
    await redis.del(`${prefix}counter`);
  });
});
