import { randomBytes } from 'node:crypto';
import { simBotEnv } from '../sim/bot-env.js';
import { createSlackSimulator } from '../sim/slack/server.js';
import { createSmbcrmSimulator } from '../sim/smbcrm/server.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { startBotChild, startChild } from './child.js';
import { signedCommand, slackNow, startLoadWorker } from './load.js';
import { summarize } from './stats.js';

/**
 * Completion overhead under load: lookups at a fixed rate against a server in its own process, SMBcrm answering
 * each call after `smbcrmLatencyMs`. For each lookup: (card posted to its response_url) − (command sent) −
 * (its SMBcrm calls × the latency; they are sequential: the contact, then its opportunities). What is left is
 * the server's own time: Slack's request, Redis, the rate limiter, rendering, queueing. It also holds the
 * simulators' lateness and the machine's, so it errs high.
 *
 * `server`: the bot as `npm start` runs it, or bench/floor-app.ts, the same hops with nothing else: what this
 * machine and this harness allow, measured the same way.
 */
export async function completionOverhead(options: {
  rate: number;
  seconds: number;
  smbcrmLatencyMs: number;
  query: string;
  server: 'bot' | 'floor';
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
  const sim = {
    botToken,
    signingSecret: secret,
    slackApiUrl: slack.apiUrl,
    smbcrmUrl: smbcrm.url,
    redisUrl: redis.url,
  };
  const bot =
    options.server === 'bot'
      ? await startBotChild(sim)
      : await startChild({ entry: 'bench/floor-app.ts', env: simBotEnv(sim) });
  const load = startLoadWorker(bot.origin);
  let n = 0;
  /** `count` signed lookups, each with a response_url of its own (the id its card is posted under). */
  const shots = (count: number) =>
    Array.from({ length: count }, () => {
      const url = slack.createResponseUrl({ channel: 'C0BENCH', user: 'U0BENCH' });
      const shot = signedCommand(secret, slackNow(), {
        text: options.query,
        response_url: url,
        trigger_id: `${++n}.1.sim`,
      });
      return { id: url.slice(url.lastIndexOf('/') + 1), shot };
    });
  const settle = async (expected: number) => {
    await slack.waitFor(() => (slack.responsePosts.length >= expected ? true : undefined), 30_000);
  };
  // Warm-up at the measured rate, as in a bot that has been running: caches (pipelines, users) filled, as many
  // SMBcrm connections open as the rate keeps busy, code optimised and the young generation grown to its working
  // size. Warmed at a lower rate, the first two seconds at the full rate paid for all of that (measured: the
  // slowest lookup per quarter second was 50–190 ms in the first two seconds, 10–30 ms after).
  const warm = shots(options.rate * 3);
  await load.run(
    warm.map((w) => w.shot),
    options.rate,
  );
  await settle(warm.length);
  const postsBefore = slack.responsePosts.length;
  const callsBefore = smbcrm.exchanges.length;
  const measured = shots(options.rate * options.seconds);
  const cpuBefore = bot.cpuMs();
  const acks = await load.run(
    measured.map((m) => m.shot),
    options.rate,
  );
  const sentAt = new Map(measured.map((m, i) => [m.id, acks.sentAt[i] as number]));
  await settle(postsBefore + sentAt.size);
  const botCpuMs = bot.cpuMs() - cpuBefore;
  const posts = slack.responsePosts.slice(postsBefore);
  const calls = smbcrm.exchanges.length - callsBefore;
  const callsPerLookup = calls / sentAt.size;
  const overhead = posts.flatMap((p) => {
    const sent = sentAt.get(p.id);
    return sent === undefined ? [] : [p.at - sent - callsPerLookup * options.smbcrmLatencyMs];
  });
  // The simulator's own lateness (its timers and event loop, shared with the other simulator): part of the
  // overhead above that is not the server's.
  const simLateness = smbcrm.exchanges
    .slice(callsBefore)
    .map((e) => e.at - e.receivedAt - options.smbcrmLatencyMs);
  const cards = posts.filter((p) => JSON.stringify(p.body).includes('Jordan Lee')).length;
  await load.close();
  await bot.stop();
  await Promise.all([slack.close(), smbcrm.close()]);
  await redis.stop();
  return {
    ...options,
    lookups: sentAt.size,
    ackErrors: acks.errors,
    cards,
    smbcrmCallsPerLookup: callsPerLookup,
    /** The server's CPU time per lookup (the bot's, or the floor's), and its share of one core over the run. */
    botCpuMsPerLookup: Math.round((botCpuMs / sentAt.size) * 100) / 100,
    botCpuShare: Math.round((botCpuMs / (options.seconds * 1000)) * 100) / 100,
    ackMs: summarize(acks.latencies),
    overheadMs: summarize(overhead),
    simLatenessMs: summarize(simLateness),
  };
}
