import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messageText } from '../../sim/slack/block-kit.js';
import { buttonsOf, type Harness, startHarness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.smbcrm.resetRateLimits();
  h.smbcrm.clearFaults();
});

const text = (body: Record<string, unknown> | undefined) => messageText(body ?? {});

describe('/smbcrm lookup', () => {
  it('acks at once with an empty body and answers privately through the response_url', async () => {
    const { ack, reply } = await h.command('lookup jordan.lee@example.com');
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    expect(reply?.body.response_type).toBe('ephemeral');
    expect(h.latestMessage('C0SALES', 'U0ALICE')?.visibleTo).toBe('U0ALICE');
  });

  it('finds a contact by email, trimmed and lower-cased, and shows the full card', async () => {
    const since = h.smbcrm.exchanges.length;
    const { reply } = await h.command('lookup   Jordan.LEE@Example.com  ');
    const body = h.smbcrm.exchanges.slice(since).find((e) => e.path === '/contacts/search')?.body as Record<
      string,
      unknown
    >;
    expect(body.filters).toEqual([{ field: 'email', operator: 'eq', value: 'jordan.lee@example.com' }]);
    const t = text(reply?.body);
    expect(t).toContain('Jordan Lee');
    expect(t).toContain('jordan.lee@example.com');
    expect(t).toContain('+15551234567');
    expect(t).toContain('Lee Landscaping');
    expect(t).toContain('vip, spring-promo');
    expect(t).toContain('Alex Rivera'); // owner by name, not id
    expect(t).not.toContain('UsrSimAlex00000001');
    expect(t).toMatch(/<!date\^\d+\^\{date_short\}\|2026-01-02>/);
    // Open opportunities only, with money, pipeline and stage names, never raw ids.
    expect(t).toContain('Open opportunities (2)');
    expect(t).toContain('*Website redesign* · $4,200.50');
    expect(t).toContain('Sales › Qualified');
    expect(t).toContain('*SEO retainer* · $1,200.00');
    expect(t).toContain('Renewals › Due');
    expect(t).not.toContain('Old logo job');
    expect(t).not.toMatch(/c1a7e3b0|PipSim/);
  });

  it.each([['(555) 123-4567'], ['555.123.4567'], ['+1 555 123 4567']])(
    'finds a contact by phone %s, normalised to E.164',
    async (phone) => {
      const since = h.smbcrm.exchanges.length;
      const { reply } = await h.command(`lookup ${phone}`);
      const body = h.smbcrm.exchanges.slice(since).find((e) => e.path === '/contacts/search')?.body as Record<
        string,
        unknown
      >;
      expect(body.filters).toEqual([{ field: 'phone', operator: 'eq', value: '+15551234567' }]);
      expect(text(reply?.body)).toContain('Jordan Lee');
    },
  );

  it('reads international numbers: +44 20 7123 4567', async () => {
    const { reply } = await h.command('lookup +44 20 7123 4567');
    expect(text(reply?.body)).toContain('Priya Patel');
    expect(text(reply?.body)).toContain('Proposal Sent');
  });

  it('searches names on the lower-cased name fields and lists several matches with View buttons', async () => {
    const since = h.smbcrm.exchanges.length;
    const { reply } = await h.command('lookup jordan');
    const body = h.smbcrm.exchanges.slice(since).find((e) => e.path === '/contacts/search')?.body as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(body.filters)).toContain('firstNameLowerCase');
    const t = text(reply?.body);
    expect(t).toContain('2 contacts match');
    expect(t).toContain('Jordan Lee');
    expect(t).toContain('Jordan Smith');
    const buttons = buttonsOf({ blocks: reply?.body.blocks as unknown[] });
    expect(buttons.map((b) => b.element.value)).toEqual(['CtcSimJordan000001', 'CtcSimJordan000002']);
  });

  it('never shows contacts of another sub-account', async () => {
    // Location B has "Jordan Other" and another "Jordan Lee" with the same phone number.
    const { reply } = await h.command('lookup jordan');
    expect(text(reply?.body)).not.toMatch(/Other|Elsewhere/);
    const byPhone = await h.command('lookup +1 555 123 4567');
    expect(text(byPhone.reply?.body)).toContain('Lee Landscaping');
    expect(text(byPhone.reply?.body)).not.toContain('Lee Elsewhere');
    const byEmail = await h.command('lookup jordan.other@example.com');
    expect(text(byEmail.reply?.body)).toContain('No contact matches');
  });

  it('"View" replaces the list with that contact’s card', async () => {
    await h.command('lookup jordan');
    const list = h.latestMessage();
    expect(list).toBeDefined();
    const before = h.slack.responsePosts.length;
    const click = await h.driver.click({
      user: 'U0ALICE',
      message: list!,
      actionId: 'contact_view',
      value: 'CtcSimJordan000002',
    });
    expect(click.status).toBe(200);
    const post = await h.nextReply(before);
    expect(post.body.replace_original).toBe(true);
    const card = h.slack.messages.find((m) => m.ts === list!.ts);
    expect(messageText(card!)).toContain('Smith &amp; Sons'); // escaped for mrkdwn
    expect(messageText(card!)).toContain('Sam Okafor');
    expect(messageText(card!)).toContain('No open opportunities');
  });

  it('"View" with a forged id of another sub-account shows nothing of it', async () => {
    await h.command('lookup jordan');
    const list = h.latestMessage()!;
    const forged = {
      ...list,
      blocks: [
        {
          type: 'actions',
          block_id: 'x',
          elements: [
            {
              type: 'button',
              action_id: 'contact_view',
              text: { type: 'plain_text', text: 'View' },
              value: 'CtcSimOtherLee0008',
            },
          ],
        },
      ],
    };
    const before = h.slack.responsePosts.length;
    await h.driver.click({ user: 'U0ALICE', message: forged, actionId: 'contact_view' });
    const post = await h.nextReply(before);
    expect(text(post.body)).toContain('no longer in SMBcrm');
    expect(text(post.body)).not.toContain('Elsewhere');
  });

  it('"Share in channel" posts the card for everyone and removes the private copy', async () => {
    await h.command('lookup priya@patel-dental.test');
    const privateCard = h.latestMessage()!;
    expect(privateCard.visibleTo).toBe('U0ALICE');
    await h.driver.click({ user: 'U0ALICE', message: privateCard, actionId: 'contact_share' });
    const shared = await h.slack.waitFor(() =>
      h.slack.messages.find(
        (m) => m.channel === 'C0SALES' && !m.visibleTo && messageText(m).includes('Priya Patel'),
      ),
    );
    expect(messageText(shared)).toContain('shared by <@U0ALICE>');
    expect(buttonsOf(shared)).toHaveLength(0);
    await h.slack.waitFor(() => (privateCard.deleted ? true : undefined));
  });

  it('says so when nothing matches, with a hint', async () => {
    const { reply } = await h.command('lookup zebediah');
    expect(text(reply?.body)).toContain('No contact matches “zebediah”');
    expect(text(reply?.body)).toContain('Try part of the first or last name');
  });

  it('costs at most two SMBcrm calls when the caches are warm', async () => {
    await h.command('lookup jordan.lee@example.com'); // warms pipelines and users
    const since = h.smbcrm.exchanges.length;
    await h.command('lookup jordan.lee@example.com');
    expect(h.smbcrmCalls(since)).toEqual(['POST /contacts/search', 'GET /opportunities/search']);
    const none = h.smbcrm.exchanges.length;
    await h.command('lookup jsmith@example.com'); // no opportunities: the search alone
    expect(h.smbcrmCalls(none)).toEqual(['POST /contacts/search']);
  });
});

describe('/smbcrm help and bad input', () => {
  it.each(['', 'help', 'lookup', 'lookup help'])(
    '"/smbcrm %s" answers with usage in the ack, calling nothing',
    async (cmd) => {
      const since = h.smbcrm.exchanges.length;
      const { ack } = await h.command(cmd);
      expect(ack.status).toBe(200);
      expect(ack.json?.response_type).toBe('ephemeral');
      expect(text(ack.json)).toContain('/smbcrm lookup <email | phone | name>');
      expect(h.smbcrm.exchanges.length).toBe(since);
    },
  );

  it('an unknown subcommand is named back with a suggestion', async () => {
    const { ack } = await h.command('frobnicate now');
    expect(text(ack.json)).toContain("I don't know `frobnicate`");
  });

  it.each([
    ['a malformed email', 'lookup jordan@', 'does not look like an email'],
    ['a phone number that cannot be read', 'lookup 1234567890123456789', 'looks like a phone number'],
    ['4,000 characters', `lookup ${'x'.repeat(4000)}`, 'too long'],
  ])('%s gets a friendly message and no SMBcrm call', async (_name, cmd, expected) => {
    const since = h.smbcrm.exchanges.length;
    const { ack } = await h.command(cmd);
    expect(ack.status).toBe(200);
    expect(text(ack.json)).toContain(expected);
    expect(h.smbcrm.exchanges.length).toBe(since);
  });

  it('hostile text (quotes, control characters, Slack markup) is answered calmly and never echoed as markup', async () => {
    const since = h.smbcrm.exchanges.length;
    const { ack, reply } = await h.command('lookup "Robert\'); DROP <!channel> \u0000\u0007 <#C0SALES>');
    expect(ack.status).toBe(200);
    const t = text(reply?.body);
    expect(t).toContain('No contact matches');
    expect(t).not.toContain('<!channel>');
    expect(t).not.toContain('<#C0SALES>');
    expect(t).toContain('&lt;!channel&gt;');
    // Control characters are gone before SMBcrm sees the text; special characters go to `query`, not filters.
    const body = h.smbcrm.exchanges.slice(since).find((e) => e.path === '/contacts/search')?.body as Record<
      string,
      unknown
    >;
    expect(body.query).toBe(`"Robert'); DROP <!channel> <#C0SALES>`);
    expect(body.filters).toBeUndefined();
  });

  it('a mention in the text is not taken for an email, and is not echoed', async () => {
    const { ack } = await h.command('lookup <@U0BOB>');
    expect(text(ack.json)).toContain('does not look like an email');
    expect(text(ack.json)).not.toContain('<@U0BOB>');
  });
});
