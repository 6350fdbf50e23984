import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createRedis } from '../../services/platform/store/redis.js';

/** `rediss://` seeds of a cluster mean TLS to every node, as a `rediss://` REDIS_URL does; never plaintext. */
describe('Redis Cluster seeds', () => {
  const logger = pino({ level: 'silent' });
  const optionsOf = (nodes: string[]) => {
    const r = createRedis({ clusterNodes: nodes }, logger);
    r.disconnect();
    return (r as unknown as { options: { redisOptions: { tls?: unknown } } }).options.redisOptions;
  };
  it('rediss:// turns TLS on', () => {
    expect(optionsOf(['rediss://127.0.0.1:1', 'rediss://127.0.0.1:2']).tls).toEqual({});
  });
  it('host:port stays plaintext, as configured', () => {
    expect(optionsOf(['127.0.0.1:1']).tls).toBeUndefined();
  });
});
