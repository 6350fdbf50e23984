import { randomBytes } from 'node:crypto';
import { createSlackSimulator } from '../sim/slack/server.js';
import { createSmbcrmSimulator } from '../sim/smbcrm/server.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { startBotChild } from './child.js';
import { openLoop, signedCommand, slackNow } from './load.js';
import { summarize } from './stats.js';

/**
 * Completion overhead under load: lookups at a fixed rate against a bot in its own process, SMBcrm answering
 * each call after `smbcrmLatencyMs`. For each lookup: (card posted to its response_url) − (command sent) −
 * (its SMBcrm calls × the latency; they are sequential: the contact, then its opportunities). What is left is
 * the bot's own time: Slack's request, Redis, the rate limiter, rendering, queueing. It also holds the
 * simulator's timer lateness, so it errs high.
 */
export async function completionOverhead(options: {
  rate: number;
  seconds: number;
  smbcrmLatencyMs: number;
  query: string;
}) {
  const clock = () => performance.timeOrigin + performance.now();
  const botToken = 'xoxb-sim-bench-token';
  const slack = await createSlackSimulator({ botToken, now: clock });
  const redis = await startRedisServer();
  const smbcrm = await createSmbcrmSimulator({
    latencyMs: options.smbcrmLatencyMs,
    rateLimit: { max: 1e9, windowMs: 10_000, dailyMax: 1e9 },
  });
  const secret = randomBytes(16).toString('hex');
  const bot = await startBotChild({
    botToken,
    signingSecret: secret,
    slackApiUrl: slack.apiUrl,
    smbcrmUrl: smbcrm.url,
    redisUrl: redis.url,
  });
  const sentAt = new Map<string, number>();
  let n = 0;
  const shot = () => {
    const url = slack.createResponseUrl({ channel: 'C0BENCH', user: 'U0BENCH' });
    sentAt.set(url.slice(url.lastIndexOf('/') + 1), clock());
    return signedCommand(secret, slackNow(), {
      text: options.query,
      response_url: url,
      trigger_id: `${++n}.1.sim`,
    });
  };
  const settle = async (expected: number) => {
    await slack.waitFor(() => (slack.responsePosts.length >= expected ? true : undefined), 30_000);
  };
  // Warm-up at the measured rate, as in a bot that has been running: caches (pipelines, users) filled, as many
  // SMBcrm connections open as the rate keeps busy, code optimised and the young generation grown to its working
  // size. Warmed at a lower rate, the first two seconds at the full rate paid for all of that (measured: the
  // slowest lookup per quarter second was 50–190 ms in the first two seconds, 10–30 ms after).
  await openLoop(bot.origin, shot, options.rate, 3_000, 50, false);
  await settle(sentAt.size);
  const postsBefore = slack.responsePosts.length;
  const callsBefore = smbcrm.exchanges.length;
  sentAt.clear();
  const cpuBefore = bot.cpuMs();
  // Paced by timers: the overhead counts from each command's actual send, and a spinning generator would take
  // the core that the simulators (whose answers are part of every lookup) share with it.
  const acks = await openLoop(bot.origin, shot, options.rate, options.seconds * 1000, 50, false);
  await settle(postsBefore + sentAt.size);
  const botCpuMs = bot.cpuMs() - cpuBefore;
  const posts = slack.responsePosts.slice(postsBefore);
  const calls = smbcrm.exchanges.length - callsBefore;
  const callsPerLookup = calls / sentAt.size;
  const overhead = posts.flatMap((p) => {
    const sent = sentAt.get(p.id);
    return sent === undefined ? [] : [p.at - sent - callsPerLookup * options.smbcrmLatencyMs];
  });
  // The simulator's own lateness (its timers and event loop, shared with the load generator): part of the
  // overhead above that is not the bot's.
  const simLateness = smbcrm.exchanges
    .slice(callsBefore)
    .map((e) => e.at - e.receivedAt - options.smbcrmLatencyMs);
  const cards = posts.filter((p) => JSON.stringify(p.body).includes('Jordan Lee')).length;
  await bot.stop();
  await Promise.all([slack.close(), smbcrm.close()]);
  await redis.stop();
  return {
    ...options,
    lookups: sentAt.size,
    ackErrors: acks.errors,
    cards,
    smbcrmCallsPerLookup: callsPerLookup,
    /** The bot's CPU time per lookup, and its share of one core over the run. */
    botCpuMsPerLookup: Math.round((botCpuMs / sentAt.size) * 100) / 100,
    botCpuShare: Math.round((botCpuMs / (options.seconds * 1000)) * 100) / 100,
    ackMs: summarize(acks.latencies),
    overheadMs: summarize(overhead),
    simLatenessMs: summarize(simLateness),
  };
}
