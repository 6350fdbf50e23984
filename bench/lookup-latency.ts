import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createRedis } from '../services/store/redis.js';
import { createSlackDriver } from '../sim/slack/driver.js';
import { createSlackSimulator } from '../sim/slack/server.js';
import { TEST_LOCATION_ID, TEST_TOKEN } from '../sim/smbcrm/seed.js';
import { createSmbcrmSimulator } from '../sim/smbcrm/server.js';
import { createBot, listeningPort } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { summarize } from './stats.js';

/**
 * Lookup latency over the simulators with no added SMBcrm latency: the real bot over HTTP, signed commands, real
 * Redis. One lookup at a time (closed loop), so the figures are the bot's own cost per lookup, not queueing.
 *   ack:        command sent → HTTP ack received
 *   completion: command sent → card posted to the response_url
 */
const QUERIES = [
  'lookup jordan.lee@example.com',
  'lookup (555) 123-4567',
  'lookup priya',
  'lookup jordan',
  'lookup jsmith@example.com',
];

export async function lookupLatency(options: { lookups: number; warmup: number }) {
  const redisServer = await startRedisServer();
  const smbcrm = await createSmbcrmSimulator({ rateLimit: { max: 1e9, windowMs: 10_000, dailyMax: 1e9 } });
  const botToken = 'xoxb-000000000000-bench-token';
  const slack = await createSlackSimulator({ botToken });
  const signingSecret = randomBytes(16).toString('hex');
  const config = loadConfig({
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    SMBCRM_TOKEN: TEST_TOKEN,
    SMBCRM_LOCATION_ID: TEST_LOCATION_ID,
    SMBCRM_BASE_URL: smbcrm.url,
    REDIS_URL: redisServer.url,
    LOG_LEVEL: 'info',
  });
  // Logs are produced as in production (info, JSON) but not written to the terminal.
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const logger = createLogger({ level: config.logLevel, destination: sink });
  const redis = createRedis(config.redis.url, logger);
  const bot = createBot({ config, logger, redis, slackClientOptions: { retryConfig: { retries: 0 } } });
  const server = await bot.start(0);
  const port = listeningPort(server);
  const driver = createSlackDriver({
    requestUrl: `http://127.0.0.1:${port}/slack/events`,
    signingSecret,
    slack,
  });

  const ack: number[] = [];
  const completion: number[] = [];
  let callsAtStart = 0;
  for (let i = 0; i < options.warmup + options.lookups; i++) {
    const text = QUERIES[i % QUERIES.length] as string;
    const posts = slack.responsePosts.length;
    const started = performance.now();
    const res = await driver.command({ user: 'U0BENCH', channel: 'C0BENCH', text });
    const acked = performance.now();
    await slack.waitFor(() => (slack.responsePosts.length > posts ? true : undefined), 10_000);
    const done = performance.now();
    if (res.status !== 200) throw new Error(`ack status ${res.status}`);
    if (i === options.warmup - 1) callsAtStart = smbcrm.exchanges.length;
    if (i >= options.warmup) {
      ack.push(acked - started);
      completion.push(done - started);
    }
  }
  const smbcrmCallsPerLookup = (smbcrm.exchanges.length - callsAtStart) / options.lookups;
  await bot.stop();
  redis.disconnect();
  await Promise.all([smbcrm.close(), slack.close()]);
  await redisServer.stop();
  return {
    lookups: options.lookups,
    queries: QUERIES,
    ackMs: summarize(ack),
    completionMs: summarize(completion),
    smbcrmCallsPerLookup,
  };
}
