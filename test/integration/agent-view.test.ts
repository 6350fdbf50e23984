import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageText } from '../../sim/slack/block-kit.js';
import { type Harness, startHarness, withHarness } from '../helpers/harness.js';

/**
 * Slack's agent messaging experience (`features.agent_view`, the default for new apps): conversations live in the
 * app's Messages tab, `app_home_opened` with `tab: "messages"` replaces `assistant_thread_started`, DM threads have
 * no `assistant_app_thread` root (a person's top-level message is the root), and suggested prompts take no
 * `thread_ts`. Everything the legacy pane does works here too: prompts, a greeting, a title, "is thinking…",
 * feedback buttons, one Agent Studio execution per thread. (The legacy pane: test/integration/conversations.test.ts.)
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ slack: { experience: 'agent' } });
});
afterAll(() => h.close());

// The turns' executes (the setup check, run in the background once a Home tab opens, probes with an empty body).
const executes = () =>
  h.smbcrm.exchanges.filter((e) => e.path.endsWith('/execute') && Object.keys(e.body ?? {}).length > 0);
const calls = (method: string, channel: string) =>
  h.slack.calls.filter((c) => c.method === method && c.args.channel_id === channel);

describe('the Messages tab opened', () => {
  it('sets the suggested prompts without thread_ts and greets once; opening it again soon does nothing more', async () => {
    const from = h.logs.lines.length;
    await h.driver.openMessagesTab('U0ALICE', 'D0ALICE');
    await h.logs.waitFor((l) => l.msg === 'slack request' && l.name === 'app_home_opened', from);
    const [prompts] = calls('assistant.threads.setSuggestedPrompts', 'D0ALICE');
    expect(prompts?.args.thread_ts).toBeUndefined();
    expect((prompts?.args.prompts as unknown[] | undefined)?.length).toBeLessThanOrEqual(4);
    expect(JSON.stringify(prompts?.args.prompts)).toContain('Deals by stage');
    const greetings = () =>
      h.slack.messages.filter((m) => m.channel === 'D0ALICE' && m.bot_id && !m.thread_ts);
    expect(greetings()).toHaveLength(1);
    expect(greetings()[0]?.text).toContain('Ask me about your SMBcrm contacts');

    const again = h.logs.lines.length;
    await h.driver.openMessagesTab('U0ALICE', 'D0ALICE');
    const line = await h.logs.waitFor(
      (l) => l.msg === 'slack request' && l.name === 'app_home_opened',
      again,
    );
    expect(line.result).toBe('quiet');
    expect(calls('assistant.threads.setSuggestedPrompts', 'D0ALICE')).toHaveLength(1);
    expect(greetings()).toHaveLength(1);
  });

  it('the Home tab opening is not a conversation: the Home tab is published, no greeting is posted', async () => {
    const messages = h.slack.messages.length;
    const from = h.logs.lines.length;
    await h.driver.event({
      type: 'app_home_opened',
      user: 'U0BOB',
      channel: 'D0BOB',
      tab: 'home',
      event_ts: '1.2',
    });
    await h.logs.waitFor((l) => l.msg === 'slack request' && l.name === 'app_home_opened', from);
    expect(h.slack.home.homes.get('U0BOB')?.view.type).toBe('home');
    expect(h.slack.messages.slice(messages)).toEqual([]);
  });
});

describe('a conversation in the Messages tab', () => {
  it('a message starts a thread: a title, "is thinking…" (no placeholder), the answer with feedback; a reply continues the execution', async () => {
    const { message } = await h.driver.say({
      user: 'U0BOB',
      channel: 'D0BOB',
      text: 'Tell me about Priya Patel',
    });
    const [answer] = await h.answers('D0BOB', message.ts);
    expect(messageText(answer!)).toContain('Priya Patel');
    expect(JSON.stringify(answer?.blocks)).toContain('agent_feedback_up');
    expect(calls('assistant.threads.setTitle', 'D0BOB')[0]?.args).toMatchObject({
      thread_ts: message.ts,
      title: 'Tell me about Priya Patel',
    });
    expect(calls('assistant.threads.setStatus', 'D0BOB')[0]?.args).toMatchObject({
      thread_ts: message.ts,
      status: 'is thinking…',
    });
    // The answer is a new message in the thread, not an edited placeholder.
    expect(
      h.botReplies('D0BOB', message.ts).filter((m) => messageText(m).includes('Asking the agent')),
    ).toEqual([]);

    const executionId = (executes().at(-1)?.response as { executionId: string } | undefined)?.executionId;
    await h.driver.say({ user: 'U0BOB', channel: 'D0BOB', threadTs: message.ts, text: 'and her deals?' });
    await h.answers('D0BOB', message.ts, 2);
    expect(executes().at(-1)?.body).toMatchObject({ executionId });
  });
});

describe('a workspace where Slack refuses the agent utilities', () => {
  it('a DM still gets its answer, with a placeholder instead of the status', async () => {
    await withHarness({ slack: { experience: 'none' } }, async (n) => {
      const { message } = await n.driver.say({ user: 'U0BOB', channel: 'D0BOB', text: 'hello' });
      const [answer] = await n.answers('D0BOB', message.ts);
      expect(JSON.stringify(answer?.blocks)).toContain('agent_feedback_up');
      expect(n.slack.calls.find((c) => c.method === 'assistant.threads.setStatus')?.ok).toBe(false);
      // The placeholder was posted, then turned into the answer.
      expect(n.slack.calls.some((c) => c.method === 'chat.update' && c.args.channel === 'D0BOB')).toBe(true);
    });
  });
});
