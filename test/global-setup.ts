import type { TestProject } from 'vitest/node';
import { startRedisCluster } from './helpers/redis-cluster.js';
import { startRedisServer } from './helpers/redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A single throwaway redis-server (always; some tests need a plain server). */
    redisUrl: string;
    /** The Redis the bot under test uses: the same server, or a throwaway cluster when TEST_REDIS_CLUSTER=1. */
    redisEnv: Record<string, string>;
  }
}

/** One throwaway redis-server (and, if asked, a cluster) for the whole run; tests isolate themselves by key prefix. */
export default async function setup(project: TestProject) {
  const redis = await startRedisServer();
  const cluster = process.env.TEST_REDIS_CLUSTER === '1' ? await startRedisCluster() : undefined;
  project.provide('redisUrl', redis.url);
  project.provide(
    'redisEnv',
    cluster ? { REDIS_CLUSTER_NODES: cluster.nodes.join(',') } : { REDIS_URL: redis.url },
  );
  return async () => {
    await Promise.all([redis.stop(), cluster?.stop()]);
  };
}
