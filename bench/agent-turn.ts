import { Redis } from 'ioredis';
import { startBenchStack } from './stack.js';
import { summarize } from './stats.js';

/**
 * Agent turn overhead: what the bot adds to a turn beyond the Agent Studio execute call. The simulator answers
 * execute after a fixed delay; the overhead is (event sent → answer posted) − that delay. Redis commands per turn
 * are counted with MONITOR: those the bot sends (each at most one round trip; concurrent ones are auto-pipelined)
 * and those its Lua scripts run inside Redis. One turn at a time; each thread has a first turn and follow-ups.
 */
const EXECUTE_MS = 150;

/** Counts what Redis executes, as MONITOR reports it: commands sent by clients, and commands run by Lua scripts. */
async function countRedis(url: string) {
  const admin = new Redis(url);
  const monitor = await admin.monitor();
  const counts = { sent: 0, lua: 0 };
  monitor.on('monitor', (_time: string, _args: string[], source: string) => {
    if (source === 'lua') counts.lua += 1;
    else counts.sent += 1;
  });
  return {
    counts,
    stop: () => {
      monitor.disconnect();
      admin.disconnect();
    },
  };
}

export async function agentTurnOverhead(options: { threads: number; turnsPerThread: number }) {
  const { redisUrl, slack, driver, stop } = await startBenchStack({
    smbcrm: { record: false, latencyMs: (path) => (path.endsWith('/execute') ? EXECUTE_MS : 0) },
  });
  const answered = (threadTs: string, n: number) =>
    slack.waitFor(() => {
      const done = slack.messages.filter(
        (m) => m.thread_ts === threadTs && JSON.stringify(m.blocks ?? []).includes('agent_feedback_up'),
      );
      return done.length >= n ? true : undefined;
    }, 15_000);

  const ack: number[] = [];
  const overhead: number[] = [];
  const first: number[] = [];
  const followUp: number[] = [];
  const redisCount = await countRedis(redisUrl);
  for (let t = 0; t < options.threads; t++) {
    let root = '';
    for (let turn = 0; turn < options.turnsPerThread; turn++) {
      const started = performance.now();
      const said = await driver.say({
        user: 'U0BENCH',
        channel: 'C0BENCH',
        text: turn === 0 ? `<@${slack.botUserId}> tell me about Jordan Lee` : 'and his deals?',
        ...(turn === 0 ? {} : { threadTs: root }),
        deliverAs: turn === 0 ? ['app_mention'] : ['message'],
      });
      ack.push(performance.now() - started);
      if (turn === 0) root = said.message.ts;
      await answered(root, turn + 1);
      const cost = performance.now() - started - EXECUTE_MS;
      overhead.push(cost);
      (turn === 0 ? first : followUp).push(cost);
    }
  }
  const turns = options.threads * options.turnsPerThread;
  await new Promise((r) => setTimeout(r, 100)); // let MONITOR deliver the last lines
  const perTurn = (n: number) => Math.round((n / turns) * 10) / 10;
  const redisPerTurn = { sent: perTurn(redisCount.counts.sent), insideLua: perTurn(redisCount.counts.lua) };
  redisCount.stop();
  await stop();
  return {
    turns,
    executeMs: EXECUTE_MS,
    eventAckMs: summarize(ack),
    addedMs: summarize(overhead),
    addedFirstTurnMs: summarize(first),
    addedFollowUpMs: summarize(followUp),
    redisPerTurn,
  };
}
