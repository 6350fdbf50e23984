import { type AckTarget, type ackVsBare, KINDS } from './ack-vs-bare.js';
import type { agentTurnOverhead } from './agent-turn.js';
import type { approvalFlow } from './approval-flow.js';
import { ackChart } from './chart.js';
import type { homeTab } from './home-tab.js';
import type { lookupLatency } from './lookup-latency.js';
import type { memory } from './memory.js';
import type { scaleOut } from './scale-out.js';
import type { webhookBurst } from './webhook-burst.js';
import type { writeFlow } from './write-flow.js';

/** What `npm run bench` measures, as written to bench/results/<date>.json. */
export interface BenchResult {
  date: string;
  machine: { cores: number; cpu: string; memoryGiB: number; node: string; platform: string };
  /** Warm-up lookups before the lookup latency (absent in results before 2026-11-29: 20). */
  warmup?: number;
  lookup: Awaited<ReturnType<typeof lookupLatency>>;
  agent: Awaited<ReturnType<typeof agentTurnOverhead>>;
  approval: Awaited<ReturnType<typeof approvalFlow>>;
  /** The day's writes by kind (absent in results before 2026-12-02). */
  writes?: Awaited<ReturnType<typeof writeFlow>>;
  /** The Home tab (absent in results before this was measured). */
  home?: Awaited<ReturnType<typeof homeTab>>;
  webhooks: Awaited<ReturnType<typeof webhookBurst>>;
  scale: Awaited<ReturnType<typeof scaleOut>>;
  acks: Awaited<ReturnType<typeof ackVsBare>>;
  memory: Awaited<ReturnType<typeof memory>> & { warmup?: number };
}

/** The Markdown summary of a result (bench/results/<date>.md). */
export function renderMarkdown(result: BenchResult): string {
  const { date, machine, lookup, agent, approval, writes, home, webhooks, scale, acks, memory: mem } = result;
  const warmup = result.warmup ?? 20;
  const HEADER = '| measure (ms) | n | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|';
  const row = (name: string, s: typeof lookup.ackMs) =>
    `| ${name} | ${s.n} | ${s.p50} | ${s.p90} | ${s.p99} | ${s.max} |`;
  return [
    `# Benchmark ${date.slice(0, 10)}`,
    '',
    `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}.`,
    '',
    `## Lookup latency (no added SMBcrm latency, one at a time, warm caches after ${warmup} warm-up lookups)`,
    '',
    HEADER,
    row('ack (command → HTTP 200)', lookup.ackMs),
    row('completion (command → card on response_url)', lookup.completionMs),
    '',
    `SMBcrm calls per lookup (mix: ${lookup.queries.map((q) => `\`${q}\``).join(', ')}): ${lookup.smbcrmCallsPerLookup.toFixed(2)}`,
    '',
    `## Agent turn overhead (${agent.turns} turns: 20 threads × 5; the simulated execute takes ${agent.executeMs} ms)`,
    '',
    HEADER,
    row('event ack (event → HTTP 200)', agent.eventAckMs),
    row('added per turn (event → answer posted, minus execute)', agent.addedMs),
    row('  first turn of a thread', agent.addedFirstTurnMs),
    row('  follow-up turn', agent.addedFollowUpMs),
    '',
    `Redis commands per turn: ${agent.redisPerTurn.sent} sent by the bot (each at most one round trip), ${agent.redisPerTurn.insideLua} more run inside its Lua scripts.`,
    '',
    `## Approved stage moves (${approval.moves} moves after 5 warm-up; ${approval.steps})`,
    '',
    HEADER,
    row('request (command → approval card in the channel)', approval.requestToCardMs),
    row('approval (Approve click → move written, card updated)', approval.approveToWrittenMs),
    '',
    `SMBcrm calls: ${approval.smbcrmCallsPerRequest} per request (find the opportunity; pipelines are cached), ${approval.smbcrmCallsPerApproval} per approval (re-read, then PUT).`,
    '',
    ...(writes
      ? [
          `## The day's writes (${writes.perKind} of each kind after 3 warm-up: command → card → one click → written)`,
          '',
          '| kind | SMBcrm calls: request | SMBcrm calls: confirm/approve | command → card p50 (ms) | click → written p50 (ms) |',
          '|---|---|---|---|---|',
          ...writes.kinds.map(
            (k) =>
              `| ${k.kind} | ${k.smbcrmCallsPerRequest} | ${k.smbcrmCallsPerConfirm} | ${k.requestToCardMs.p50} | ${k.clickToWrittenMs.p50} |`,
          ),
          '',
          'A request: the contact search (or the opportunity search); a confirm: the write, after a re-read where the record can change (status, owner).',
          '',
        ]
      : []),
    ...(home
      ? [
          `## The Home tab (${home.opens} opens after 3 warm-up; then one approval with ${home.people} people's tabs open)`,
          '',
          HEADER,
          row('open, deals and tasks read from SMBcrm (app_home_opened → views.publish)', home.coldOpenMs),
          row('open within the minute they are kept', home.warmOpenMs),
          '',
          `SMBcrm calls per open: ${home.smbcrmCallsPerColdOpen} read afresh, ${home.smbcrmCallsPerWarmOpen} kept. A cold open's p50 is ×${(home.coldOpenMs.p50 / lookup.completionMs.p50).toFixed(2)} a lookup's command → card p50 in this run.`,
          '',
          `One approval decided with ${home.people} tabs open: ${home.fanOut.publishes} views.publish, ${home.fanOut.smbcrmCalls} SMBcrm calls in all (the approval's own re-read and write are 2), every tab republished after ${home.fanOut.allRepublishedMs} ms (the per-person throttle holds refreshes for others' changes 3 s).`,
          '',
        ]
      : []),
    `## Webhook burst (${webhooks.events} events fired at once by 50 senders, routed to ${webhooks.channels} channels, posted at 1 message/s/channel)`,
    '',
    HEADER,
    row('accept (POST → 202, durably queued)', webhooks.acceptMs),
    '',
    `All ${webhooks.events} accepted after ${webhooks.allAcceptedS} s; all posted after ${webhooks.allPostedS} s (the pace alone needs ${webhooks.paceBoundS} s: ${webhooks.events / webhooks.channels} per channel, one per second).`,
    '',
    `## Scale-out (${scale.instances} instances round-robin on one Redis; ${scale.lookups} lookups evenly over ${scale.overMs / 1000} s; SMBcrm's burst limit of 100 / 10 s enforced)`,
    '',
    HEADER,
    row('ack under the burst (command → HTTP 200)', scale.ackMs),
    '',
    `SMBcrm calls: ${scale.smbcrmCalls}, of which 429: ${scale.smbcrm429}; the busiest 10 s held ${scale.busiestTenSeconds}. People: ${scale.answered} answered, ${scale.toldToWait} told "SMBcrm is busy, try again in N s", ${scale.other} neither.`,
    '',
    `## Ack latency and throughput against a bare Bolt app (each in its own process; same run; open loop, evenly paced, ${acks.secondsPerRate} s per rate in ${acks.slices} slices alternating between the two apps; closed loop at 50 connections, median of 3 alternating runs)`,
    '',
    'Commands: the bare app acks `/smbcrm` with an empty body; the bot answers `/smbcrm help` in its ack. Events: a channel message, which both acknowledge and ignore.',
    '',
    '| request | app | max acks/s | ratio to bare | ' +
      acks['bare.command'].loads.map((l) => `p50 / p99 / max at ${l.rate}/s (ms)`).join(' | ') +
      ' |',
    `|---|---|---|---|${acks['bare.command'].loads.map(() => '---').join('|')}|`,
    ...KINDS.flatMap((kind) =>
      (['bare', 'bot'] as const).map((app) => {
        const t: AckTarget = acks[`${app}.${kind}`];
        const bare: AckTarget = acks[`bare.${kind}`];
        const ratio = (t.throughput.perSecond / bare.throughput.perSecond).toFixed(2);
        const cells = t.loads.map(
          (l, i) =>
            `${l.p50} / ${l.p99} / ${l.max}${app === 'bare' ? '' : ` (p99 ×${(l.p99 / (bare.loads[i]?.p99 ?? 1)).toFixed(2)})`}`,
        );
        return `| ${kind} | ${app === 'bare' ? 'bare Bolt' : 'bot'} | ${t.throughput.perSecond} (runs: ${t.throughput.runs.join(', ')}) | ${ratio} | ${cells.join(' | ')} |`;
      }),
    ),
    '',
    `auth.test calls on the Slack simulator both apps use: ${acks.authTestCalls.atStart} at start-up (bare Bolt's one; the bot's Bolt and its own start-up check of the token), ${acks.authTestCalls.total} at the end: never per request.`,
    '',
    `## Memory (the bot in its own process, NODE_OPTIONS=--max-old-space-size=256; ${mem.requests} lookups)`,
    '',
    `RSS after ${mem.warmup ?? 10_000} warm-up lookups: ${mem.afterWarmupMiB} MiB; half-way: ${mem.halfWayMiB} MiB; at the end: ${mem.atEndMiB} MiB; growth over the second half: ${mem.secondHalfGrowthPct}%.`,
    '',
  ].join('\n');
}

/** The README's chart: ack p99 against offered load, bare Bolt and the bot (bench/results/ack-latency.svg). */
export function renderChart(result: BenchResult): string {
  const { acks, date, machine } = result;
  const colors = { command: '#1f6feb', event: '#d97706' };
  return ackChart(
    KINDS.flatMap((kind) =>
      (['bare', 'bot'] as const).map((app) => ({
        name: `${app === 'bare' ? 'bare Bolt' : 'bot'}, ${kind === 'command' ? 'commands' : 'events'}`,
        color: app === 'bare' ? (kind === 'command' ? '#7d8da6' : '#b59a6e') : colors[kind],
        dashed: app === 'bare',
        maxPerSecond: acks[`${app}.${kind}`].throughput.perSecond,
        loads: acks[`${app}.${kind}`].loads,
      })),
    ),
    `Ack p99 vs load, ${date.slice(0, 10)}, ${machine.cores} cores, Node ${machine.node}`,
  );
}
