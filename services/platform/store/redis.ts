import { Cluster, type RedisOptions, Redis as SingleRedis } from 'ioredis';
import type { Logger } from 'pino';

/** A single Redis (direct or through Sentinel) or a Redis Cluster: the bot uses only commands both offer. */
export type Redis = SingleRedis | Cluster;

/** Where Redis is: one URL, the seed nodes of a cluster, or the sentinels of a monitored master. */
export interface RedisTarget {
  url?: string;
  /** `host:port` seed nodes; the client discovers the rest of the cluster. */
  clusterNodes?: string[];
  /** `host:port` sentinels, and the name of the master they watch. */
  sentinels?: string[];
  sentinelName?: string;
  password?: string;
}

const hostPort = (s: string) => {
  const [host = '127.0.0.1', port = '6379'] = s.replace(/^rediss?:\/\//, '').split(':');
  return { host, port: Number(port) };
};

/**
 * Connects with fail-fast settings: a Slack user should get "Redis is down" within a second, not a request that
 * hangs in the offline queue until Slack's response_url has expired. Every script and MULTI of the bot touches keys
 * of one hash slot (`{…}` tags), so they run on a cluster as on a single server.
 * https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags
 */
export function createRedis(
  target: string | RedisTarget,
  logger: Logger,
  options: { commandTimeoutMs?: number } = {},
): Redis {
  const t: RedisTarget = typeof target === 'string' ? { url: target } : target;
  const common: RedisOptions = {
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    connectionName: 'smbcrm-bot',
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    // No auto-pipelining: the bot's hot paths send one or two commands per step, rarely in the same tick, so the
    // per-tick Pipeline it builds for every command was pure cost (measured with a sampling allocation profile of
    // lookups at 300/s: a tenth of all allocation was ioredis's, and turning it off cut the total by 6%). On a
    // cluster it is unsafe too (below).
    enableAutoPipelining: false,
    ...(t.password ? { password: t.password } : {}),
  };
  let redis: Redis;
  if (t.clusterNodes?.length) {
    // `rediss://` seeds mean TLS to every node (with the hosts' names checked, as for a `rediss://` REDIS_URL).
    const tls = t.clusterNodes.some((n) => n.startsWith('rediss://'));
    redis = new Cluster(t.clusterNodes.map(hostPort), {
      redisOptions: { ...common, ...(tls ? { tls: {} } : {}) },
      // No auto-pipelining on a cluster: a pipelined batch answered with MOVED is not redirected command by
      // command, and the MOVED reaches the caller (seen in the 500-event burst test on a three-master cluster).
      enableAutoPipelining: false,
      scaleReads: 'master',
    });
  } else if (t.sentinels?.length) {
    redis = new SingleRedis({
      ...common,
      sentinels: t.sentinels.map(hostPort),
      name: t.sentinelName ?? 'mymaster',
    });
  } else {
    redis = new SingleRedis(t.url ?? 'redis://127.0.0.1:6379', common);
  }
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

/** Every key matching a pattern, on every master of a cluster (KEYS asks one node only). For tools and tests. */
export async function keysEverywhere(redis: Redis, pattern: string): Promise<string[]> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  return (await Promise.all(nodes.map((n) => n.keys(pattern)))).flat();
}

type ScriptArg = string | number;

/**
 * A Lua script sent by its SHA (ioredis's defineCommand: EVALSHA, falling back to EVAL once per node), so hot
 * paths do not send and hash the whole script on every call. Scripts are named per client; the first definition
 * of a name wins, so every instance sharing a client must define a name with the same script.
 * https://redis.io/docs/latest/develop/programmability/eval-intro/#script-cache
 */
export function defineScript(
  redis: Redis,
  name: string,
  numberOfKeys: number,
  lua: string,
): (...args: ScriptArg[]) => Promise<unknown> {
  const commands = redis as unknown as Record<string, (...args: ScriptArg[]) => Promise<unknown>>;
  if (typeof commands[name] !== 'function') redis.defineCommand(name, { numberOfKeys, lua });
  return (...args) => (commands[name] as (...a: ScriptArg[]) => Promise<unknown>).call(redis, ...args);
}
