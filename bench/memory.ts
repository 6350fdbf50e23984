import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simBotEnv } from '../sim/bot-env.js';
import { createSlackSimulator } from '../sim/slack/server.js';
import { createSmbcrmSimulator } from '../sim/smbcrm/server.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { closedLoop, type Shot, signedCommand } from './load.js';

/**
 * Memory: the real bot in its own process (`src/index.ts`, as `npm start` runs it), 100,000 signed lookups, RSS
 * read from /proc after warm-up, half-way and at the end. The simulators run in this process, so their records do
 * not count against the bot.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rssMiB = (pid: number) =>
  Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

export async function memory(options: { requests: number; warmup: number; nodeOptions?: string }) {
  const redisServer = await startRedisServer();
  const smbcrm = await createSmbcrmSimulator({
    record: false,
    rateLimit: { max: 1e9, windowMs: 10_000, dailyMax: 1e9 },
  });
  const botToken = 'xoxb-sim-bench-token';
  const slack = await createSlackSimulator({ botToken });
  const signingSecret = randomBytes(16).toString('hex');
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      ...simBotEnv({
        botToken,
        signingSecret,
        slackApiUrl: slack.apiUrl,
        smbcrmUrl: smbcrm.url,
        redisUrl: redisServer.url,
      }),
      SMBCRM_RATE_LIMIT: '10000',
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {}
    if (i > 200) throw new Error('the bot did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
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
    while (left > 0) await closedLoop(origin, shots, Math.max(200, Math.min(5_000, left)), 20);
  };
  await send(options.warmup);
  await new Promise((r) => setTimeout(r, 1_000));
  const afterWarmup = rssMiB(child.pid as number);
  await send(options.requests / 2);
  const halfWay = rssMiB(child.pid as number);
  await send(options.requests / 2);
  await new Promise((r) => setTimeout(r, 1_000));
  const atEnd = rssMiB(child.pid as number);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
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
