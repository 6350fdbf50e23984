import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ackVsBare } from './ack-vs-bare.js';
import { agentTurnOverhead } from './agent-turn.js';
import { approvalFlow } from './approval-flow.js';
import { homeTab } from './home-tab.js';
import { lookupLatency } from './lookup-latency.js';
import { memory } from './memory.js';
import { type BenchResult, renderChart, renderMarkdown } from './report.js';
import { scaleOut } from './scale-out.js';
import { webhookBurst } from './webhook-burst.js';
import { writeFlow } from './write-flow.js';

/**
 * `npm run bench` (about seven minutes; bench/README.md): what guards the real limits and regressions, at loads users
 * can produce. Runs the benchmarks and writes bench/results/<date>.json and .md and the chart. Not a test.
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
  const writes = await writeFlow({ perKind: 20 });
  const home = await homeTab({ opens: 20, people: 20 });
  const webhooks = await webhookBurst({ events: 500, channels: 10, concurrency: 50 });
  const scale = await scaleOut({ lookups: 1000, overMs: 5000, instances: 3 });
  // The bare-Bolt comparison, one short run at loads a team can produce (SMBcrm allows about 10 calls a second per
  // sub-account; Slack sends a busy workspace's channel messages as events): a regression guard, not a race.
  const acks = await ackVsBare({
    rates: [10, 100],
    secondsPerRate: 10,
    slices: 2,
    throughputSeconds: 5,
    rounds: 1,
  });
  const mem = await memory({ requests: 20_000, warmup: 2_000, nodeOptions: '--max-old-space-size=256' });
  return { date, machine, warmup, lookup, agent, approval, writes, home, webhooks, scale, acks, memory: mem };
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
