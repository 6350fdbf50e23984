import { randomBytes } from 'node:crypto';
import { createSlackSimulator } from '../sim/slack/server.js';
import { createSmbcrmSimulator } from '../sim/smbcrm/server.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { type ChildServer, startBotChild, startChild } from './child.js';
import {
  closedLoop,
  keepAlivePool,
  openLoop,
  type Shot,
  signedChannelMessage,
  signedCommand,
  slackNow,
} from './load.js';
import { summarize } from './stats.js';

/**
 * The bot's ack latency and throughput against a bare Bolt app (bench/bare-app.ts: Bolt's defaults, one listener
 * per kind that only acks), each in its own process as in production, driven from this one:
 *   command: the bare app acks `/smbcrm` empty; the bot answers `/smbcrm help` in its ack (it has no command that
 *            acks empty and does nothing else).
 *   event:   a channel message, which both acknowledge and ignore (the bot's commonest request in busy channels).
 * Throughput: closed loop, 50 connections, the median of `rounds` runs that alternate between the two apps.
 * Latency: open loop at each fixed rate, in slices that alternate between the two apps, so that whatever else
 * the machine does falls on both alike.
 */
export type Kind = 'command' | 'event';
export const KINDS: Kind[] = ['command', 'event'];

export async function ackVsBare(options: {
  rates: number[];
  secondsPerRate: number;
  slices: number;
  throughputSeconds: number;
  rounds: number;
}) {
  const botToken = 'xoxb-sim-bench-token';
  const slack = await createSlackSimulator({ botToken });
  const redis = await startRedisServer();
  const smbcrm = await createSmbcrmSimulator({ record: false });
  const secret = randomBytes(16).toString('hex');
  const apps: Record<'bare' | 'bot', ChildServer> = {
    bare: await startChild({
      entry: 'bench/bare-app.ts',
      env: { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: secret, SLACK_API_URL: slack.apiUrl },
    }),
    bot: await startBotChild({
      botToken,
      signingSecret: secret,
      slackApiUrl: slack.apiUrl,
      smbcrmUrl: smbcrm.url,
      redisUrl: redis.url,
    }),
  };
  const authTestsAtStart = slack.calls.filter((c) => c.method === 'auth.test').length;
  let n = 0;
  const shots: Record<Kind, () => Shot> = {
    command: () =>
      signedCommand(secret, slackNow(), {
        text: 'help',
        response_url: `${slack.url}/response/none`,
        trigger_id: `${++n}.1.sim`,
      }),
    event: () => signedChannelMessage(secret, slackNow(), ++n),
  };
  const targets = ['bare', 'bot'] as const;
  // One pool per app for the whole run: its 50 connections are opened by the warm-up, not inside a measurement.
  const pools = { bare: keepAlivePool(apps.bare.origin), bot: keepAlivePool(apps.bot.origin) };

  for (const kind of KINDS) for (const t of targets) await closedLoop(pools[t], shots[kind], 2_000); // warm-up

  const keys = targets.flatMap((t) => KINDS.map((kind) => `${t}.${kind}`));
  const runs: Record<string, number[]> = Object.fromEntries(keys.map((k) => [k, []]));
  for (let round = 0; round < options.rounds; round++)
    for (const kind of KINDS)
      for (const t of targets) {
        const r = await closedLoop(pools[t], shots[kind], options.throughputSeconds * 1000);
        if (r.errors > 0) throw new Error(`${t} ${kind}: ${r.errors} errors in the closed loop`);
        runs[`${t}.${kind}`]?.push(r.perSecond);
      }

  const loads: Record<string, { rate: number; errors: number; latencies: number[] }[]> = Object.fromEntries(
    keys.map((k) => [k, []]),
  );
  for (const rate of options.rates)
    for (const kind of KINDS) {
      const acc = {
        bare: { errors: 0, latencies: [] as number[] },
        bot: { errors: 0, latencies: [] as number[] },
      };
      for (let slice = 0; slice < options.slices; slice++)
        for (const t of targets) {
          const r = await openLoop(
            pools[t],
            shots[kind],
            rate,
            (options.secondsPerRate * 1000) / options.slices,
          );
          acc[t].errors += r.errors;
          acc[t].latencies.push(...r.latencies);
        }
      for (const t of targets) loads[`${t}.${kind}`]?.push({ rate, ...acc[t] });
    }

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const result = {} as Record<`${'bare' | 'bot'}.${Kind}`, AckTarget>;
  for (const t of targets)
    for (const kind of KINDS) {
      const key = `${t}.${kind}` as const;
      result[key] = {
        throughput: { perSecond: median(runs[key] ?? []), runs: runs[key] ?? [] },
        loads: (loads[key] ?? []).map((l) => ({ rate: l.rate, errors: l.errors, ...summarize(l.latencies) })),
      };
    }
  const botAuthTestCalls = slack.calls.filter((c) => c.method === 'auth.test').length;
  for (const pool of Object.values(pools)) await pool.close();
  for (const app of Object.values(apps)) await app.stop();
  await Promise.all([slack.close(), smbcrm.close()]);
  await redis.stop();
  return {
    ...result,
    secondsPerRate: options.secondsPerRate,
    slices: options.slices,
    // Both apps share this Slack simulator: each calls auth.test once at start-up, then never again.
    authTestCalls: { atStart: authTestsAtStart, total: botAuthTestCalls },
  };
}

export interface AckTarget {
  throughput: { perSecond: number; runs: number[] };
  loads: { rate: number; errors: number; n: number; p50: number; p90: number; p99: number; max: number }[];
}
