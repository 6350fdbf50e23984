import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackDriver } from '../../sim/slack/driver.js';
import type { SimMessage } from '../../sim/slack/server.js';
import { type Harness, startHarness } from '../helpers/harness.js';

/** Two bot instances on one Redis, as behind a load balancer. */
let h: Harness;
let b: Awaited<ReturnType<Harness['addInstance']>>;
beforeAll(async () => {
  h = await startHarness();
  b = await h.addInstance();
});
afterAll(() => h.close());

const BOT = () => `<@${h.slack.botUserId}>`;
const executes = () => h.smbcrm.exchanges.filter((e) => e.path.endsWith('/execute'));
const executionOf = (i: number) => (executes()[i]!.response as { executionId: string }).executionId;
const sentBody = (i: number) => executes()[i]?.body as { message: string; executionId?: string };

/** The events Slack would send for a person's message, without adding it again. */
function deliver(
  driver: SlackDriver,
  m: SimMessage,
  kind: 'message' | 'app_mention' = 'message',
  opts: { eventId?: string; retryNum?: number } = {},
) {
  const base = {
    user: m.user,
    text: m.text,
    ts: m.ts,
    channel: m.channel,
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
  };
  return driver.event(
    kind === 'message'
      ? { type: 'message', channel_type: 'channel', ...base }
      : { type: 'app_mention', ...base },
    opts,
  );
}

async function startThread(text: string) {
  const { message } = await h.driver.say({ user: 'U0ALICE', channel: 'C0SALES', text: `${BOT()} ${text}` });
  await h.answers('C0SALES', message.ts);
  return message.ts;
}

describe('one conversation, any instance', () => {
  it('a thread started on one instance continues on the other, with the same execution', async () => {
    const root = await startThread('tell me about Jordan Lee');
    const first = executes().length - 1;
    await b.driver.say({ user: 'U0ALICE', channel: 'C0SALES', threadTs: root, text: 'and his deals?' });
    await h.answers('C0SALES', root, 2);
    expect(sentBody(first + 1).executionId).toBe(executionOf(first));
    expect(h.smbcrm.agents.executions.get(executionOf(first))?.turns).toHaveLength(2);
  });

  it('an instance restarted mid-conversation picks the thread up where it was', async () => {
    const root = await startThread('tell me about Priya Patel');
    const first = executes().length - 1;
    await b.stop();
    b = await h.addInstance();
    await b.driver.say({
      user: 'U0BOB',
      channel: 'C0SALES',
      threadTs: root,
      text: 'what opportunities does she have?',
    });
    const answers = await h.answers('C0SALES', root, 2);
    expect(sentBody(first + 1).executionId).toBe(executionOf(first));
    expect(JSON.stringify(answers[1]?.blocks)).toContain('Clinic fit-out');
  });
});

describe('exactly once', () => {
  it('a retried event delivered to both instances at once gives one execute and one answer', async () => {
    const before = executes().length;
    const m = h.slack.addMessage({
      channel: 'C0SALES',
      user: 'U0ALICE',
      text: `${BOT()} how many deals per stage?`,
    });
    const eventId = 'EvDUPLICATE0001';
    const from = h.logs.lines.length;
    const results = await Promise.all([
      deliver(h.driver, m, 'app_mention', { eventId }),
      deliver(b.driver, m, 'app_mention', { eventId }),
      deliver(b.driver, m, 'app_mention', { eventId, retryNum: 1 }),
      deliver(h.driver, m, 'app_mention', { eventId, retryNum: 2 }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await h.answers('C0SALES', m.ts);
    await h.requestsDone(4, from, 'event'); // both instances have finished with all four deliveries
    expect(executes().length - before).toBe(1);
    expect(h.botReplies('C0SALES', m.ts)).toHaveLength(1);
  });

  it('a mention Slack delivers twice (app_mention and message), to two instances, is answered once', async () => {
    const root = await startThread('tell me about Jordan Smith');
    const before = executes().length;
    const m = h.slack.addMessage({
      channel: 'C0SALES',
      user: 'U0BOB',
      thread_ts: root,
      text: `${BOT()} and his company?`,
    });
    const from = h.logs.lines.length;
    await Promise.all([deliver(h.driver, m, 'app_mention'), deliver(b.driver, m, 'message')]);
    await h.answers('C0SALES', root, 2);
    await h.requestsDone(2, from, 'event');
    expect(executes().length - before).toBe(1);
  });
});

describe('one turn at a time per thread', () => {
  it('messages arriving together are all answered, oldest first, in one execution', async () => {
    const root = await startThread('tell me about Jordan Lee');
    const executionId = executionOf(executes().length - 1);
    const before = executes().length;
    // The first turn is slow, so the next two queue behind it; the newer one reaches Redis first.
    h.smbcrm.inject({ path: /\/execute$/, delayMs: 400 });
    const [m1, m2, m3] = ['first question', 'second question', 'third question'].map((text) =>
      h.slack.addMessage({ channel: 'C0SALES', user: 'U0ALICE', thread_ts: root, text }),
    ) as [SimMessage, SimMessage, SimMessage];
    // Each turn posts its placeholder once it is claimed, before it queues for the thread: wait for that, so the
    // three reach the queue in the order m1, m3, m2.
    const placeholders = () =>
      h.slack.calls.filter(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.args.thread_ts === root &&
          String(c.args.text).startsWith('Asking the agent'),
      ).length;
    const already = placeholders();
    const sending = [deliver(h.driver, m1)];
    await h.slack.waitFor(() => (placeholders() >= already + 1 ? true : undefined));
    sending.push(deliver(b.driver, m3));
    await h.slack.waitFor(() => (placeholders() >= already + 2 ? true : undefined));
    sending.push(deliver(h.driver, m2));
    await Promise.all(sending);
    await h.answers('C0SALES', root, 4, 10_000);
    const turns = executes().slice(before);
    expect(turns.map((t) => (t.body as { message: string }).message.split(': ')[1])).toEqual([
      'first question',
      'second question',
      'third question',
    ]);
    expect(new Set(turns.map((t) => (t.body as { executionId: string }).executionId))).toEqual(
      new Set([executionId]),
    );
    expect(turns.map((t) => (t.response as { executionId: string }).executionId)).toEqual([
      executionId,
      executionId,
      executionId,
    ]);
  });
});
