import { describe, expect, it } from 'vitest';
import { keysEverywhere } from '../../services/platform/store/redis.js';
import { messageText } from '../../sim/slack/block-kit.js';
import { LIMITED_TOKEN } from '../../sim/smbcrm/seed.js';
import { buttonsOf, type Harness, withHarness } from '../helpers/harness.js';

const executes = (h: Harness) => h.smbcrm.exchanges.filter((e) => e.path.endsWith('/execute'));
const mention = (h: Harness, text: string, channel = 'C0SALES') =>
  h.driver
    .say({ user: 'U0ALICE', channel, text: `<@${h.slack.botUserId}> ${text}` })
    .then((r) => r.message.ts);

describe('the two execute dialects (reference §8.3)', () => {
  it('a server that wants `input` gets the turn re-sent once in that form, and keeps getting it', async () => {
    await withHarness({ smbcrm: { executeDialect: 'input' } }, async (h) => {
      const root = await mention(h, 'tell me about Jordan Lee');
      await h.answers('C0SALES', root);
      const [refused, accepted] = executes(h);
      expect(refused?.status).toBe(422);
      expect(refused?.response).toMatchObject({
        message: expect.arrayContaining(['property message should not exist']),
      });
      expect(accepted?.body).toMatchObject({ input: 'Alice Ames (in #sales): tell me about Jordan Lee' });
      await h.driver.say({ user: 'U0ALICE', channel: 'C0SALES', threadTs: root, text: 'and his deals?' });
      await h.answers('C0SALES', root, 2);
      expect(executes(h).map((e) => e.status)).toEqual([422, 200, 200]);
      expect(Object.keys(executes(h)[2]?.body as object)).toContain('input');
      expect(
        h.logs.parsed().filter((l) => String(l.msg).includes('expects the text in "input"')),
      ).toHaveLength(1);
    });
  });
});

describe('an agent that cannot answer, found at start-up', () => {
  it.each([
    [
      'an agent id Agent Studio does not know',
      { SMBCRM_AGENT_ID: 'AgtNoSuchAgent00000' },
      'not_found',
      'does not know the agent in `SMBCRM_AGENT_ID`',
    ],
    [
      'an agent that was never published',
      { SMBCRM_AGENT_ID: 'AgtSimDraft00000002' },
      'unpublished',
      'has no *published Production version*',
    ],
    ['an inactive agent', { SMBCRM_AGENT_ID: 'AgtSimOff000000003' }, 'inactive', 'is not *Active*'],
  ])(
    '%s: a warning at start-up, /readyz stays ready, and a mention is told what an admin must do',
    async (_name, env, why, words) => {
      await withHarness({ env }, async (h) => {
        const warning = h.logs
          .parsed()
          .find((l) => String(l.msg).startsWith('the Agent Studio agent cannot answer'));
        expect(warning).toMatchObject({ level: 40, why });
        expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
        const root = await mention(h, 'hello');
        const reply = await h.slack.waitFor(() => h.botReplies('C0SALES', root).at(-1));
        expect(messageText(reply)).toContain(words);
        expect(messageText(reply)).toContain('`/smbcrm lookup` works meanwhile');
        expect(executes(h)).toEqual([]); // nothing sent to an agent that cannot answer
      });
    },
  );

  it('an agent fixed by an admin is picked up without a restart (checked again at most once a minute)', async () => {
    await withHarness({ env: { SMBCRM_AGENT_ID: 'AgtSimDraft00000002' } }, async (h) => {
      h.smbcrm.db.agents.find((a) => a.agentId === 'AgtSimDraft00000002')!.published = true;
      expect(h.bot.services.agentAvailability?.current.state).toBe('unavailable');
      expect((await h.bot.services.agentAvailability?.check())?.state).toBe('ready');
      const root = await mention(h, 'hello');
      await h.answers('C0SALES', root);
      expect(executes(h).map((e) => e.status)).toEqual([200]);
    });
  });
});

describe('agent failures during a turn, told in the thread with the fix and a Try again button', () => {
  it('the agent unpublished after start-up: execute is refused (400) and the fix is named', async () => {
    await withHarness({}, async (h) => {
      h.smbcrm.db.agents.find((a) => a.agentId === 'AgtSimFrontDesk0001')!.published = false;
      const root = await mention(h, 'hello');
      const [failed] = await h.answers('C0SALES', root);
      expect(executes(h).map((e) => e.status)).toEqual([400]);
      expect(messageText(failed!)).toContain('check `SMBCRM_AGENT_ID`');
      expect(messageText(failed!)).toContain('*published Production version*');
      expect(buttonsOf(failed!).map((b) => b.element.action_id)).toEqual(['agent_retry']);
    });
  });

  it('a token without agent-studio.write (401): names the token and the scope', async () => {
    await withHarness({ env: { SMBCRM_TOKEN: LIMITED_TOKEN } }, async (h) => {
      const root = await mention(h, 'hello');
      const [failed] = await h.answers('C0SALES', root);
      expect(messageText(failed!)).toContain('`agent-studio.write`');
    });
  });

  it('a timeout says it may still be working; Try again re-sends the same turn and answers in place', async () => {
    await withHarness({ env: { SMBCRM_AGENT_TIMEOUT_MS: '1000' } }, async (h) => {
      h.smbcrm.inject({ path: /\/execute$/, delayMs: 1_500 });
      const root = await mention(h, 'tell me about Priya Patel');
      const [failed] = await h.answers('C0SALES', root, 1, 5_000);
      expect(messageText(failed!)).toContain('taking longer than usual');
      // A double click sends one turn.
      await Promise.all([
        h.driver.click({ user: 'U0ALICE', message: failed!, actionId: 'agent_retry' }),
        h.driver.click({ user: 'U0ALICE', message: failed!, actionId: 'agent_retry' }),
      ]);
      await h.slack.waitFor(() =>
        JSON.stringify(failed!.blocks).includes('agent_feedback_up') ? true : undefined,
      );
      expect(JSON.stringify(failed!.blocks)).toContain('Priya Patel');
      expect(executes(h).filter((e) => e.status === 200)).toHaveLength(1);
      expect(h.botReplies('C0SALES', root)).toHaveLength(1);
      expect((executes(h).at(-1)!.body as { message: string }).message).toBe(
        'Alice Ames (in #sales): tell me about Priya Patel',
      );
    });
  });

  it('a busy thread: a message that waits too long for the turn before it is told to try again', async () => {
    await withHarness({ env: { SMBCRM_TURN_WAIT_MS: '200' } }, async (h) => {
      const root = await mention(h, 'tell me about Jordan Lee');
      await h.answers('C0SALES', root);
      h.smbcrm.inject({ path: /\/execute$/, delayMs: 800 });
      await h.driver.say({ user: 'U0ALICE', channel: 'C0SALES', threadTs: root, text: 'first' });
      await h.driver.say({ user: 'U0BOB', channel: 'C0SALES', threadTs: root, text: 'second' });
      const busy = await h.slack.waitFor(() =>
        h
          .botReplies('C0SALES', root)
          .find((m) => messageText(m).includes('still answering an earlier message')),
      );
      expect(buttonsOf(busy).map((b) => b.element.action_id)).toEqual(['agent_retry']);
      await h.answers('C0SALES', root, 3, 5_000);
    });
  });
});

describe('when Agent Studio no longer knows the stored executionId', () => {
  it('refused (404): the bot starts a fresh execution, says the context was reset, and keeps the new one', async () => {
    await withHarness({}, async (h) => {
      const root = await mention(h, 'tell me about Jordan Lee');
      await h.answers('C0SALES', root);
      h.smbcrm.agents.executions.clear();
      await h.driver.say({ user: 'U0ALICE', channel: 'C0SALES', threadTs: root, text: 'and his deals?' });
      const answers = await h.answers('C0SALES', root, 2);
      expect(executes(h).map((e) => e.status)).toEqual([200, 404, 200]);
      expect(executes(h)[2]?.body).not.toHaveProperty('executionId');
      expect(messageText(answers[1]!)).toContain('starts a fresh conversation');
      const fresh = (executes(h)[2]!.response as { executionId: string }).executionId;
      await h.driver.say({ user: 'U0ALICE', channel: 'C0SALES', threadTs: root, text: 'thanks' });
      await h.answers('C0SALES', root, 3);
      expect(executes(h)[3]?.body).toMatchObject({ executionId: fresh });
    });
  });

  it('silently replaced (a new executionId comes back): the context reset is said too', async () => {
    await withHarness({ smbcrm: { unknownExecution: 'new' } }, async (h) => {
      const root = await mention(h, 'tell me about Jordan Lee');
      await h.answers('C0SALES', root);
      h.smbcrm.agents.executions.clear();
      await h.driver.say({ user: 'U0ALICE', channel: 'C0SALES', threadTs: root, text: 'and his deals?' });
      const answers = await h.answers('C0SALES', root, 2);
      expect(executes(h).map((e) => e.status)).toEqual([200, 200]);
      expect(messageText(answers[1]!)).toContain('starts a fresh conversation');
    });
  });
});

describe('the thread map', () => {
  it('holds execution, agent, sub-account and last turn with an idle TTL; another agent starts a new execution', async () => {
    await withHarness({ env: { SMBCRM_CONVERSATION_IDLE_DAYS: '2' } }, async (h) => {
      const root = await mention(h, 'tell me about Jordan Lee');
      await h.answers('C0SALES', root);
      const [key] = await keysEverywhere(h.redis, `${h.keyPrefix}conv:*`);
      const entry = JSON.parse((await h.redis.get(key!))!);
      expect(entry).toEqual({
        executionId: (executes(h)[0]!.response as { executionId: string }).executionId,
        agentId: 'AgtSimFrontDesk0001',
        locationId: 'LocSimAcme00000001',
        lastTurnAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const ttl = await h.redis.ttl(key!);
      expect(ttl).toBeGreaterThan(2 * 86_400 - 60);
      expect(ttl).toBeLessThanOrEqual(2 * 86_400);
      // As if SMBCRM_AGENT_ID had pointed at another agent when this thread began.
      await h.redis.set(key!, JSON.stringify({ ...entry, agentId: 'AgtSomeOtherAgent01' }), 'KEEPTTL');
      await h.driver.say({ user: 'U0ALICE', channel: 'C0SALES', threadTs: root, text: 'and his deals?' });
      await h.answers('C0SALES', root, 2);
      expect(executes(h)[1]!.body).not.toHaveProperty('executionId');
    });
  });
});

describe('Slack side', () => {
  it('Slack Web API errors (5xx, 429) are retried by the client; the answer is posted once', async () => {
    await withHarness(
      { slackRetryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 } },
      async (h) => {
        h.slack.failNext('chat.postMessage', 'internal_error', { status: 503 });
        h.slack.failNext('chat.update', 'ratelimited', { status: 429 });
        const root = await mention(h, 'tell me about Jordan Lee');
        const [answer] = await h.answers('C0SALES', root, 1, 6_000);
        expect(JSON.stringify(answer!.blocks)).toContain('Jordan Lee');
        expect(h.botReplies('C0SALES', root)).toHaveLength(1);
        expect(h.slack.calls.filter((c) => c.method === 'chat.update').map((c) => c.ok)).toEqual([
          false,
          true,
        ]);
      },
    );
  });

  it('/smbcrm ask in a channel the bot is not in says how to invite it, and asks nothing', async () => {
    await withHarness({ slack: { memberOf: ['C0SALES'] } }, async (h) => {
      const before = h.slack.responsePosts.length;
      await h.driver.command({ user: 'U0ALICE', channel: 'C0ELSEWHERE', text: 'ask hello?' });
      const reply = await h.nextReply(before);
      expect(messageText(reply.body)).toContain('Invite me with `/invite @smbcrm`');
      expect(executes(h)).toHaveLength(0);
    });
  });

  it('without SMBCRM_AGENT_ID, mentions get a setup hint and cards have no "Ask the agent"', async () => {
    await withHarness({ env: { SMBCRM_AGENT_ID: '' } }, async (h) => {
      const root = await mention(h, 'hello');
      const hint = await h.slack.waitFor(() => h.botReplies('C0SALES', root)[0]);
      expect(hint.text).toContain('set `SMBCRM_AGENT_ID`');
      const { reply } = await h.command('lookup jordan.lee@example.com');
      expect(JSON.stringify(reply?.body)).not.toContain('contact_ask');
      const help = await h.command('help');
      expect(JSON.stringify(help.ack.json)).not.toContain('/smbcrm ask');
    });
  });
});

describe('Agent Studio routes: the current ones, and the deprecated ones where only those are served', () => {
  const routesOf = (h: Harness) =>
    h.smbcrm.exchanges
      .filter((e) => e.path.startsWith('/agent-studio/'))
      .map((e) => `${e.method} ${e.path.replace(/AgtSimFrontDesk0001/, ':id')} ${e.status}`);

  it('a server without the current routes: one 404 at start-up, then the deprecated routes, remembered and logged once', async () => {
    await withHarness({ smbcrm: { agentApi: 'public-api' } }, async (h) => {
      const root = await mention(h, 'tell me about Jordan Lee');
      await h.answers('C0SALES', root);
      await h.driver.say({ user: 'U0ALICE', channel: 'C0SALES', threadTs: root, text: 'and his deals?' });
      await h.answers('C0SALES', root, 2);
      expect(routesOf(h)).toEqual([
        'GET /agent-studio/agent/:id 404',
        'GET /agent-studio/public-api/agents/:id 200',
        'POST /agent-studio/public-api/agents/:id/execute 200',
        'POST /agent-studio/public-api/agents/:id/execute 200',
      ]);
      expect(
        h.logs.parsed().filter((l) => String(l.msg).includes('using /agent-studio/public-api/')),
      ).toHaveLength(1);
    });
  });

  it('SMBCRM_AGENT_API=public-api pins the deprecated routes; =current never falls back', async () => {
    await withHarness({ env: { SMBCRM_AGENT_API: 'public-api' } }, async (h) => {
      const root = await mention(h, 'hello');
      await h.answers('C0SALES', root);
      expect(routesOf(h).every((r) => r.includes('/public-api/'))).toBe(true);
    });
    await withHarness(
      { env: { SMBCRM_AGENT_API: 'current' }, smbcrm: { agentApi: 'public-api' } },
      async (h) => {
        const root = await mention(h, 'hello');
        await h.answers('C0SALES', root);
        expect(routesOf(h).every((r) => !r.includes('/public-api/'))).toBe(true);
      },
    );
  });
});
