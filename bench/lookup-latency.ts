import { startBenchStack } from './stack.js';
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
  const { smbcrm, slack, driver, stop } = await startBenchStack();
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
  await stop();
  return {
    lookups: options.lookups,
    queries: QUERIES,
    ackMs: summarize(ack),
    completionMs: summarize(completion),
    smbcrmCallsPerLookup,
  };
}
