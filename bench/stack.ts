import { Writable } from 'node:stream';
import { createRedis } from '../services/platform/store/redis.js';
import { startBotInstance } from '../sim/bot-instance.js';
import type { SmbcrmSimOptions } from '../sim/smbcrm/server.js';
import { startSimStack } from '../sim/stack.js';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/logger.js';
import { startRedisServer } from '../test/helpers/redis-server.js';

/**
 * What every benchmark runs on: a throwaway redis-server, both simulators (burst limit off unless asked) and one
 * bot over HTTP with production settings (JSON logs at info, discarded rather than printed).
 */
export async function startBenchStack(
  options: {
    smbcrm?: SmbcrmSimOptions;
    env?: Record<string, string>;
    instances?: number;
    /** More people in the Slack workspace (the Home tab's fan-out). */
    slackUsers?: { id: string; name: string; realName: string; email: string }[];
  } = {},
) {
  const redisServer = await startRedisServer();
  const stack = await startSimStack({
    botToken: 'xoxb-sim-bench-token',
    smbcrm: { rateLimit: { max: 1e9, windowMs: 10_000, dailyMax: 1e9 }, ...options.smbcrm },
    slack: {
      // Linked to the simulator's SMBcrm users by email, as a real team's people are (the writes credit them).
      users: [
        { id: 'U0BENCH', name: 'u0bench', realName: 'U0BENCH', email: 'alex@acme.test' },
        { id: 'U0APPROVER', name: 'u0approver', realName: 'U0APPROVER', email: 'sam@acme.test' },
        ...(options.slackUsers ?? []),
      ],
      channels: [{ id: 'C0BENCH', name: 'bench' }],
    },
  });
  const { smbcrm, slack, signingSecret } = stack;
  const config = loadConfig({
    ...stack.env({ REDIS_URL: redisServer.url }),
    LOG_LEVEL: 'info',
    // The simulator enforces no burst limit here (unless a benchmark asks), so neither does the bot.
    SMBCRM_RATE_LIMIT: '10000',
    ...options.env,
  });
  const logger = createLogger({
    level: config.logLevel,
    destination: new Writable({ write: (_c, _e, cb) => cb() }),
  });
  const redis = createRedis(config.redis, logger);
  // One or more bot instances on the same Redis and simulators, as behind a load balancer.
  const bots: Awaited<ReturnType<typeof startBotInstance>>[] = [];
  for (let i = 0; i < (options.instances ?? 1); i++)
    bots.push(
      await startBotInstance(stack, {
        config,
        logger,
        redis,
        slackClientOptions: { retryConfig: { retries: 0 } },
      }),
    );
  const { port, driver } = bots[0] as (typeof bots)[number];
  const base = `http://127.0.0.1:${port}`;
  return {
    redisUrl: redisServer.url,
    signingSecret,
    /** The first instance's origin, for load generators. */
    origin: `http://127.0.0.1:${port}`,
    /** A plain POST to the bot (for its non-Slack endpoints); resolves with the status. */
    async post(path: string, body: string, headers: Record<string, string>): Promise<number> {
      const res = await fetch(base + path, { method: 'POST', headers, body });
      await res.arrayBuffer();
      return res.status;
    },
    smbcrm,
    slack,
    driver,
    /** Every instance's driver, for spreading load round-robin. */
    drivers: bots.map((b) => b.driver),
    async stop() {
      for (const b of bots) await b.bot.stop();
      redis.disconnect();
      await stack.close();
      await redisServer.stop();
    },
  };
}
