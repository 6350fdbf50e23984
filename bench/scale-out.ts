import { messageText } from '../sim/slack/block-kit.js';
import { RATE_LIMITS } from '../sim/smbcrm/server.js';
import { startBenchStack } from './stack.js';
import { summarize } from './stats.js';

/**
 * Scale-out: three instances behind a round-robin, one shared Redis, and SMBcrm's real burst limit (100 requests
 * per 10 s) enforced by the simulator. A burst of lookups, evenly paced (open loop), far beyond what the limit can
 * serve: do all instances together stay under it (no 429, never more than 100 in any 10 s), and is every person
 * either answered or told to wait?
 */
const EMAILS = [
  'jordan.lee@example.com',
  'priya@patel-dental.test',
  'jsmith@example.com',
  'maria.garcia@example.com',
  'chris@oneil.test',
];

export async function scaleOut(options: { lookups: number; overMs: number; instances: number }) {
  const { smbcrm, slack, drivers, stop } = await startBenchStack({
    instances: options.instances,
    smbcrm: { rateLimit: RATE_LIMITS.production },
    env: { SMBCRM_RATE_LIMIT: '100', SMBCRM_RATE_WINDOW_MS: '10000', SMBCRM_RATE_WAIT_MS: '5000' },
  });
  const ack: number[] = [];
  const started = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < options.lookups; i++) {
    const due = started + (i * options.overMs) / options.lookups;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const driver = drivers[i % drivers.length] as (typeof drivers)[number];
    sends.push(
      driver
        .command({ user: 'U0BENCH', channel: 'C0BENCH', text: `lookup ${EMAILS[i % EMAILS.length]}` })
        .then((res) => {
          if (res.status !== 200) throw new Error(`ack ${res.status}`);
          ack.push(performance.now() - due);
        }),
    );
  }
  await Promise.all(sends);
  await slack.waitFor(() => (slack.responsePosts.length >= options.lookups ? true : undefined), 120_000);
  const texts = slack.responsePosts.map((p) => messageText(p.body));
  const answered = texts.filter(
    (t) => t.includes('Open opportunities') || t.includes('No open opportunities'),
  ).length;
  const toldToWait = texts.filter((t) => t.includes('SMBcrm is busy')).length;
  const times = smbcrm.exchanges.map((e) => e.at).sort((a, b) => a - b);
  let busiest = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[j] as number) >= 10_000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  const result = {
    instances: options.instances,
    lookups: options.lookups,
    overMs: options.overMs,
    ackMs: summarize(ack),
    smbcrmCalls: times.length,
    smbcrm429: smbcrm.exchanges.filter((e) => e.status === 429).length,
    busiestTenSeconds: busiest,
    answered,
    toldToWait,
    other: options.lookups - answered - toldToWait,
  };
  await stop();
  return result;
}
