import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ackVsBare } from './ack-vs-bare.js';
import { agentTurnOverhead } from './agent-turn.js';
import { approvalFlow } from './approval-flow.js';
import { completionOverhead } from './completion.js';
import { lookupLatency } from './lookup-latency.js';
import { memory } from './memory.js';
import { type BenchResult, renderChart, renderMarkdown } from './report.js';
import { scaleOut } from './scale-out.js';
import { webhookBurst } from './webhook-burst.js';

/**
 * `npm run bench`: runs the benchmarks and writes bench/results/<date>.json and .md and the chart. Not a test.
 * `npm run bench -- --report bench/results/<date>.json` writes the .md and the chart again from a saved result,
 * measuring nothing.
 */
const { values } = parseArgs({
  options: {
    lookups: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    report: { type: 'string' },
  },
});
const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');

async function measure(): Promise<BenchResult> {
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
  const date = new Date().toISOString();
  const warmup = Number(values.warmup);
  const lookup = await lookupLatency({ lookups: Number(values.lookups), warmup });
  const agent = await agentTurnOverhead({ threads: 20, turnsPerThread: 5 });
  const approval = await approvalFlow({ moves: 50 });
  const webhooks = await webhookBurst({ events: 500, channels: 10, concurrency: 50 });
  const scale = await scaleOut({ lookups: 1000, overMs: 5000, instances: 3 });
  const acks = await ackVsBare({
    rates: [100, 300, 1000],
    // 40 s in 8 slices per rate and app: with 20 s in 4, the p99 of one app moved by up to ×1.7 between runs on the
    // 2-core bench machine; more slices also spread whatever else the machine does over both apps alike.
    secondsPerRate: 40,
    slices: 8,
    throughputSeconds: 5,
    rounds: 3,
  });
  const completion = [];
  for (const rate of [100, 300])
    for (const server of ['floor', 'bot'] as const)
      completion.push(
        await completionOverhead({
          rate,
          seconds: 20,
          smbcrmLatencyMs: 150,
          query: 'lookup jordan.lee@example.com',
          server,
        }),
      );
  const mem = await memory({ requests: 100_000, warmup: 10_000, nodeOptions: '--max-old-space-size=256' });
  return { date, machine, warmup, lookup, agent, approval, webhooks, scale, acks, completion, memory: mem };
}

let stem: string;
let result: BenchResult;
if (values.report) {
  result = JSON.parse(readFileSync(values.report, 'utf8')) as BenchResult;
  stem = values.report.replace(/\.json$/, '');
} else {
  result = await measure();
  mkdirSync(dir, { recursive: true });
  stem = join(dir, result.date.slice(0, 10));
  writeFileSync(`${stem}.json`, `${JSON.stringify(result, null, 2)}\n`);
}
const md = renderMarkdown(result);
writeFileSync(`${stem}.md`, md);
writeFileSync(join(dirname(stem), 'ack-latency.svg'), renderChart(result));
process.stdout.write(`${md}\nwrote ${stem}.md and ${join(dirname(stem), 'ack-latency.svg')}\n`);
