import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { lookupLatency } from './lookup-latency.js';

/** `npm run bench`: runs the benchmarks and writes bench/results/<date>.json and .md. Not a test. */
const { values } = parseArgs({
  options: { lookups: { type: 'string', default: '200' }, warmup: { type: 'string', default: '20' } },
});

const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
};
const date = new Date().toISOString();
const lookup = await lookupLatency({ lookups: Number(values.lookups), warmup: Number(values.warmup) });
const result = { date, machine, lookup };

const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
const stem = join(dir, date.slice(0, 10));
writeFileSync(`${stem}.json`, `${JSON.stringify(result, null, 2)}\n`);
const row = (name: string, s: typeof lookup.ackMs) =>
  `| ${name} | ${s.n} | ${s.p50} | ${s.p90} | ${s.p99} | ${s.max} |`;
const md = [
  `# Benchmark ${date.slice(0, 10)}`,
  '',
  `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}.`,
  '',
  `## Lookup latency (no added SMBcrm latency, one at a time, warm caches after ${values.warmup} warm-up lookups)`,
  '',
  '| measure (ms) | n | p50 | p90 | p99 | max |',
  '|---|---|---|---|---|---|',
  row('ack (command → HTTP 200)', lookup.ackMs),
  row('completion (command → card on response_url)', lookup.completionMs),
  '',
  `SMBcrm calls per lookup (mix: ${lookup.queries.map((q) => `\`${q}\``).join(', ')}): ${lookup.smbcrmCallsPerLookup.toFixed(2)}`,
  '',
].join('\n');
writeFileSync(`${stem}.md`, md);
process.stdout.write(`${md}\nwrote ${stem}.json and ${stem}.md\n`);
