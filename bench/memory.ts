import { randomBytes } from 'node:crypto';
import { createSlackSimulator } from '../sim/slack/server.js';
import { createSmbcrmSimulator } from '../sim/smbcrm/server.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { startBotChild } from './child.js';
import { keepAlivePool, signedCommand, slackNow } from './load.js';

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
  const answered = new Map<string, () => void>();
  const slack = await createSlackSimulator({
    botToken,
    onResponsePost: (post) => answered.get(post.id)?.(),
  });
  const signingSecret = randomBytes(16).toString('hex');
  const bot = await startBotChild({
    botToken,
    signingSecret,
    slackApiUrl: slack.apiUrl,
    smbcrmUrl: smbcrm.url,
    redisUrl: redisServer.url,
    nodeOptions: options.nodeOptions,
  });
  const emails = [
    'jordan.lee@example.com',
    'priya@patel-dental.test',
    'jsmith@example.com',
    'maria.garcia@example.com',
  ];
  const pool = keepAlivePool(bot.origin, 20);
  let n = 0;
  let failed = 0;
  // One lookup, from the command to its card: 20 of these at a time is a steady load the bot keeps up with
  // (a loop on acks alone would pile up lookups faster than SMBcrm answers them, which measures a flood).
  const lookupOnce = async () => {
    n += 1;
    const url = slack.createResponseUrl({ channel: 'C0BENCH', user: 'U0BENCH' });
    const id = url.slice(url.lastIndexOf('/') + 1);
    const carded = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 10_000);
      answered.set(id, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    const shot = signedCommand(signingSecret, slackNow(), {
      text: `lookup ${emails[n % emails.length]}`,
      response_url: url,
      trigger_id: `${n}.1.sim`,
    });
    const res = await pool.request({
      method: 'POST',
      path: shot.path,
      headers: shot.headers,
      body: shot.body,
    });
    await res.body.dump();
    if (res.statusCode !== 200 || !(await carded)) failed += 1;
    answered.delete(id);
  };
  const send = async (count: number) => {
    let left = count;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (left-- > 0) await lookupOnce();
      }),
    );
    slack.reset(); // the simulator's own records are not the bot's memory
  };
  await send(options.warmup);
  await new Promise((r) => setTimeout(r, 1_000));
  const afterWarmup = bot.rssMiB();
  await send(options.requests / 2);
  const halfWay = bot.rssMiB();
  await send(options.requests / 2);
  await new Promise((r) => setTimeout(r, 1_000));
  const atEnd = bot.rssMiB();
  await pool.close();
  await bot.stop();
  await Promise.all([smbcrm.close(), slack.close()]);
  await redisServer.stop();
  return {
    requests: n,
    warmup: options.warmup,
    failed,
    afterWarmupMiB: afterWarmup,
    halfWayMiB: halfWay,
    atEndMiB: atEnd,
    secondHalfGrowthPct: Math.round(((atEnd - halfWay) / halfWay) * 1000) / 10,
  };
}
