import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messageText } from '../../sim/slack/block-kit.js';
import { LINKED_USERS } from '../helpers/fixtures.js';
import { buttonsOf, type Harness, startHarness } from '../helpers/harness.js';

/**
 * A lead captured from Slack, end to end over HTTP on two instances: `/smbcrm add` and the "Create SMBcrm contact"
 * message shortcut open a prefilled modal; before anything is written the bot looks for the same email or phone and
 * says what SMBcrm is expected to do; an approver approves; POST /contacts/upsert decides by the sub-account's
 * duplicate rule; tags are added through the tags endpoint; the card says what SMBcrm actually did.
 */
const JORDAN = 'CtcSimJordan000001'; // jordan.lee@example.com, +15551234567, tags vip + spring-promo
const ALEX = 'UsrSimAlex00000001';

type View = { id: string; view: Record<string, unknown> };
type Block = { block_id?: string; text?: { text?: string }; element?: Record<string, unknown> };
const blocksOf = (v: View) => (v.view as { blocks: Block[] }).blocks;
const typed = (value: string) => ({ type: 'plain_text_input', value });
const chosen = (value: string, text = value) => ({
  type: 'static_select',
  selected_option: { value, text: { type: 'plain_text', text } },
});

describe('capturing a lead without a duplicate', () => {
  let h: Harness;
  let b: Awaited<ReturnType<Harness['addInstance']>>;
  let since = 0;
  const upserts = () => h.smbcrm.exchanges.slice(since).filter((e) => e.path === '/contacts/upsert');
  const writes = () =>
    h.smbcrm.exchanges.slice(since).filter((e) => e.method !== 'GET' && !e.path.endsWith('/search'));
  const channelCards = () => h.slack.messages.filter((m) => m.channel === 'C0SALES' && !m.visibleTo);

  beforeAll(async () => {
    h = await startHarness({ slack: { users: LINKED_USERS } });
    b = await h.addInstance();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    const loc = h.smbcrm.db.locations.find((l) => l.id === h.config.smbcrm.locationId)!;
    loc.duplicateRule = undefined;
    Object.assign(h.smbcrm.db.contacts.find((c) => c.id === JORDAN)!, {
      tags: ['vip', 'spring-promo'],
      phone: '+15551234567',
      email: 'jordan.lee@example.com',
    });
    h.smbcrm.clearFaults();
    since = h.smbcrm.exchanges.length;
  });

  /** `/smbcrm add …`: the modal as it is once the bot has looked in SMBcrm (its preview filled in). */
  async function addCommand(text: string, user = 'U0ALICE'): Promise<View> {
    const views = h.slack.views.length;
    const from = h.logs.lines.length;
    await h.driver.command({ user, channel: 'C0SALES', text: `add ${text}` });
    await h.requestsDone(1, from, 'command');
    return h.slack.views[views] as View;
  }
  /** Submits the modal; resolves with the new card in the channel (if one was posted). */
  async function submit(opened: View, values: Record<string, Record<string, unknown>>, user = 'U0ALICE') {
    const cards = channelCards().length;
    const from = h.logs.lines.length;
    const res = await h.driver.submitView({ user, viewId: opened.id, view: opened.view, values });
    if (res.body === '')
      await h.logs.waitFor((l) => l.msg === 'slack request' && l.kind === 'view_submission', from);
    return { res, card: channelCards()[cards] };
  }
  /** The modal's fields as they are, for a submission that changes nothing. */
  function asShown(v: View): Record<string, Record<string, unknown>> {
    const values: Record<string, Record<string, unknown>> = {};
    for (const blk of blocksOf(v)) {
      const e = blk.element as
        | {
            type?: string;
            initial_value?: string;
            initial_option?: { value: string; text: { text: string } };
          }
        | undefined;
      if (!blk.block_id || !e?.type) continue;
      values[blk.block_id] = {
        [blk.block_id]:
          e.type === 'static_select'
            ? { type: 'static_select', selected_option: e.initial_option ?? null }
            : typed(e.initial_value ?? ''),
      };
    }
    return values;
  }
  const preview = (v: View) => blocksOf(v).find((x) => x.block_id === 'preview')?.text?.text ?? '';
  const initial = (v: View, block: string) =>
    (blocksOf(v).find((x) => x.block_id === block)?.element as { initial_value?: string } | undefined)
      ?.initial_value;

  it('/smbcrm add: the modal reads the name, email, phone and company, and says it is a new contact', async () => {
    const v = await addCommand('Grace Hopper grace@navy.test +1 202 555 0101 Navy Labs');
    expect(initial(v, 'first_name')).toBe('Grace');
    expect(initial(v, 'last_name')).toBe('Hopper');
    expect(initial(v, 'email')).toBe('grace@navy.test');
    expect(initial(v, 'phone')).toBe('+12025550101');
    expect(initial(v, 'company')).toBe('Navy Labs');
    expect(preview(v)).toContain('*New contact*');
    // The owner defaults to the requester's SMBcrm user.
    const owner = blocksOf(v).find((x) => x.block_id === 'owner')?.element as {
      initial_option?: { value: string };
    };
    expect(owner.initial_option?.value).toBe(ALEX);
    expect(writes()).toHaveLength(0);
  });

  it('a new contact: approved by someone else on the other instance, one upsert, tags added apart, the card says what SMBcrm did', async () => {
    const v = await addCommand('Grace Hopper grace@navy.test +1 202 555 0101 Navy Labs');
    const values = { ...asShown(v), tags: { tags: typed('VIP, conference') } };
    const { card } = await submit(v, values);
    expect(messageText(card!)).toContain('add *Grace Hopper* to SMBcrm as a new contact');
    expect(messageText(card!)).toContain('requested by <@U0ALICE> (Alex Rivera in SMBcrm)');
    await h.click('U0ALICE', card!, 'approval_approve');
    expect(writes()).toHaveLength(0); // not by the requester
    await Promise.all([
      h.driver.click({ user: 'U0BOB', message: card!, actionId: 'approval_approve' }),
      b.driver.click({ user: 'U0BOB', message: card!, actionId: 'approval_approve' }),
    ]);
    await h.slack.waitFor(() => (messageText(card!).includes('Saved') ? true : undefined));
    expect(upserts()).toHaveLength(1);
    expect(upserts()[0]?.body).toEqual({
      locationId: h.config.smbcrm.locationId,
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace@navy.test',
      phone: '+12025550101',
      companyName: 'Navy Labs',
      source: 'Slack',
      assignedTo: ALEX,
      createNewIfDuplicateAllowed: false, // never a duplicate on purpose (the spec's scenario 3)
    });
    const created = h.smbcrm.db.contacts.find((c) => c.email === 'grace@navy.test')!;
    expect(writes().map((e) => [`${e.method} ${e.path}`, e.body])).toContainEqual([
      `POST /contacts/${created.id}/tags`,
      { tags: ['vip', 'conference'] },
    ]);
    expect(messageText(card!)).toContain('SMBcrm created a new contact, as previewed.');
    expect(buttonsOf(card!).map((x) => `${x.element.action_id}:${x.element.value}`)).toEqual([
      `contact_note:${created.id}`,
      `contact_task:${created.id}`,
      `contact_ask:${created.id}`,
    ]);
  });

  it('matched by email: the preview and the card say which contact and what changes; its tags are kept', async () => {
    const v = await addCommand('Jordan Lee jordan.lee@example.com +44 20 7946 0000');
    expect(preview(v)).toContain('*Updates Jordan Lee* (matched by email)');
    expect(preview(v)).toContain('Phone: +15551234567 → +442079460000');
    const { card } = await submit(v, { ...asShown(v), tags: { tags: typed('hot') } });
    expect(messageText(card!)).toContain('update *Jordan Lee* in SMBcrm');
    await h.click('U0BOB', card!, 'approval_approve');
    expect(upserts()[0]?.body).not.toHaveProperty('tags');
    expect(h.smbcrm.db.contacts.find((c) => c.id === JORDAN)?.tags).toEqual(['vip', 'spring-promo', 'hot']);
    expect(messageText(card!)).toContain('SMBcrm updated the contact it matched, as previewed.');
    // The preview's old → new values are in the audit too, deep in the request: scrubbed there, and in every log line.
    const audit = JSON.stringify(await h.bot.services.requests.auditTrail());
    const logs = h.logs.lines.join('\n');
    for (const secret of ['+442079460000', '+15551234567', 'jordan.lee@example.com']) {
      expect(audit).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });

  it('matched by phone', async () => {
    const v = await addCommand('Jordan Lee jordan@newmail.test (555) 123-4567');
    expect(preview(v)).toContain('*Updates Jordan Lee* (matched by phone)');
    const { card } = await submit(v, asShown(v));
    await h.click('U0BOB', card!, 'approval_approve');
    expect((upserts()[0]!.response as { new: boolean }).new).toBe(false);
    expect(h.smbcrm.db.contacts.find((c) => c.id === JORDAN)?.email).toBe('jordan@newmail.test');
  });

  it('duplicates allowed in the sub-account: the bot still updates the contact it matched, no duplicate', async () => {
    h.smbcrm.db.locations.find((l) => l.id === h.config.smbcrm.locationId)!.duplicateRule =
      'allow-duplicates';
    const v = await addCommand('Jordan Lee jordan.lee@example.com');
    expect(preview(v)).toContain('matched by email');
    const { card } = await submit(v, asShown(v));
    await h.click('U0BOB', card!, 'approval_approve');
    expect(upserts()[0]?.body).toMatchObject({ createNewIfDuplicateAllowed: false });
    expect((upserts()[0]!.response as { new: boolean }).new).toBe(false);
    expect(h.smbcrm.db.contacts.filter((c) => c.email === 'jordan.lee@example.com')).toHaveLength(1);
    expect(messageText(card!)).toContain('SMBcrm updated the contact it matched, as previewed.');
    // An update keeps the contact's owner and its lead source.
    expect(upserts()[0]?.body).not.toHaveProperty('source');
  });

  it('a contact with the same email appears before the approval: nothing is overwritten, the card says so', async () => {
    const v = await addCommand('Grace Hopper grace.late@navy.test');
    expect(preview(v)).toContain('*New contact*');
    const { card } = await submit(v, asShown(v));
    h.smbcrm.db.contacts.push({
      id: 'CtcSimLateGrace001',
      locationId: h.config.smbcrm.locationId,
      firstName: 'Grace',
      lastName: 'Brewster',
      email: 'grace.late@navy.test',
      tags: [],
      source: 'Facebook Ad',
      dateAdded: new Date().toISOString(),
      dateUpdated: new Date().toISOString(),
    });
    await h.click('U0BOB', card!, 'approval_approve');
    expect(upserts()).toHaveLength(0);
    expect(messageText(card!)).toContain('a contact with this email now exists in SMBcrm (Grace Brewster)');
    expect(h.smbcrm.db.contacts.find((c) => c.id === 'CtcSimLateGrace001')?.source).toBe('Facebook Ad');
  });

  it('the email finds one contact and the phone another: the preview warns; the card says which SMBcrm updated', async () => {
    h.smbcrm.db.locations.find((l) => l.id === h.config.smbcrm.locationId)!.duplicateRule =
      'phone-then-email';
    // Jordan Lee's email, Jordan Smith's phone.
    const v = await addCommand('Jordan Lee jordan.lee@example.com +1 415 555 0199');
    expect(preview(v)).toContain('*Updates Jordan Lee* (matched by email)');
    const { card } = await submit(v, asShown(v));
    expect(messageText(card!)).toContain('The phone belongs to Jordan Smith');
    await h.click('U0BOB', card!, 'approval_approve');
    expect(messageText(card!)).toContain('SMBcrm updated a different contact than the Jordan Lee previewed');
    expect(h.smbcrm.db.contacts.find((c) => c.id === JORDAN)?.phone).toBe('+15551234567'); // not the one updated
  });

  it('SMBcrm’s 422 is quoted on the card with Retry', async () => {
    const v = await addCommand('Ada Lovelace ada@engine.test');
    const { card } = await submit(v, asShown(v));
    h.smbcrm.inject({
      method: 'POST',
      path: '/contacts/upsert',
      status: 422,
      body: { statusCode: 422, message: ['firstName is reserved'], error: 'Unprocessable Entity' },
    });
    await h.click('U0BOB', card!, 'approval_approve');
    expect(messageText(card!)).toContain('firstName is reserved');
    await h.click('U0BOB', card!, 'approval_retry');
    expect(messageText(card!)).toContain('SMBcrm created a new contact');
    expect(h.smbcrm.db.contacts.filter((c) => c.email === 'ada@engine.test')).toHaveLength(1);
  });

  it('/smbcrm add in a DM: told at once that approvers cannot see it there, before anything is typed', async () => {
    const views = h.slack.views.length;
    const posts = h.slack.responsePosts.length;
    const from = h.logs.lines.length;
    await h.driver.command({ user: 'U0ALICE', channel: 'D0ALICEBOT', text: 'add Ada Byron ada@byron.test' });
    await h.requestsDone(1, from, 'command');
    const reply = await h.nextReply(posts);
    expect(messageText(reply.body)).toContain('approvers cannot see a direct message');
    expect(h.slack.views.length).toBe(views);
  });

  it('SMBcrm down while the modal opens or is submitted: the modal opens anyway, the request is made, checked when approved', async () => {
    h.smbcrm.inject({ method: 'GET', path: '/users/', status: 500, times: 10 });
    h.smbcrm.inject({ method: 'POST', path: '/contacts/search', status: 500, times: 20 });
    const v = await addCommand('Ada Byron ada@byron.test');
    expect(initial(v, 'first_name')).toBe('Ada');
    expect(preview(v)).toContain('SMBcrm could not be asked just now');
    const { card } = await submit(v, asShown(v));
    expect(messageText(card!)).toContain('*Not checked*');
    h.smbcrm.clearFaults();
    await h.click('U0BOB', card!, 'approval_approve');
    expect(messageText(card!)).toContain('SMBcrm created a new contact.');
  });

  describe('bad input: said in the modal, next to its field; nothing written', () => {
    it('tags over 100 characters; invisible tags are dropped', async () => {
      const v = await addCommand('Mary Fairfax mary@fairfax.test');
      const { res } = await submit(v, { ...asShown(v), tags: { tags: typed(`ok, ${'x'.repeat(101)}`) } });
      expect((res.json as { errors: Record<string, string> }).errors).toEqual({
        tags: 'A tag may be at most 100 characters.',
      });
    });

    it('no name, and no email or phone', async () => {
      const v = await addCommand('');
      const { res } = await submit(v, asShown(v));
      expect(res.json).toMatchObject({
        response_action: 'errors',
        errors: {
          first_name: 'Type a first or last name.',
          email: 'Give an email or a phone number (or both).',
        },
      });
    });
    it('an email or a phone that does not read', async () => {
      const v = await addCommand('Ada Lovelace');
      const { res } = await submit(v, {
        ...asShown(v),
        email: { email: typed('ada@') },
        phone: { phone: typed('12') },
      });
      expect((res.json as { errors: Record<string, string> }).errors).toEqual({
        email: '“ada@” is not an email address.',
        phone: '“12” cannot be read as a phone number; include the country code (+44 …).',
      });
      expect(writes()).toHaveLength(0);
      expect(channelCards().filter((m) => messageText(m).includes('Somerville'))).toHaveLength(0);
    });
  });

  it('"Create SMBcrm contact" on a message: five emails offered, one chosen; the message and its link as a first note; markup stored as typed, shown escaped', async () => {
    const { message } = await h.driver.say({
      user: 'U0BOB',
      channel: 'C0SALES',
      text: 'New lead: Grace Hopper, grace@navy.test, +1 202 555 0101 &lt;!channel&gt; also g.hopper@navy.test, gh@home.test, grace@yale.test, hopper@mil.test',
    });
    const views = h.slack.views.length;
    const from = h.logs.lines.length;
    await h.driver.messageShortcut({ user: 'U0ALICE', message, callbackId: 'create_contact' });
    await h.logs.waitFor((l) => l.msg === 'slack request' && l.kind === 'message_action', from);
    const v = h.slack.views[views] as View;
    expect(initial(v, 'first_name')).toBe('Grace');
    const email = blocksOf(v).find((x) => x.block_id === 'email')?.element as {
      type: string;
      options: { value: string }[];
    };
    expect(email.type).toBe('static_select');
    expect(email.options.map((o) => o.value)).toHaveLength(5);
    expect(initial(v, 'note')).toContain('<!channel>');
    expect(initial(v, 'note')).toContain(
      `https://sim.slack.test/archives/C0SALES/p${message.ts.replace('.', '')}`,
    );
    const { card } = await submit(v, { ...asShown(v), email: { email: chosen('grace@yale.test') } });
    expect(card!.live).not.toContain('<!channel>');
    await h.click('U0BOB', card!, 'approval_approve');
    const created = h.smbcrm.db.contacts.find((c) => c.email === 'grace@yale.test')!;
    const note = h.smbcrm.db.notes.find((n) => n.contactId === created.id);
    expect(note?.body).toContain('<!channel>'); // as typed
    expect(note?.userId).toBe(ALEX);
  });
});
