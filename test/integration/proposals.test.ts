import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messageText } from '../../sim/slack/block-kit.js';
import type { SimMessage } from '../../sim/slack/server.js';
import { LINKED_USERS } from '../helpers/fixtures.js';
import { buttonsOf, type Harness, startHarness } from '../helpers/harness.js';

/**
 * The agent proposes, a person approves: `smbcrm-action` blocks in Agent Studio's answer become the approval cards the
 * slash commands make, in the thread, on any instance; what cannot be proposed is one line; nothing the agent writes
 * is a write.
 */
const WEB = 'OppSimJordanWeb001';
const QUALIFIED = 'c1a7e3b0-0000-4000-8000-000000000002';
const PROPOSAL = 'c1a7e3b0-0000-4000-8000-000000000003';
const block = (action: unknown) =>
  `\`\`\`smbcrm-action\n${typeof action === 'string' ? action : JSON.stringify(action)}\n\`\`\``;

describe('the agent proposes, a person approves', () => {
  let h: Harness;
  let b: Awaited<ReturnType<Harness['addInstance']>>;
  let since = 0;
  const writes = () =>
    h.smbcrm.exchanges
      .slice(since)
      .filter(
        (e) => e.method !== 'GET' && !e.path.endsWith('/search') && !e.path.startsWith('/agent-studio'),
      );
  beforeAll(async () => {
    h = await startHarness({ slack: { users: LINKED_USERS } });
    b = await h.addInstance();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    Object.assign(h.smbcrm.db.opportunities.find((o) => o.id === WEB)!, {
      pipelineStageId: QUALIFIED,
      status: 'open',
    });
    h.smbcrm.db.notes.length = 0;
    since = h.smbcrm.exchanges.length;
  });

  /** Mentions the bot; resolves once the answer (and whatever it proposed) is in the thread. */
  async function askAgent(text: string, user = 'U0ALICE') {
    const from = h.logs.lines.length;
    const { message } = await h.driver.say({
      user,
      channel: 'C0SALES',
      text: `<@${h.slack.botUserId}> ${text}`,
    });
    // The turn's last log line, written once the answer and its proposals are in the thread.
    await h.logs.waitFor((l) => l.msg === 'agent turn answered', from);
    const thread = () =>
      h.slack.messages.filter((m) => m.channel === 'C0SALES' && m.thread_ts === message.ts && m.bot_id);
    return { root: message, thread };
  }
  const cardsIn = (msgs: SimMessage[]) =>
    msgs.filter((m) => buttonsOf(m).some((x) => x.element.action_id === 'approval_approve'));

  it('a stage move the agent proposes: its card in the thread, the block not shown, approved once across two instances', async () => {
    const { thread } = await askAgent('move Website redesign to Proposal Sent');
    const answer = thread().find((m) => JSON.stringify(m.blocks).includes('agent_feedback_up'))!;
    expect(messageText(answer)).toContain('I can move **Website redesign**');
    expect(messageText(answer)).not.toContain('smbcrm-action');
    const [card] = cardsIn(thread());
    expect(messageText(card!)).toContain('*Stage:* Qualified  →  *Proposal Sent*');
    expect(messageText(card!)).toContain('proposed by the agent for <@U0ALICE> (Alex Rivera in SMBcrm)');
    expect(writes()).toHaveLength(0);
    await Promise.all([
      h.driver.click({ user: 'U0BOB', message: card!, actionId: 'approval_approve' }),
      b.driver.click({ user: 'U0BOB', message: card!, actionId: 'approval_approve' }),
    ]);
    await h.slack.waitFor(() => (messageText(card!).includes('Moved') ? true : undefined));
    expect(writes().map((e) => `${e.method} ${e.path}`)).toEqual([`PUT /opportunities/${WEB}`]);
    expect(h.smbcrm.db.opportunities.find((o) => o.id === WEB)?.pipelineStageId).toBe(PROPOSAL);
  });

  it('a note the agent proposes: the asker’s own private card in the thread; their Confirm writes it, credited to them', async () => {
    const { root } = await askAgent('note on Jordan Lee: called, wants a quote');
    const card = h.slack.messages.find(
      (m) => m.thread_ts === root.ts && m.visibleTo === 'U0ALICE' && cardsIn([m]).length,
    )!;
    expect(messageText(card)).toContain('add a note to *Jordan Lee*');
    await h.click('U0ALICE', card, 'approval_approve');
    expect(writes().map((e) => e.body)).toEqual([
      { body: 'called, wants a quote', userId: 'UsrSimAlex00000001' },
    ]);
  });

  it('the simulated agent proposes for plain requests: won, a reminder, a tag', async () => {
    const won = await askAgent('mark Website redesign won');
    expect(messageText(cardsIn(won.thread())[0]!)).toContain('mark *Website redesign* won');
    const remind = await askAgent('tell me about Jordan Lee and remind me to call him tomorrow');
    const task = h.slack.messages.find(
      (m) => m.thread_ts === remind.root.ts && m.visibleTo === 'U0ALICE' && cardsIn([m]).length,
    );
    expect(messageText(task!)).toContain('*Task:* call him');
    const tag = await askAgent('tag Jordan Lee hot');
    const tags = h.slack.messages.find(
      (m) => m.thread_ts === tag.root.ts && m.visibleTo === 'U0ALICE' && cardsIn([m]).length,
    );
    expect(messageText(tags!)).toContain('*Add:* hot');
    expect(writes()).toHaveLength(0);
  });

  it('the same proposal twice in a thread while the first is pending: one card', async () => {
    const { root, thread } = await askAgent('move Website redesign to Proposal Sent');
    const from = h.logs.lines.length;
    await h.driver.say({
      user: 'U0ALICE',
      channel: 'C0SALES',
      threadTs: root.ts,
      text: 'move Website redesign to Proposal Sent',
    });
    await h.logs.waitFor((l) => l.msg === 'agent turn answered', from);
    expect(cardsIn(thread())).toHaveLength(1);
  });

  it('what does not resolve is said, not guessed: an unknown stage, several contacts, an unknown SMBcrm user', async () => {
    h.smbcrm.agents.scripted.push(
      [
        'Done, I think.',
        block({ action: 'move_stage', opportunity: 'Website redesign', stage: 'Signed in blood' }),
        block({ action: 'add_note', contact: 'jordan', text: 'which one?' }),
        block({ action: 'assign', opportunity: 'Website redesign', to: 'nobody@nowhere.test' }),
      ].join('\n\n'),
    );
    const { thread } = await askAgent('anything');
    const t = thread()
      .map((m) => messageText(m))
      .join('\n');
    expect(t).toContain('has no stage “Signed in blood”');
    expect(t).toContain('2 contacts match “jordan”');
    expect(t).toContain('no SMBcrm user matches “nobody@nowhere.test”');
    expect(writes()).toHaveLength(0);
    expect(cardsIn(thread())).toHaveLength(0);
  });

  it('a careless or hostile agent: nothing writes, each bad block is one line, the rest of the answer still shows', async () => {
    h.smbcrm.agents.scripted.push(
      [
        'Here is what I would do. <!channel> see <https://evil.example|this>',
        block('{"action": "move_stage", "opportunity": "Website redesign"'), // malformed
        block({
          action: 'move_stage',
          opportunity: 'Website redesign',
          stage: 'Proposal Sent',
          approved: true,
        }),
        block({ action: 'set_status', opportunity: 'Website redesign', status: 'closed' }), // wrong value
        block({ action: 'add_note', contact: 'Jordan Lee', text: 'x'.repeat(6_000) }), // enormous
        block({ action: 'add_note', contact: 'CtcSimOtherLee0008', text: 'another sub-account' }),
        block({ action: 'drop_database', contact: 'Jordan Lee' }),
        ...Array.from({ length: 14 }, () =>
          block({ action: 'add_tags', contact: '<!channel>', tags: ['x'] }),
        ),
      ].join('\n\n'),
    );
    const { thread } = await askAgent('anything');
    expect(writes()).toHaveLength(0);
    expect(cardsIn(thread())).toHaveLength(0);
    const all = thread()
      .map((m) => messageText(m))
      .join('\n');
    expect(all).toContain('Here is what I would do.');
    const notes = thread().find((m) => messageText(m).includes('Not proposed'))!;
    const t = messageText(notes);
    expect(t).toContain('Not proposed: it is not one JSON object.');
    expect(t).toContain('has a field the bot does not take (approved)');
    expect(t).toMatch(/set_status status: /);
    expect(t).toMatch(/add_note text: /);
    expect(t).toContain('no contact matches “CtcSimOtherLee0008”');
    expect(t).toContain('The agent proposed 15 more changes; only the first 5 are shown.');
    for (const m of thread()) {
      expect(m.live ?? []).not.toContain('<!channel>');
      expect(JSON.stringify(m.live ?? [])).not.toContain('evil.example');
    }
  });
});
