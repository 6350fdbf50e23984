import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messageText } from '../../sim/slack/block-kit.js';
import { buttonsOf, type Harness, startHarness } from '../helpers/harness.js';
import { freePort } from '../helpers/redis-server.js';

/**
 * Nothing fails silently: each case was found by trying the bot as a user or an operator would, and each test
 * fails without its fix.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: { SMBCRM_WEBHOOK_SECRETS: 'silent-secret-0123456789abcdef', SMBCRM_WEBHOOK_CHANNEL: 'C0SALES' },
  });
});
afterAll(() => h.close());
beforeEach(() => h.smbcrm.clearFaults());

const lastPrivate = () => messageText(h.slack.responsePosts.at(-1)?.body ?? {});

describe('agent threads', () => {
  it('a thread whose first turn failed is still the bot’s: a plain reply there runs a turn', async () => {
    h.smbcrm.inject({ path: /\/execute$/, status: 500, times: 4 }); // past the client's retries
    const { message } = await h.driver.say({
      user: 'U0BOB',
      channel: 'C0SALES',
      text: `<@${h.slack.botUserId}> tell me about Jordan Lee`,
    });
    const [failed] = await h.answers('C0SALES', message.ts);
    expect(messageText(failed!)).toContain('SMBcrm had a problem answering');
    h.smbcrm.clearFaults();
    await h.driver.say({ user: 'U0BOB', channel: 'C0SALES', text: 'and his deals?', threadTs: message.ts });
    const answers = await h.answers('C0SALES', message.ts, 2);
    expect(JSON.stringify(answers.at(-1)?.blocks)).toContain('agent_feedback_up');
  });
});

describe('buttons', () => {
  it('a URL button ("Open in SMBcrm") and an unknown id are acknowledged at once, not left to time out', async () => {
    await h.webhook(
      { contact_id: 'CtcSimJordan000001', contact_name: 'Jordan Lee' },
      { 'x-smbcrm-event': 'new_lead', 'x-smbcrm-secret': 'silent-secret-0123456789abcdef' },
    );
    const card = await h.slack.waitFor(() =>
      h.slack.messages.find((m) => m.channel === 'C0SALES' && messageText(m).includes('New lead')),
    );
    expect(buttonsOf(card).map((b) => b.element.action_id)).toContain('open_in_smbcrm');
    const started = Date.now();
    const { res, line } = await h.click('U0BOB', card, 'open_in_smbcrm');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_500); // Bolt's unhandled-request fallback answers 404 at 3 s
    expect(line).toMatchObject({ name: 'open_in_smbcrm', outcome: 'ignored', level: 20 });
    const unknown = await h.click('U0BOB', card, 'from_a_newer_version', { forged: true, value: 'x' });
    expect(unknown.res.status).toBe(200);
  });

  it('"Move stage" while SMBcrm is down says what failed, and logs it, instead of "no longer open"', async () => {
    await h.command('lookup jordan.lee@example.com');
    const card = h.latestMessage();
    h.smbcrm.inject({
      path: /^\/opportunities\//,
      status: 401,
      body: { statusCode: 401, message: 'The token is not authorized for this scope.' },
    });
    const from = h.logs.lines.length;
    await h.click('U0ALICE', card!, 'opportunity_move');
    expect(lastPrivate()).toContain('add the missing scope');
    expect(lastPrivate()).not.toContain('no longer open');
    const logged = await h.logs.waitFor((l) => l.msg === 'request failed' && l.component === 'move', from);
    expect(logged).toMatchObject({ level: 50, action: 'open-modal' });
  });

  it('"Ask the agent" on a card while SMBcrm refuses: the person is told, and the failure is logged once', async () => {
    await h.command('lookup jordan.lee@example.com');
    const card = h.latestMessage();
    h.smbcrm.inject({
      path: /^\/contacts\/CtcSimJordan000001$/,
      status: 401,
      body: { statusCode: 401, message: 'Invalid Private Integration token' },
    });
    const from = h.logs.lines.length;
    await h.click('U0ALICE', card!, 'contact_ask');
    expect(lastPrivate()).toContain('check `SMBCRM_TOKEN`');
    const lines = h.logs
      .parsed()
      .slice(from)
      .filter((l) => l.msg === 'request failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ component: 'conversation', user: 'U0ALICE' });
  });
});

describe('small answers that read right', () => {
  it('an empty lookup gets one line on what to type, not the whole help', async () => {
    const { ack } = await h.command('lookup');
    const t = messageText(ack.json ?? {});
    expect(t).toContain('Tell me what to look up');
    expect(t).not.toContain('SMBcrm in Slack');
  });

  it('a slash command this app does not define is answered, not left to fail with HTTP 404', async () => {
    const ack = await h.driver.command({ user: 'U0ALICE', channel: 'C0SALES', text: 'x', command: '/crm' });
    expect(ack.status).toBe(200);
    expect(messageText(ack.json ?? {})).toContain(
      'This app answers `/smbcrm`; `/crm` is not one of its commands.',
    );
  });

  it('pending approvals show when they expire, with a real date as the fallback, not "soon"', async () => {
    await h.command('move Website redesign to Proposal Sent');
    const { reply } = await h.command('approvals');
    const t = messageText(reply?.body ?? {});
    expect(t).toMatch(
      /expires <!date\^\d+\^\{date_short_pretty\} at \{time\}\|\d{4}-\d\d-\d\d \d\d:\d\d UTC>/,
    );
    expect(t).not.toContain('|soon>');
  });

  it('a card links the contact in SMBcrm instead of showing its raw id', async () => {
    const { reply } = await h.command('lookup jordan.lee@example.com');
    const t = messageText(reply?.body ?? {});
    expect(t).toContain(
      '<https://app.smbcrm.com/v2/location/LocSimAcme00000001/contacts/detail/CtcSimJordan000001|Open in SMBcrm>',
    );
    expect(t).not.toContain('`CtcSimJordan000001`');
  });

  it.each([
    ['maria', 'María García'],
    ['garcia bakery', 'María García'],
    ['oneil', "Chris O'Neil"],
    ['chris oneil', "Chris O'Neil"],
  ])('names typed without accents or apostrophes are found: %s → %s', async (typed, name) => {
    const { reply } = await h.command(`lookup ${typed}`);
    expect(messageText(reply?.body ?? {})).toContain(name);
  });
});

describe('Redis down', () => {
  let d: Harness;
  beforeAll(async () => {
    d = await startHarness({
      env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, REDIS_CLUSTER_NODES: '' },
    });
  });
  afterAll(() => d.close());

  it('reaches people as the Redis message (with the fix), not "something went wrong"', async () => {
    const { reply } = await d.command('approvals');
    const t = messageText(reply?.body ?? {});
    expect(t).toContain('cannot reach its Redis store');
    expect(t).toContain('`REDIS_URL`');
  });

  it('a reply in a DM thread is answered with the Redis message, not dropped', async () => {
    await d.driver.say({
      user: 'U0ALICE',
      channel: 'D0ALICE',
      text: 'and one more thing',
      threadTs: '1700000000.000100',
    });
    const answer = await d.slack.waitFor(() =>
      d.slack.messages.find(
        (m) => m.channel === 'D0ALICE' && m.bot_id && m.thread_ts === '1700000000.000100',
      ),
    );
    expect(messageText(answer)).toMatch(/can't reach my store|cannot reach its Redis store/);
  });
});

describe('a Slack token revoked after start-up', () => {
  it('fails /readyz and is logged as an error once', async () => {
    const r = await startHarness();
    try {
      expect((await fetch(`${r.baseUrl}/readyz`)).status).toBe(200);
      r.slack.revokeToken('token_revoked');
      await r.command('ask anyone there?');
      await r.command('ask still there?');
      const ready = await fetch(`${r.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ slack: 'token refused (token_revoked)' });
      const lines = r.logs.parsed().filter((l) => String(l.msg).startsWith('Slack refuses the bot token'));
      expect(lines).toHaveLength(1);
      expect(lines[0]?.level).toBe(50);
    } finally {
      await r.close();
    }
  });
});
