import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMessage, messageText } from '../../sim/slack/block-kit.js';
import { buttonsOf, type Harness, startHarness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ slack: { experience: 'assistant' } }); // the legacy pane (agent view: agent-view.test.ts)
});
afterAll(() => h.close());

const BOT = () => `<@${h.slack.botUserId}>`;
const executes = () => h.smbcrm.exchanges.filter((e) => e.path.endsWith('/execute'));
const markdownOf = (m: { blocks?: unknown[] }) =>
  (m.blocks ?? [])
    .map((b) =>
      (b as { type: string; text?: string }).type === 'markdown' ? (b as { text: string }).text : '',
    )
    .join('');

describe('a mention in a channel', () => {
  let root: string;

  it('is answered in a thread under it; the first turn starts an execution', async () => {
    const before = executes().length;
    const { message } = await h.driver.say({
      user: 'U0ALICE',
      channel: 'C0SALES',
      text: `${BOT()} tell me about Jordan Lee`,
    });
    root = message.ts;
    const [answer] = await h.answers('C0SALES', root);
    const call = executes()[before]!;
    expect(call.body).toEqual({
      locationId: 'LocSimAcme00000001',
      message: 'Alice Ames (in #sales): tell me about Jordan Lee',
    });
    expect(call.headers.version).toBe('2021-04-15');
    expect(markdownOf(answer!)).toContain('### Jordan Lee');
    expect(markdownOf(answer!)).toContain('Hi Alice!');
    // The "working on it" placeholder became the answer: one bot message in the thread.
    expect(h.botReplies('C0SALES', root)).toHaveLength(1);
    expect(buttonsOf(answer!).map((b) => b.element.action_id)).toEqual([
      'agent_feedback_up',
      'agent_feedback_down',
    ]);
  });

  it('a follow-up in the thread, without a mention, continues the same execution with its context', async () => {
    const first = executes().at(-1)!.response as { executionId: string };
    await h.driver.say({
      user: 'U0BOB',
      channel: 'C0SALES',
      threadTs: root,
      text: 'and what about his deals?',
    });
    const answers = await h.answers('C0SALES', root, 2);
    const call = executes().at(-1)!;
    expect(call.body).toMatchObject({
      executionId: first.executionId,
      message: 'Bob Burns (in #sales): and what about his deals?',
    });
    expect(markdownOf(answers[1]!)).toContain('Website redesign');
    expect(h.smbcrm.agents.executions.get(first.executionId)?.turns).toHaveLength(2);
  });

  it('replies in threads the bot is not part of are ignored, and so is channel chatter', async () => {
    const before = executes().length;
    const from = h.logs.lines.length;
    const other = h.slack.addMessage({ channel: 'C0SALES', user: 'U0BOB', text: 'lunch?' });
    await h.driver.say({ user: 'U0ALICE', channel: 'C0SALES', threadTs: other.ts, text: 'sure' });
    await h.driver.say({ user: 'U0ALICE', channel: 'C0SALES', text: 'top-level chatter' });
    await h.requestsDone(2, from, 'event'); // the bot has finished with both
    expect(executes().length).toBe(before);
  });

  it('its own messages, other bots, edits, deletions and joins are ignored', async () => {
    const before = executes().length;
    const from = h.logs.lines.length;
    const base = { channel: 'C0SALES', channel_type: 'channel', thread_ts: root };
    await h.driver.event({
      type: 'message',
      ...base,
      user: h.slack.botUserId,
      bot_id: h.slack.botId,
      text: 'mine',
      ts: '1.1',
    });
    await h.driver.event({
      type: 'message',
      ...base,
      bot_id: 'B0OTHER',
      user: 'U0OTHERBOT',
      text: 'beep',
      ts: '1.2',
    });
    await h.driver.event({
      type: 'message',
      ...base,
      subtype: 'bot_message',
      bot_id: 'B0OTHER',
      text: 'beep',
      ts: '1.3',
    });
    await h.driver.event({
      type: 'message',
      ...base,
      subtype: 'message_changed',
      hidden: true,
      message: { text: 'edit' },
      ts: '1.4',
    });
    await h.driver.event({ type: 'message', ...base, subtype: 'message_deleted', hidden: true, ts: '1.5' });
    await h.driver.event({
      type: 'message',
      ...base,
      subtype: 'channel_join',
      user: 'U0BOB',
      text: 'joined',
      ts: '1.6',
    });
    await h.driver.event({
      type: 'app_mention',
      channel: 'C0SALES',
      user: 'U0ALICE',
      text: `${BOT()} edited`,
      ts: '1.7',
      edited: { ts: '1.8' },
    });
    // Seven events; Bolt's ignoreSelf drops the bot's own before any listener or log line, the bot finishes the rest.
    await h.requestsDone(6, from, 'event');
    expect(executes().length).toBe(before);
  });
});

describe('direct messages and the assistant pane', () => {
  it('a top-level DM starts a conversation in its thread; a reply in that thread continues it', async () => {
    const { message } = await h.driver.say({
      user: 'U0ALICE',
      channel: 'D0ALICE',
      text: 'how many deals per stage?',
    });
    const [first] = await h.answers('D0ALICE', message.ts);
    expect(markdownOf(first!)).toContain('## Open deals by stage');
    expect(executes().at(-1)!.body).toMatchObject({
      message: 'Alice Ames (in a direct message): how many deals per stage?',
    });
    const executionId = (executes().at(-1)!.response as { executionId: string }).executionId;
    // The reply reaches the bot through Bolt's Assistant middleware, which takes every DM thread message.
    await h.driver.say({
      user: 'U0ALICE',
      channel: 'D0ALICE',
      threadTs: message.ts,
      text: 'what did I ask earlier?',
    });
    const answers = await h.answers('D0ALICE', message.ts, 2);
    expect(executes().at(-1)!.body).toMatchObject({ executionId });
    expect(markdownOf(answers[1]!)).toContain('1. how many deals per stage?');
  });

  it('assistant_thread_started: a greeting and suggested prompts', async () => {
    const thread = {
      user_id: 'U0BOB',
      channel_id: 'D0BOB',
      thread_ts: '1761000000.000001',
      context: { channel_id: 'C0SALES' },
    };
    await h.driver.event({
      type: 'assistant_thread_started',
      assistant_thread: thread,
      event_ts: '1761000000.000002',
    });
    const prompts = await h.slack.waitFor(() =>
      h.slack.calls.find((c) => c.method === 'assistant.threads.setSuggestedPrompts'),
    );
    expect(prompts.args.thread_ts).toBe(thread.thread_ts);
    expect(JSON.stringify(prompts.args.prompts)).toContain('Deals by stage');
    const greeting = h.slack.messages.find((m) => m.channel === 'D0BOB' && m.thread_ts === thread.thread_ts);
    expect(greeting?.text).toContain('Ask me about your SMBcrm contacts');
  });

  it('a question in the pane: a title, a "thinking" status, then the answer', async () => {
    const threadTs = '1761000000.000001';
    await h.driver.say({ user: 'U0BOB', channel: 'D0BOB', threadTs, text: 'Tell me about Priya Patel' });
    const [answer] = await h.answers('D0BOB', threadTs);
    expect(markdownOf(answer!)).toContain('Priya Patel');
    const title = h.slack.calls.find(
      (c) => c.method === 'assistant.threads.setTitle' && c.args.channel_id === 'D0BOB',
    );
    expect(title?.args).toMatchObject({
      channel_id: 'D0BOB',
      thread_ts: threadTs,
      title: 'Tell me about Priya Patel',
    });
    const status = h.slack.calls.find(
      (c) => c.method === 'assistant.threads.setStatus' && c.args.channel_id === 'D0BOB',
    );
    expect(status?.args).toMatchObject({ channel_id: 'D0BOB', thread_ts: threadTs, status: 'is thinking…' });
  });
});

describe('/smbcrm ask and "Ask the agent"', () => {
  it('/smbcrm ask posts the question in the channel and answers in its thread', async () => {
    const ack = await h.driver.command({
      user: 'U0ALICE',
      channel: 'C0SALES',
      text: 'ask how many deals per stage?',
    });
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    const root = await h.slack.waitFor(() =>
      h.slack.messages.find(
        (m) =>
          m.channel === 'C0SALES' &&
          !m.thread_ts &&
          messageText(m).includes('asked the agent: how many deals'),
      ),
    );
    expect(messageText(root)).toContain('<@U0ALICE> asked the agent');
    const [answer] = await h.answers('C0SALES', root.ts);
    expect(markdownOf(answer!)).toContain('Open deals by stage');
  });

  it('"Ask the agent" on a lookup card starts a thread about that contact, with its id', async () => {
    await h.command('lookup jordan.lee@example.com');
    const card = h.latestMessage()!;
    expect(buttonsOf(card).map((b) => b.element.action_id)).toContain('contact_ask');
    await h.driver.click({ user: 'U0ALICE', message: card, actionId: 'contact_ask' });
    const root = await h.slack.waitFor(() =>
      h.slack.messages.find(
        (m) =>
          m.channel === 'C0SALES' &&
          !m.thread_ts &&
          messageText(m).includes('asked the agent: about *Jordan Lee*'),
      ),
    );
    const [answer] = await h.answers('C0SALES', root.ts);
    const call = executes().at(-1)!;
    expect(call.body).toMatchObject({ contactId: 'CtcSimJordan000001' });
    expect(String((call.body as { message: string }).message)).toContain(
      'Tell me about Jordan Lee (Lee Landscaping): 2 open opportunities worth $5,400.50.',
    );
    expect(markdownOf(answer!)).toContain('### Jordan Lee');
  });
});

describe('answers', () => {
  it('long answers arrive whole, split into messages within Block Kit limits', async () => {
    const { message } = await h.driver.say({
      user: 'U0ALICE',
      channel: 'C0SALES',
      text: `${BOT()} give me the full report`,
    });
    const full = executes().length;
    await h.slack.waitFor(() => (executes().length > full - 1 ? true : undefined));
    const [last] = await h.answers('C0SALES', message.ts, 1, 15_000);
    const parts = h.botReplies('C0SALES', message.ts);
    const response = (executes().at(-1)!.response as { response: string }).response;
    expect(response.length).toBeGreaterThan(30_000);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts) expect(checkMessage(p).error).toBeUndefined();
    const joined = parts.map(markdownOf).join('\n');
    expect(joined).toContain('end of report');
    // Every line of the answer is there (pieces only add fence lines where a code block was cut).
    for (const line of response.split('\n')) expect(joined).toContain(line);
    expect(messageText(last!)).toContain(`Part ${parts.length} of ${parts.length}`);
  });

  it('👍/👎 are logged with the execution and interaction ids', async () => {
    const { message } = await h.driver.say({
      user: 'U0ALICE',
      channel: 'C0SALES',
      text: `${BOT()} summarise Priya Patel`,
    });
    const [answer] = await h.answers('C0SALES', message.ts);
    const { executionId, interactionId } = executes().at(-1)!.response as {
      executionId: string;
      interactionId: string;
    };
    await h.driver.click({ user: 'U0BOB', message: answer!, actionId: 'agent_feedback_down' });
    const log = await h.slack.waitFor(() => h.logs.parsed().find((l) => l.msg === 'agent feedback'));
    expect(log).toMatchObject({ rating: 'down', executionId, interactionId, user: 'U0BOB' });
  });
});
