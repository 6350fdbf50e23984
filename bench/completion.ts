import { randomBytes } from 'node:crypto';
import { simBotEnv } from '../sim/bot-env.js';
import { createSlackSimulator } from '../sim/slack/server.js';
import { createSmbcrmSimulator } from '../sim/smbcrm/server.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { type ChildServer, startBotChild, startChild } from './child.js';
import { signedCommand, slackNow, startLoadWorker } from './load.js';
import { summarize } from './stats.js';

export type CompletionServer = 'floor' | 'bot';
const SERVERS: CompletionServer[] = ['floor', 'bot'];

/**
 * Completion overhead under load: lookups at a fixed rate against a server in its own process, SMBcrm answering
 * each call after `smbcrmLatencyMs`. For each lookup: (card posted to its response_url) − (command sent) −
 * (its SMBcrm calls × the latency; they are sequential: the contact, then its opportunities). What is left is
 * the server's own time: Slack's request, Redis, the rate limiter, rendering, queueing. It also holds the
 * simulators' lateness and the machine's, so it errs high.
 *
 * Two servers take the same load: the bot as `npm start` runs it, and bench/floor-app.ts, the same hops with
 * nothing else (what this machine and this harness allow). Both run for the whole measurement and take turns in
 * `slices`, as in the comparison with bare Bolt, so whatever else the machine does falls on both alike.
 */
export async function completionOverhead(options: {
  rate: number;
  seconds: number;
  slices: number;
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
  const sim = {
    botToken,
    signingSecret: secret,
    slackApiUrl: slack.apiUrl,
    smbcrmUrl: smbcrm.url,
    redisUrl: redis.url,
  };
  const servers: Record<CompletionServer, ChildServer> = {
    floor: await startChild({ entry: 'bench/floor-app.ts', env: simBotEnv(sim) }),
    bot: await startBotChild(sim),
  };
  const loads = { floor: startLoadWorker(servers.floor.origin), bot: startLoadWorker(servers.bot.origin) };
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
  /** Sends `count` lookups to one server at the rate and waits for every card. */
  const run = async (server: CompletionServer, count: number) => {
    const batch = shots(count);
    const postsBefore = slack.responsePosts.length;
    const callsBefore = smbcrm.exchanges.length;
    const cpuBefore = servers[server].cpuMs();
    const acks = await loads[server].run(
      batch.map((b) => b.shot),
      options.rate,
    );
    await slack.waitFor(() => (slack.responsePosts.length >= postsBefore + count ? true : undefined), 30_000);
    const sentAt = new Map(batch.map((b, i) => [b.id, acks.sentAt[i] as number]));
    return {
      acks,
      sentAt,
      cpuMs: servers[server].cpuMs() - cpuBefore,
      posts: slack.responsePosts.slice(postsBefore),
      exchanges: smbcrm.exchanges.slice(callsBefore),
    };
  };

  // Warm-up at the measured rate, as in a bot that has been running: caches (pipelines, users) filled, as many
  // SMBcrm connections open as the rate keeps busy, code optimised and the young generation grown to its working
  // size. Warmed at a lower rate, the first two seconds at the full rate paid for all of that (measured: the
  // slowest lookup per quarter second was 50–190 ms in the first two seconds, 10–30 ms after).
  for (const server of SERVERS) await run(server, options.rate * 3);

  const perSlice = Math.round((options.rate * options.seconds) / options.slices);
  const tally = () => ({
    lookups: 0,
    ackErrors: 0,
    cards: 0,
    calls: 0,
    cpuMs: 0,
    acks: [] as number[],
    overhead: [] as number[],
    lateness: [] as number[],
  });
  const acc = { floor: tally(), bot: tally() };
  for (let slice = 0; slice < options.slices; slice++)
    for (const server of SERVERS) {
      const r = await run(server, perSlice);
      const a = acc[server];
      const callsPerLookup = r.exchanges.length / perSlice;
      a.lookups += perSlice;
      a.ackErrors += r.acks.errors;
      a.calls += r.exchanges.length;
      a.cpuMs += r.cpuMs;
      a.acks.push(...r.acks.latencies);
      for (const p of r.posts) {
        const sent = r.sentAt.get(p.id);
        if (sent !== undefined) a.overhead.push(p.at - sent - callsPerLookup * options.smbcrmLatencyMs);
        if (JSON.stringify(p.body).includes('Jordan Lee')) a.cards += 1;
      }
      // The simulator's own lateness (its timers and event loop): part of the overhead that is not the server's.
      for (const e of r.exchanges) a.lateness.push(e.at - e.receivedAt - options.smbcrmLatencyMs);
    }

  for (const load of Object.values(loads)) await load.close();
  for (const server of Object.values(servers)) await server.stop();
  await Promise.all([slack.close(), smbcrm.close()]);
  await redis.stop();
  return SERVERS.map((server) => {
    const a = acc[server];
    return {
      rate: options.rate,
      seconds: options.seconds,
      slices: options.slices,
      smbcrmLatencyMs: options.smbcrmLatencyMs,
      query: options.query,
      server,
      lookups: a.lookups,
      ackErrors: a.ackErrors,
      cards: a.cards,
      smbcrmCallsPerLookup: a.calls / a.lookups,
      /** The server's CPU time per lookup (the bot's, or the floor's), and its share of one core while measured. */
      botCpuMsPerLookup: Math.round((a.cpuMs / a.lookups) * 100) / 100,
      botCpuShare: Math.round((a.cpuMs / (options.seconds * 1000)) * 100) / 100,
      ackMs: summarize(a.acks),
      overheadMs: summarize(a.overhead),
      simLatenessMs: summarize(a.lateness),
    };
  });
}
