import { randomBytes } from 'node:crypto';
import { simBotEnv } from '../sim/bot-env.js';
import { createSlackSimulator } from '../sim/slack/server.js';
import { createSmbcrmSimulator } from '../sim/smbcrm/server.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { startChild } from './child.js';
import { closedLoop, type Shot, signedCommand } from './load.js';

/**
 * Memory: the real bot in its own process (`src/index.ts`, as `npm start` runs it), 100,000 signed lookups, RSS
 * read from /proc after warm-up, half-way and at the end. The simulators run in this process, so their records do
 * not count against the bot.
 */
export async function memory(options: { requests: number; warmup: number; nodeOptions?: string }) {
  const redisServer = await startRedisServer();
  const smbcrm = await createSmbcrmSimulator({
    record: false,
    rateLimit: { max: 1e9, windowMs: 10_000, dailyMax: 1e9 },
  });
  const botToken = 'xoxb-sim-bench-token';
  const slack = await createSlackSimulator({ botToken });
  const signingSecret = randomBytes(16).toString('hex');
  const bot = await startChild({
    entry: 'src/index.ts',
    env: {
      ...simBotEnv({
        botToken,
        signingSecret,
        slackApiUrl: slack.apiUrl,
        smbcrmUrl: smbcrm.url,
        redisUrl: redisServer.url,
      }),
      SMBCRM_RATE_LIMIT: '10000',
      LOG_LEVEL: 'info',
    },
    nodeOptions: options.nodeOptions,
  });
  const ts = String(Math.floor(Date.now() / 1000));
  const emails = [
    'jordan.lee@example.com',
    'priya@patel-dental.test',
    'jsmith@example.com',
    'maria.garcia@example.com',
  ];
  let n = 0;
  let left = 0;
  const shots = (): Shot => {
    n += 1;
    left -= 1;
    return signedCommand(signingSecret, ts, {
      text: `lookup ${emails[n % emails.length]}`,
      response_url: slack.createResponseUrl({ channel: 'C0BENCH', user: 'U0BENCH' }),
      trigger_id: `${n}.1.sim`,
    });
  };
  // Send exactly `count` requests (the closed loop stops when its time is up; time is set generously and counted).
  const send = async (count: number) => {
    left = count;
    while (left > 0) await closedLoop(bot.origin, shots, Math.max(200, Math.min(5_000, left)), 20);
  };
  await send(options.warmup);
  await new Promise((r) => setTimeout(r, 1_000));
  const afterWarmup = bot.rssMiB();
  await send(options.requests / 2);
  const halfWay = bot.rssMiB();
  await send(options.requests / 2);
  await new Promise((r) => setTimeout(r, 1_000));
  const atEnd = bot.rssMiB();
  await bot.stop();
  await Promise.all([smbcrm.close(), slack.close()]);
  await redisServer.stop();
  return {
    requests: n,
    afterWarmupMiB: afterWarmup,
    halfWayMiB: halfWay,
    atEndMiB: atEnd,
    secondHalfGrowthPct: Math.round(((atEnd - halfWay) / halfWay) * 1000) / 10,
  };
}
