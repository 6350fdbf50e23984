import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keysEverywhere } from '../../services/platform/store/redis.js';
import { messageText } from '../../sim/slack/block-kit.js';
import type { SimMessage } from '../../sim/slack/server.js';
import { TEST_TOKEN } from '../../sim/smbcrm/seed.js';
import { buttonsOf, type Harness, startHarness } from '../helpers/harness.js';
import { freePort } from '../helpers/redis-server.js';

/**
 * The bot as an attacker would try it: data typed by people outside the team (a lead's name, a stage, a
 * workflow's payload and headers, SMBcrm's error messages, the agent's answer) and payloads crafted by hand.
 * Nothing of theirs may ping a channel, make a link, leak a token, or change what the bot does.
 */
const PHISH = '<!channel> Free iPad <https://evil.example/claim|Claim now>';
const SECRET = 'hostile-secret-0123456789abcdef';
const OPP = 'OppSimJordanWeb001';
const JORDAN = 'CtcSimJordan000001';
const QUALIFIED = 'c1a7e3b0-0000-4000-8000-000000000002';

/** What Slack would make live in the bot's messages that came from data: broadcasts and links to evil.example. */
const dangerous = (m: SimMessage | undefined) =>
  (m?.live ?? []).filter((l) => l.kind === 'broadcast' || l.target.includes('evil.example'));

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      SMBCRM_WEBHOOK_SECRETS: SECRET,
      SMBCRM_WEBHOOK_CHANNEL: 'C0LEADS',
      SMBCRM_WEBHOOK_CHANNEL_INTERVAL_MS: '10',
      SMBCRM_WEBHOOK_MAX_ATTEMPTS: '1',
    },
  });
});
afterAll(() => h.close());
beforeEach(() => {
  h.smbcrm.clearFaults();
  const o = h.smbcrm.db.opportunities.find((x) => x.id === OPP);
  if (o) Object.assign(o, { pipelineStageId: QUALIFIED, name: 'Website redesign' });
});

const webhook = (body: unknown, event = 'new_lead') =>
  h.webhook(body, { 'x-smbcrm-event': event, 'x-smbcrm-secret': SECRET });

async function moveCard(text: string, user = 'U0ALICE') {
  const before = h.slack.messages.filter((m) => m.channel === 'C0SALES' && !m.visibleTo).length;
  await h.command(`move ${text}`, user);
  const card = h.slack.messages.filter((m) => m.channel === 'C0SALES' && !m.visibleTo)[before];
  if (!card) throw new Error('no approval card was posted');
  return card;
}

describe('data that reaches Slack', () => {
  it('a lead named like a phishing message, from a workflow: nobody is pinged, no link is made', async () => {
    const res = await webhook(
      { contact_id: 'CtcUnknownLead0001', contact_name: PHISH, value: '12' },
      'new_lead',
    );
    expect(res.status).toBe(202);
    const card = await h.slack.waitFor(() => h.slack.messages.find((m) => m.channel === 'C0LEADS'));
    expect(card.text).toContain('New lead: &lt;!channel&gt; Free iPad');
    expect(dangerous(card)).toEqual([]);
  });

  it('the X-SMBcrm-Event header cannot ping either', async () => {
    const before = h.slack.messages.filter((m) => m.channel === 'C0LEADS').length;
    await webhook(
      { contact_id: 'CtcUnknownLead0002', contact_name: 'Sam' },
      '<!here>_<https://evil.example|x>',
    );
    const card = await h.slack.waitFor(() => h.slack.messages.filter((m) => m.channel === 'C0LEADS')[before]);
    expect(dangerous(card)).toEqual([]);
  });

  it('an opportunity and stage named to phish: the approval card (blocks and text) makes nothing live', async () => {
    const o = h.smbcrm.db.opportunities.find((x) => x.id === OPP)!;
    o.name = `Website redesign ${PHISH}`;
    const card = await moveCard(`${OPP} to Proposal Sent`);
    expect(card.text).toContain('&lt;!channel&gt;');
    expect(dangerous(card)).toEqual([]);
  });

  it('a contact card shared in the channel: no live markup from the contact, no bidi trick in the header', async () => {
    const c = h.smbcrm.db.contacts.find((x) => x.id === JORDAN)!;
    const saved = { ...c };
    Object.assign(c, { firstName: `Jordan ${PHISH}`, companyName: 'Admin\u202Egnp.exe' });
    try {
      const { reply } = await h.command('lookup jordan.lee@example.com');
      const card = h.latestMessage();
      expect(reply?.body).toBeDefined();
      const from = h.logs.lines.length;
      await h.driver.click({ user: 'U0ALICE', message: card!, actionId: 'contact_share' });
      await h.logs.waitFor((l) => l.msg === 'slack request' && l.kind === 'action', from);
      const shared = h.slack.messages.filter((m) => m.channel === 'C0SALES' && !m.visibleTo).at(-1);
      expect(messageText(shared!)).toContain('Admingnp.exe');
      expect(JSON.stringify(shared)).not.toContain('\u202e');
      expect(dangerous(shared)).toEqual([]);
    } finally {
      Object.assign(c, saved);
    }
  });

  it('an agent answer with live markup and a phishing link: neither is live; the person’s own text reaches the agent as Slack escaped it', async () => {
    h.smbcrm.inject({
      path: /\/execute$/,
      status: 200,
      body: {
        success: true,
        executionId: 'ExecHostile0000001',
        interactionId: 'IntHostile01',
        response: `${PHISH} <@U0ALICE> [Reset your password](https://evil.example/reset)`,
        type: 'text',
        nextExpectedInput: 'text',
        goalCompletion: false,
        executionStatus: 'completed',
        flowSwitch: false,
        attachments: [],
        generativeOutputs: [],
      },
    });
    const since = h.smbcrm.exchanges.length;
    const { message } = await h.driver.say({
      user: 'U0BOB',
      channel: 'C0SALES',
      text: `<@${h.slack.botUserId}> what does &lt;!channel&gt; do?`,
    });
    const [answer] = await h.answers('C0SALES', message.ts);
    expect(dangerous(answer)).toEqual([]);
    expect(answer?.live?.filter((l) => l.kind === 'user')).toEqual([]);
    expect(messageText(answer!)).toContain('Reset your password (evil.example)');
    const sent = h.smbcrm.exchanges.slice(since).find((e) => e.path.endsWith('/execute'))?.body as {
      message: string;
    };
    expect(sent.message).toContain('&lt;!channel&gt;');
    expect(sent.message).not.toContain('<!channel>');
  });

  it('a message naming 400 people costs at most 20 users.info calls', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => `<@U9${String(i).padStart(6, '0')}>`).join(' ');
    const before = h.slack.calls.filter((c) => c.method === 'users.info').length;
    const { message } = await h.driver.say({
      user: 'U0BOB',
      channel: 'C0SALES',
      text: `<@${h.slack.botUserId}> who are ${ids}`,
    });
    await h.answers('C0SALES', message.ts);
    const calls = h.slack.calls.filter((c) => c.method === 'users.info').length - before;
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(21); // the 20 named, and the speaker
  });
});

describe('SMBcrm’s own words', () => {
  it('a 401 that echoes the token: not on the public card, not in the audit log line, not in Redis', async () => {
    const card = await moveCard('Website redesign to Proposal Sent');
    h.smbcrm.inject({
      method: 'PUT',
      path: `/opportunities/${OPP}`,
      status: 401,
      body: { statusCode: 401, message: `Invalid token ${TEST_TOKEN} for jordan.lee@example.com` },
    });
    await h.click('U0BOB', card, 'approval_approve');
    expect(messageText(card)).toContain('did not go through');
    expect(JSON.stringify(card)).not.toContain(TEST_TOKEN);
    expect(JSON.stringify(card)).not.toContain('jordan.lee@example.com');
    expect(h.logs.lines.join('\n')).not.toContain(TEST_TOKEN);
    const audit = await h.redis.zrange(`${h.keyPrefix}approvals:audit`, 0, -1);
    const failed = audit.map((a) => JSON.parse(a)).find((a) => a.event === 'write-failed');
    expect(failed.outcome).toMatchObject({ kind: 'failed', error: { kind: 'unauthorized', status: 401 } });
    expect(failed.outcome.error.reasons[0]).toContain('[smbcrm-token]');
    expect(audit.join('\n')).not.toContain(TEST_TOKEN);
    const record = await h.redis.hget(
      `${h.keyPrefix}approval:{${buttonsOf(card)[0]?.element.value}}`,
      'outcome',
    );
    expect(JSON.parse(record ?? '{}')).toMatchObject({ kind: 'failed' });
  });

  it('the re-read before the write fails with a hostile reason: the card says it in mapped words, escaped', async () => {
    const card = await moveCard('Website redesign to Proposal Sent');
    h.smbcrm.inject({
      method: 'GET',
      path: `/opportunities/${OPP}`,
      status: 422,
      body: { statusCode: 422, message: [PHISH], error: 'Unprocessable Entity' },
    });
    await h.click('U0BOB', card, 'approval_approve');
    expect(messageText(card)).toContain('SMBcrm did not accept the request');
    expect(dangerous(card)).toEqual([]);
  });
});

describe('clicks that did not come from the card', () => {
  it('another workspace, another channel: refused, nothing written', async () => {
    const card = await moveCard('Website redesign to Proposal Sent');
    const since = h.smbcrm.exchanges.length;
    await h.click('U0BOB', card, 'approval_approve', { as: { teamId: 'T0EVIL' } });
    await h.click('U0BOB', card, 'approval_approve', { as: { channel: 'C0OTHER' } });
    expect(h.smbcrm.exchanges.slice(since).filter((e) => e.method === 'PUT')).toEqual([]);
    expect(messageText(h.slack.responsePosts.at(-1)?.body ?? {})).toContain(
      'does not belong to this request',
    );
    expect(messageText(card)).toContain('Approval needed');
  });

  it('a guest of another organisation (Slack Connect) cannot approve when SMBCRM_APPROVERS is unset', async () => {
    const card = await moveCard('Website redesign to Proposal Sent');
    const since = h.smbcrm.exchanges.length;
    await h.click('U0GUEST', card, 'approval_approve', { as: { userTeamId: 'T0PARTNER' } });
    expect(h.smbcrm.exchanges.slice(since).filter((e) => e.method === 'PUT')).toEqual([]);
    expect(messageText(h.slack.responsePosts.at(-1)?.body ?? {})).toContain('Only people of this workspace');
  });

  it('"Request again" forged on a pending request posts no second card', async () => {
    const card = await moveCard('Website redesign to Proposal Sent');
    const id = buttonsOf(card)[0]?.element.value;
    const cards = h.slack.messages.filter((m) => m.channel === 'C0SALES' && !m.visibleTo).length;
    await h.click('U0BOB', card, 'approval_request_again', { forged: true, value: id });
    expect(h.slack.messages.filter((m) => m.channel === 'C0SALES' && !m.visibleTo)).toHaveLength(cards);
    expect(messageText(h.slack.responsePosts.at(-1)?.body ?? {})).toContain('already handled');
  });

  it('a form Slack will not open (expired trigger): the person is told to click again', async () => {
    await h.command('lookup jordan.lee@example.com');
    const card = h.latestMessage();
    h.slack.failNext('views.open', 'expired_trigger_id');
    const { line } = await h.click('U0ALICE', card!, 'opportunity_move');
    expect(line.outcome).toMatch(/^error:/);
    expect(messageText(h.slack.responsePosts.at(-1)?.body ?? {})).toContain('Click the button again');
  });
});

describe('payloads no Slack would send, correctly signed', () => {
  it.each([
    ['JSON null', 'null', 'application/json'],
    ['a form payload of null', 'payload=null', 'application/x-www-form-urlencoded'],
    ['an event of null', JSON.stringify({ type: 'event_callback', event: null }), 'application/json'],
    [
      'block_actions without user or actions',
      `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions' }))}`,
      'application/x-www-form-urlencoded',
    ],
    ['an array', '[1,2]', 'application/json'],
  ])('%s: 400, and the bot goes on', async (_name, body, type) => {
    const res = await h.driver.post(body, type);
    expect(res.status).toBe(400);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    const { reply } = await h.command('help');
    expect(reply).toBeUndefined(); // help is answered in the ack
  });
});

describe('workflow payloads', () => {
  it('a body nested 10,000 deep is refused for good (422), not retried forever', async () => {
    const deep = `{"contact_id":"CtcDeep0001","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const res = await webhook(deep);
    expect(res.status).toBe(422);
  });

  it.each([['1e400'], ['1.234,56'], ['12abc'], ['0x10']])(
    'amount %s is refused with the field named',
    async (v) => {
      const res = await webhook({ contact_id: 'CtcAmount0001', value: v });
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.json)).toContain('value');
    },
  );

  it.each([
    ['1234.50', 1234.5],
    ['$1,234.50', 1234.5],
    ['-20', -20],
  ])('amount %s is read as %d', async (v) => {
    const res = await webhook({ contact_id: 'CtcAmount0002', value: v, opportunity_id: 'OppX1' });
    expect(res.status).toBe(202);
  });
});

describe('what the bot keeps', () => {
  it('every key it wrote has an expiry, dead letters included', async () => {
    h.slack.failNext('chat.postMessage', 'channel_not_found');
    await webhook({ contact_id: 'CtcDead0000000001', contact_name: 'Dee' });
    await h.logs.waitFor((l) => l.msg === 'webhook event dead-lettered');
    const keys = await keysEverywhere(h.redis, `${h.keyPrefix}*`);
    expect(keys.some((k) => k.includes('wh:dead'))).toBe(true);
    expect(keys.length).toBeGreaterThan(10);
    const forever = [];
    for (const k of keys) if ((await h.redis.pttl(k)) < 0) forever.push(k);
    expect(forever).toEqual([]);
  });
});

describe('with Redis down', () => {
  let d: Harness;
  beforeAll(async () => {
    d = await startHarness({
      env: {
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
        REDIS_CLUSTER_NODES: '',
        SMBCRM_WEBHOOK_SECRETS: SECRET,
        SMBCRM_WEBHOOK_CHANNEL: 'C0LEADS',
      },
    });
  });
  afterAll(() => d.close());

  it('a mention is answered in its thread: the store cannot be reached, try again', async () => {
    const { message } = await d.driver.say({
      user: 'U0BOB',
      channel: 'C0SALES',
      text: `<@${d.slack.botUserId}> hello`,
    });
    const reply = await d.slack.waitFor(() =>
      d.slack.messages.find((m) => m.thread_ts === message.ts && m.bot_id),
    );
    expect(messageText(reply)).toContain("can't reach my store");
  });

  it('a workflow webhook is answered 503 with a reason', async () => {
    const res = await d.webhook(
      { contact_id: 'CtcDown0000000001' },
      { 'x-smbcrm-event': 'new_lead', 'x-smbcrm-secret': SECRET },
    );
    expect(res.status).toBe(503);
    expect(String(res.json.error)).toContain('store');
  });
});
