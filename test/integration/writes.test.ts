import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messageText } from '../../sim/slack/block-kit.js';
import type { SimMessage } from '../../sim/slack/server.js';
import { LINKED_USERS } from '../helpers/fixtures.js';
import { buttonsOf, type Harness, startHarness } from '../helpers/harness.js';

/**
 * The day's writes from Slack, end to end over HTTP against both simulators and real Redis, with two instances:
 * notes, tasks and tags confirmed by the requester on a private card; won/lost and owner changes approved by
 * someone else on a card in the channel; every write credited to the requester's SMBcrm user.
 */
const JORDAN = 'CtcSimJordan000001'; // Jordan Lee, tags vip + spring-promo, owner Alex
const WEB = 'OppSimJordanWeb001'; // "Website redesign", open, owner Alex
const ALEX = 'UsrSimAlex00000001';
const SAM = 'UsrSimSam000000002';

let since = 0;
const writes = (h: Harness) =>
  h.smbcrm.exchanges.slice(since).filter((e) => e.method !== 'GET' && !e.path.endsWith('/search'));
const channelCards = (h: Harness) => h.slack.messages.filter((m) => m.channel === 'C0SALES' && !m.visibleTo);

/** `/smbcrm <text>`; resolves with the private reply's text and the private card (if it is one). */
async function ask(h: Harness, text: string, user = 'U0ALICE') {
  const cards = channelCards(h).length;
  const messages = h.slack.messages.length;
  const { ack, reply } = await h.command(text, user);
  const privateCard = h.slack.messages
    .slice(messages)
    .find(
      (m) => m.visibleTo === user && buttonsOf(m).some((x) => x.element.action_id === 'approval_approve'),
    );
  return {
    ack,
    text: messageText(reply?.body ?? ack.json ?? {}),
    card: privateCard?.visibleTo === user ? privateCard : undefined,
    channelCard: channelCards(h).slice(cards)[0],
  };
}
const click = async (h: Harness, card: SimMessage, actionId: string, user: string, driver = h.driver) =>
  (await h.click(user, card, actionId, { driver })).res;
const lastPrivate = (h: Harness) => messageText(h.slack.responsePosts.at(-1)?.body ?? {});

describe('the day’s writes', () => {
  let h: Harness;
  let b: Awaited<ReturnType<Harness['addInstance']>>;
  beforeAll(async () => {
    h = await startHarness({ slack: { users: LINKED_USERS } });
    b = await h.addInstance();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.smbcrm.db.notes.length = 0;
    h.smbcrm.db.tasks.length = 0;
    Object.assign(h.smbcrm.db.contacts.find((c) => c.id === JORDAN)!, { tags: ['vip', 'spring-promo'] });
    Object.assign(h.smbcrm.db.opportunities.find((o) => o.id === WEB)!, { status: 'open', assignedTo: ALEX });
    h.smbcrm.clearFaults();
    since = h.smbcrm.exchanges.length;
  });

  it('what Slack sends is read back to what was typed: the mailto link, the entities, a mention', async () => {
    const raw = await h.driver.command({
      user: 'U0ALICE',
      channel: 'C0SALES',
      text: 'note <mailto:jordan.lee@example.com|jordan.lee@example.com>: ask <@U0BOB|bob> &amp; &lt;b&gt;',
      raw: true,
    });
    expect(raw.status).toBe(200);
    const card = await h.slack.waitFor(() =>
      h.slack.messages.find((m) => m.visibleTo === 'U0ALICE' && messageText(m).includes('ask @bob')),
    );
    await click(h, card, 'approval_approve', 'U0ALICE');
    expect(writes(h)[0]?.body).toEqual({ body: 'ask @bob & <b>', userId: ALEX });
  });

  it('a note: a private card to confirm, written once on Confirm, credited to the SMBcrm user, shown escaped', async () => {
    // As typed; the simulator sends it as Slack does: &, < and > as entities, the email as a mailto link.
    const { text, card } = await ask(
      h,
      'note jordan.lee@example.com: Called <!channel> wants a *quote* & a call back',
    );
    expect(card).toBeDefined();
    expect(text).toContain('Confirm:');
    expect(text).toContain('add a note to *Jordan Lee*');
    expect(text).toContain('requested by <@U0ALICE> (Alex Rivera in SMBcrm)');
    expect(buttonsOf(card!).map((x) => x.element.action_id)).toEqual(['approval_approve', 'approval_reject']);
    expect(buttonsOf(card!).map((x) => (x.element.text as { text: string }).text)).toEqual([
      'Confirm',
      'Cancel',
    ]);
    // The text as typed reaches the card only escaped: nothing in it is live markup.
    expect(card!.live).not.toContain('<!channel>');
    expect(writes(h)).toHaveLength(0);
    expect(channelCards(h).some((m) => messageText(m).includes('a call back'))).toBe(false);

    await click(h, card!, 'approval_approve', 'U0ALICE');
    expect(writes(h).map((e) => `${e.method} ${e.path}`)).toEqual([`POST /contacts/${JORDAN}/notes`]);
    expect(writes(h)[0]?.body).toEqual({
      body: 'Called <!channel> wants a *quote* & a call back',
      userId: ALEX,
    });
    expect(h.smbcrm.db.notes).toHaveLength(1);
    expect(messageText(card!)).toContain('Added a note to *Jordan Lee* in SMBcrm');
    expect(messageText(card!)).toContain('confirmed by you');
    expect(buttonsOf(card!)).toHaveLength(0);
    const trail = await h.bot.services.requests.pending('C0SALES');
    expect(trail.every((r) => r.action !== 'contact.note')).toBe(true);
  });

  it('double Confirm on two instances at once writes exactly one note', async () => {
    const { card } = await ask(h, 'note Jordan Lee: sent the brochure');
    const from = h.logs.lines.length;
    await Promise.all([
      h.driver.click({ user: 'U0ALICE', message: card!, actionId: 'approval_approve' }),
      b.driver.click({ user: 'U0ALICE', message: card!, actionId: 'approval_approve' }),
    ]);
    await h.requestsDone(2, from, 'action');
    expect(writes(h).filter((e) => e.path.endsWith('/notes'))).toHaveLength(1);
    expect(h.smbcrm.db.notes).toHaveLength(1);
  });

  it('only the requester may confirm their private card; Cancel writes nothing', async () => {
    const { card } = await ask(h, 'note Jordan Lee: private thoughts');
    await click(h, card!, 'approval_approve', 'U0BOB');
    expect(lastPrivate(h)).toContain('Only the person who asked can confirm this');
    expect(writes(h)).toHaveLength(0);
    await click(h, card!, 'approval_reject', 'U0ALICE', b.driver);
    expect(messageText(card!)).toContain('Cancelled');
    expect(messageText(card!)).toContain('Nothing was written');
    expect(writes(h)).toHaveLength(0);
  });

  it('a task: due words read in the requester’s time zone, assigned to them, the date in words on the card', async () => {
    const { text, card } = await ask(h, 'task Jordan Lee: Send the quote due friday');
    const london = DateTime.now().setZone('Europe/London');
    let friday = london.set({ hour: 17, minute: 0, second: 0, millisecond: 0 });
    while (friday.weekday !== 5 || friday.startOf('day') < london.startOf('day'))
      friday = friday.plus({ days: 1 });
    expect(text).toContain(`${friday.toFormat('cccc d LLLL yyyy')}, 17:00 (Europe/London)`);
    await click(h, card!, 'approval_approve', 'U0ALICE');
    const [post] = writes(h);
    expect(`${post?.method} ${post?.path}`).toBe(`POST /contacts/${JORDAN}/tasks`);
    expect(post?.body).toEqual({
      title: 'Send the quote',
      dueDate: friday.toUTC().toISO(),
      completed: false,
      assignedTo: ALEX,
    });
    expect(messageText(card!)).toContain('Added a task for *Jordan Lee* in SMBcrm');
  });

  it('a task without a due date is due tomorrow at 17:00 where the requester is', async () => {
    const { card } = await ask(h, 'task Jordan Lee: Call back', 'U0BOB');
    await click(h, card!, 'approval_approve', 'U0BOB');
    const due = DateTime.now()
      .setZone('America/New_York')
      .plus({ days: 1 })
      .set({ hour: 17, minute: 0, second: 0, millisecond: 0 });
    expect(writes(h)[0]?.body).toMatchObject({ dueDate: due.toUTC().toISO(), assignedTo: SAM });
  });

  it('tags: one add and one remove, never the upsert; only what would change', async () => {
    const { text, card } = await ask(h, 'tag Jordan Lee: +Hot +vip -spring-promo');
    expect(text).toContain('*Add:* hot');
    expect(text).toContain('*Remove:* spring-promo');
    await click(h, card!, 'approval_approve', 'U0ALICE');
    expect(writes(h).map((e) => [`${e.method} ${e.path}`, e.body])).toEqual([
      [`POST /contacts/${JORDAN}/tags`, { tags: ['hot'] }],
      [`DELETE /contacts/${JORDAN}/tags`, { tags: ['spring-promo'] }],
    ]);
    expect(h.smbcrm.db.contacts.find((c) => c.id === JORDAN)?.tags).toEqual(['vip', 'hot']);
  });

  it('won: a card in the channel; not by the requester; approved on the other instance; credited on the card', async () => {
    const { text, channelCard } = await ask(h, 'won Website redesign');
    expect(text).toContain('posted in the channel for approval');
    expect(messageText(channelCard!)).toContain('mark *Website redesign* won');
    expect(messageText(channelCard!)).toContain('*Status:* open  →  *won*');
    await click(h, channelCard!, 'approval_approve', 'U0ALICE');
    expect(lastPrivate(h)).toContain('someone else must approve it');
    expect(writes(h)).toHaveLength(0);
    await click(h, channelCard!, 'approval_approve', 'U0BOB', b.driver);
    expect(writes(h).map((e) => [`${e.method} ${e.path}`, e.body])).toEqual([
      [`PUT /opportunities/${WEB}/status`, { status: 'won' }],
    ]);
    expect(messageText(channelCard!)).toContain('Marked *Website redesign* won in SMBcrm');
    expect(messageText(channelCard!)).toContain(
      'requested by <@U0ALICE> (Alex Rivera in SMBcrm), approved by <@U0BOB>',
    );
  });

  it('won, but someone marked it lost meanwhile: nothing written, the card says where it is', async () => {
    const { channelCard } = await ask(h, 'won Website redesign');
    h.smbcrm.db.opportunities.find((o) => o.id === WEB)!.status = 'lost';
    await click(h, channelCard!, 'approval_approve', 'U0BOB');
    expect(writes(h)).toHaveLength(0);
    expect(messageText(channelCard!)).toContain(
      'Not written: the record is now lost, not open as when it was asked',
    );
  });

  it('assign to @someone: the SMBcrm user their Slack email maps to; freshness is the owner when asked', async () => {
    const { channelCard } = await ask(h, 'assign Website redesign to @bob');
    expect(messageText(channelCard!)).toContain('*Owner:* Alex Rivera  →  *Sam Okafor* (<@U0BOB>)');
    await click(h, channelCard!, 'approval_approve', 'U0CAROL');
    expect(writes(h).map((e) => [`${e.method} ${e.path}`, e.body])).toEqual([
      [`PUT /opportunities/${WEB}`, { assignedTo: SAM }],
    ]);
    expect(messageText(channelCard!)).toContain('Handed *Website redesign* to Sam Okafor in SMBcrm');
  });

  it('someone not linked still asks; the card says the write is credited to no one', async () => {
    const { card } = await ask(h, 'note Jordan Lee: from Carol', 'U0CAROL');
    expect(messageText(card!)).toContain('not credited to anyone in SMBcrm');
    await click(h, card!, 'approval_approve', 'U0CAROL');
    expect(writes(h)[0]?.body).toEqual({ body: 'from Carol' });
  });

  it('a 422 is quoted on the card with Retry; Retry after an answer lost re-reads and does not write twice', async () => {
    h.smbcrm.inject({
      method: 'POST',
      path: /\/notes$/,
      status: 422,
      body: { statusCode: 422, message: ['body is too fancy'], error: 'Unprocessable Entity' },
    });
    const { card } = await ask(h, 'note Jordan Lee: retried note');
    await click(h, card!, 'approval_approve', 'U0ALICE');
    expect(messageText(card!)).toContain('body is too fancy');
    expect(buttonsOf(card!).map((x) => x.element.action_id)).toEqual(['approval_retry']);
    // The next POST is written by SMBcrm but its answer never arrives (a 502 after the work).
    h.smbcrm.inject({ method: 'POST', path: /\/notes$/, status: 502, afterWork: true });
    await click(h, card!, 'approval_retry', 'U0ALICE');
    expect(h.smbcrm.db.notes).toHaveLength(1);
    expect(messageText(card!)).toContain('Added a note to *Jordan Lee* in SMBcrm');
    // Retry once more from a stale copy of the card: already done, nothing more written.
    const posts = writes(h).filter((e) => e.method === 'POST').length;
    await click(h, card!, 'approval_retry', 'U0ALICE', b.driver).catch(() => undefined);
    expect(writes(h).filter((e) => e.method === 'POST').length).toBe(posts);
    expect(h.smbcrm.db.notes).toHaveLength(1);
  });

  it('an email proves who someone is only inside this workspace: a Slack Connect guest or a deactivated account is no one', async () => {
    for (const user of ['U0EVE', 'U0GONE']) {
      const { text } = await ask(h, 'whoami', user);
      expect(text).toContain('You are not linked to an SMBcrm user');
      expect(text).toContain('Only people of this workspace are matched');
    }
    // The guest may ask, but cannot confirm their own request: nothing reaches SMBcrm.
    const { card } = await ask(h, 'note Jordan Lee: from a guest', 'U0EVE');
    expect(messageText(card!)).toContain('not credited to anyone in SMBcrm');
    await h.click('U0EVE', card!, 'approval_approve', { as: { userTeamId: 'T0OTHERORG' } });
    expect(lastPrivate(h)).toContain('Only people of this workspace may change SMBcrm');
    expect(writes(h)).toHaveLength(0);
  });

  it('whoami: who you are in SMBcrm, or why not and how to fix it', async () => {
    expect((await ask(h, 'whoami')).text).toContain(
      'In SMBcrm you are *Alex Rivera* (admin), matched by your Slack email',
    );
    const carol = (await ask(h, 'whoami', 'U0CAROL')).text;
    expect(carol).toContain('You are not linked to an SMBcrm user');
    expect(carol).toContain('`SMBCRM_USER_MAP`');
    expect(writes(h)).toHaveLength(0);
  });

  describe('bad input: one sentence on what to type, nothing written, no card', () => {
    const cases: [string, string, RegExp][] = [
      ['empty note', 'note Jordan Lee:   ', /The note is empty/],
      ['no contact', 'note : hello', /Name the contact, then the note after a colon/],
      ['note too long', `note Jordan Lee: ${'x'.repeat(5_001)}`, /SMBcrm takes at most 5,000/],
      ['tag without + or -', 'tag Jordan Lee: vip', /Each tag starts with \+ or -/],
      ['nothing to change in tags', 'tag Jordan Lee: +vip', /already has those tags/],
      ['unreadable date', 'task Jordan Lee: call due tomorrowish', /can't read the due date/],
      ['date in the past', 'task Jordan Lee: call due 2020-01-02', /is in the past/],
      ['already won', 'won Old logo job', /already won; nothing to change/],
      ['owner already', 'assign Website redesign to @alice', /already owns that opportunity/],
      [
        'assignee not linked',
        'assign Website redesign to @carol',
        /not linked to an SMBcrm user, so I can't hand them/,
      ],
      ['assign without a mention', 'assign Website redesign to maya', /mention the new owner/],
      ['no such contact', 'note Nobody Atall: hi', /No contact matches that/],
    ];
    it.each(cases)('%s', async (_name, command, expected) => {
      const cards = channelCards(h).length;
      const messages = h.slack.messages.length;
      const { text } = await ask(h, command);
      expect(text).toMatch(expected);
      expect(writes(h)).toHaveLength(0);
      expect(channelCards(h).length).toBe(cards);
      // Only the one private answer, and it is not a card with buttons.
      const added = h.slack.messages.slice(messages);
      expect(added.length).toBeLessThanOrEqual(1);
      expect(added.flatMap((m) => buttonsOf(m))).toHaveLength(0);
    });
  });
});

describe('the same writes without typing: lookup-card buttons and the "Save to SMBcrm" shortcut', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ slack: { users: LINKED_USERS } });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.smbcrm.db.notes.length = 0;
    h.smbcrm.db.tasks.length = 0;
    Object.assign(h.smbcrm.db.opportunities.find((o) => o.id === WEB)!, { status: 'open', assignedTo: ALEX });
    since = h.smbcrm.exchanges.length;
  });

  /** Opens a modal by clicking a button of the lookup card; resolves with the opened view. */
  async function openFromCard(actionId: string, value: string) {
    await h.command('lookup jordan.lee@example.com');
    const card = h.latestMessage('C0SALES', 'U0ALICE')!;
    const views = h.slack.views.length;
    await h.driver.click({ user: 'U0ALICE', message: card, actionId, value });
    return h.slack.waitFor(() => h.slack.views[views]);
  }
  /** Submits a modal; resolves with the private card that comes back (if any) once the bot is done. */
  async function submit(
    opened: { id: string; view: Record<string, unknown> },
    values: Record<string, Record<string, unknown>>,
  ) {
    const from = h.logs.lines.length;
    const messages = h.slack.messages.length;
    const res = await h.driver.submitView({ user: 'U0ALICE', viewId: opened.id, view: opened.view, values });
    if (res.body === '')
      await h.logs.waitFor((l) => l.msg === 'slack request' && l.kind === 'view_submission', from);
    const card = h.slack.messages
      .slice(messages)
      .find((m) => buttonsOf(m).some((x) => x.element.action_id === 'approval_approve'));
    return { res, card };
  }
  const typed = (value: string) => ({ type: 'plain_text_input', value });
  /** "Save to SMBcrm" on a message: resolves with the modal it opens and the text it prefilled. */
  async function saveFromMessage(message: SimMessage) {
    const views = h.slack.views.length;
    await h.driver.messageShortcut({ user: 'U0ALICE', message, callbackId: 'save_to_smbcrm' });
    const opened = await h.slack.waitFor(() => h.slack.views[views]);
    const blocks = (opened.view as { blocks: { block_id?: string; element?: { initial_value?: string } }[] })
      .blocks;
    return { opened, prefilled: blocks.find((b) => b.block_id === 'text')?.element?.initial_value ?? '' };
  }

  it('the lookup card offers Add note, Add task and, per open deal, Move stage and Won / Lost', async () => {
    await h.command('lookup jordan.lee@example.com');
    const ids = buttonsOf(h.latestMessage('C0SALES', 'U0ALICE')!).map(
      (x) => `${x.element.action_id}:${x.element.value}`,
    );
    expect(ids).toEqual(
      expect.arrayContaining([
        `contact_note:${JORDAN}`,
        `contact_task:${JORDAN}`,
        `opportunity_move:${WEB}`,
        `opportunity_status:${WEB}`,
      ]),
    );
  });

  it('Add note → modal → the private card → Confirm writes the note as typed', async () => {
    const opened = await openFromCard('contact_note', JORDAN);
    expect((opened.view as { callback_id: string }).callback_id).toBe('write_note');
    const { card } = await submit(opened, { note: { note: typed('Left a *voicemail* <b>') } });
    expect(messageText(card!)).toContain('add a note to *Jordan Lee*');
    await click(h, card!, 'approval_approve', 'U0ALICE');
    expect(writes(h).map((e) => e.body)).toEqual([{ body: 'Left a *voicemail* <b>', userId: ALEX }]);
  });

  it('an empty note is named in the modal itself; nothing is written', async () => {
    const opened = await openFromCard('contact_note', JORDAN);
    const { res } = await submit(opened, { note: { note: typed('   ') } });
    expect(res.json).toMatchObject({ response_action: 'errors', errors: { note: 'Type the note.' } });
    expect(writes(h)).toHaveLength(0);
  });

  it('Add task → title, due words and details → the task as asked', async () => {
    const opened = await openFromCard('contact_task', JORDAN);
    const { card } = await submit(opened, {
      title: { title: typed('Check the invoice due date') }, // " due " in a title stays in the title
      due: { due: typed('tomorrow') },
      details: { details: typed('Include the spring discount') },
    });
    await click(h, card!, 'approval_approve', 'U0ALICE');
    const due = DateTime.now()
      .setZone('Europe/London')
      .plus({ days: 1 })
      .set({ hour: 17, minute: 0, second: 0, millisecond: 0 });
    expect(writes(h)[0]?.body).toEqual({
      title: 'Check the invoice due date',
      body: 'Include the spring discount',
      dueDate: due.toUTC().toISO(),
      completed: false,
      assignedTo: ALEX,
    });
  });

  it('Won / Lost → modal → the approval card in the channel → approved: PUT status', async () => {
    const opened = await openFromCard('opportunity_status', WEB);
    const cards = channelCards(h).length;
    await submit(opened, {
      status: { status: { type: 'radio_buttons', selected_option: { value: 'lost' } } },
    });
    const card = await h.slack.waitFor(() => channelCards(h)[cards]);
    expect(messageText(card)).toContain('mark *Website redesign* lost');
    await click(h, card, 'approval_approve', 'U0BOB');
    expect(writes(h).map((e) => [`${e.method} ${e.path}`, e.body])).toEqual([
      [`PUT /opportunities/${WEB}/status`, { status: 'lost' }],
    ]);
  });

  it('"Save to SMBcrm" on a message: the text and its link prefilled, the contact searched as you type, saved as a note', async () => {
    const { message } = await h.driver.say({
      user: 'U0BOB',
      channel: 'C0SALES',
      text: 'Jordan called: wants the quote by Friday',
    });
    const { opened, prefilled } = await saveFromMessage(message);
    const text = prefilled;
    expect(text).toContain('Jordan called: wants the quote by Friday');
    expect(text).toContain(`https://sim.slack.test/archives/C0SALES/p${message.ts.replace('.', '')}`);

    const suggested = await h.driver.suggest({
      user: 'U0ALICE',
      view: opened.view,
      viewId: opened.id,
      blockId: 'contact',
      actionId: 'save_contact',
      value: 'jordan',
    });
    const options = (suggested.json as { options: { text: { text: string }; value: string }[] }).options;
    expect(options.map((o) => o.text.text)).toEqual([
      'Jordan Lee (Lee Landscaping)',
      'Jordan Smith (Smith & Sons)',
    ]);

    const { card } = await submit(opened, {
      contact: { save_contact: { type: 'external_select', selected_option: { value: JORDAN } } },
      kind: { kind: { type: 'radio_buttons', selected_option: { value: 'note' } } },
      text: { text: typed(text) },
      due: { due: typed('') },
    });
    await click(h, card!, 'approval_approve', 'U0ALICE');
    expect(writes(h).map((e) => `${e.method} ${e.path}`)).toEqual([`POST /contacts/${JORDAN}/notes`]);
    expect(writes(h)[0]?.body).toEqual({ body: text, userId: ALEX });
  });

  it('"Save to SMBcrm" prefills the text as people read it, not Slack’s markup', async () => {
    // A message event's text as Slack sends it: entities, and mentions by id only.
    const { message } = await h.driver.say({
      user: 'U0BOB',
      channel: 'C0SALES',
      text: 'Tom &amp; Jerry want it &lt;asap&gt;, ask <@U0BOB>',
    });
    const { prefilled } = await saveFromMessage(message);
    expect(prefilled).toMatch(/^Tom & Jerry want it <asap>, ask @Bob Burns\n\n/);
  });

  it('"Save to SMBcrm" as a task: the first line is the title, the rest its details', async () => {
    const { message } = await h.driver.say({
      user: 'U0BOB',
      channel: 'C0SALES',
      text: 'Call Jordan back\nabout the invoice',
    });
    const { opened } = await saveFromMessage(message);
    const { card } = await submit(opened, {
      contact: { save_contact: { type: 'external_select', selected_option: { value: JORDAN } } },
      kind: { kind: { type: 'radio_buttons', selected_option: { value: 'task' } } },
      text: { text: typed('Call Jordan back\nabout the invoice') },
      due: { due: typed('in 3 days') },
    });
    await click(h, card!, 'approval_approve', 'U0ALICE');
    expect(writes(h)[0]?.body).toMatchObject({
      title: 'Call Jordan back',
      body: 'about the invoice',
      assignedTo: ALEX,
    });
  });
});

describe('the policy file, the user map and several matches', () => {
  let h: Harness;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smbcrm-writes-'));
    writeFileSync(join(dir, 'policy.yml'), 'note: { approve: approvers }\nstatus: { approve: requester }\n');
    writeFileSync(join(dir, 'users.yml'), 'U0CAROL: UsrSimSam000000002\n');
    h = await startHarness({
      slack: { users: LINKED_USERS },
      env: { SMBCRM_APPROVAL_POLICY: join(dir, 'policy.yml'), SMBCRM_USER_MAP: join(dir, 'users.yml') },
    });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.smbcrm.db.notes.length = 0;
    Object.assign(h.smbcrm.db.opportunities.find((o) => o.id === WEB)!, { status: 'open', assignedTo: ALEX });
    since = h.smbcrm.exchanges.length;
  });

  it('the map file overrides the email match', async () => {
    expect((await ask(h, 'whoami', 'U0CAROL')).text).toContain(
      'In SMBcrm you are *Sam Okafor* (user), matched by the user map file',
    );
    const { channelCard } = await ask(h, 'note Jordan Lee: mapped', 'U0CAROL');
    expect(messageText(channelCard!)).toContain('requested by <@U0CAROL> (Sam Okafor in SMBcrm)');
  });

  it('notes need an approver when the policy says so: a card in the channel, not the requester', async () => {
    const { text, card, channelCard } = await ask(h, 'note Jordan Lee: by policy');
    expect(card).toBeUndefined();
    expect(text).toContain('posted in the channel for approval');
    await click(h, channelCard!, 'approval_approve', 'U0ALICE');
    expect(lastPrivate(h)).toContain('someone else must approve it');
    await click(h, channelCard!, 'approval_approve', 'U0BOB');
    expect(writes(h).map((e) => e.body)).toEqual([{ body: 'by policy', userId: ALEX }]);
  });

  it('won/lost left to the requester by the policy: their private card, their Confirm', async () => {
    const { card, channelCard } = await ask(h, 'lost Website redesign');
    expect(channelCard).toBeUndefined();
    await click(h, card!, 'approval_approve', 'U0ALICE');
    expect(writes(h).map((e) => e.body)).toEqual([{ status: 'lost' }]);
  });

  it('several matching contacts: a list to pick from; the pick makes the card, only for the person who asked', async () => {
    const { text } = await ask(h, 'tag jordan: +hot', 'U0BOB');
    expect(text).toContain('2 match.');
    const list = h.latestMessage('C0SALES', 'U0BOB')!;
    const picks = buttonsOf(list).filter((x) => x.element.action_id === 'write_pick');
    expect(picks).toHaveLength(2);
    // Someone else's click on the list changes nothing.
    await h.click('U0ALICE', list, 'write_pick', { value: picks[1]?.element.value });
    expect(lastPrivate(h)).toContain('That choice has expired');
    const messages = h.slack.messages.length;
    await h.click('U0BOB', list, 'write_pick', { value: picks[1]?.element.value });
    expect(messageText(list)).toContain('change the tags of *Jordan Smith*');
    expect(h.slack.messages.length).toBe(messages); // the list itself became the card
    await h.click('U0BOB', list, 'approval_approve');
    expect(writes(h).map((e) => `${e.method} ${e.path}`)).toEqual(['POST /contacts/CtcSimJordan000002/tags']);
  });
});

describe('what an attacker or a careless click would try', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ slack: { users: LINKED_USERS } });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.smbcrm.db.notes.length = 0;
    Object.assign(h.smbcrm.db.contacts.find((c) => c.id === JORDAN)!, { tags: ['vip', 'spring-promo'] });
    Object.assign(h.smbcrm.db.opportunities.find((o) => o.id === WEB)!, { status: 'open', assignedTo: ALEX });
    since = h.smbcrm.exchanges.length;
  });

  it('a private request is not in the channel’s pending list; an approver’s request is', async () => {
    await ask(h, 'note Jordan Lee: private');
    await ask(h, 'won Website redesign');
    const list = (await ask(h, 'approvals', 'U0BOB')).text;
    expect(list).toContain('Mark *Website redesign* won');
    expect(list).not.toContain('note');
  });

  it('won/lost asked in a DM with the bot: told to ask in a channel, no card nobody could approve', async () => {
    const before = h.slack.messages.filter((m) => !m.visibleTo).length;
    const posts = h.slack.responsePosts.length;
    const res = await h.driver.command({
      user: 'U0ALICE',
      channel: 'D0ALICEBOT',
      text: 'won Website redesign',
    });
    expect(res.status).toBe(200);
    const reply = await h.nextReply(posts);
    expect(messageText(reply.body)).toContain('approvers cannot see a direct message');
    expect(h.slack.messages.filter((m) => !m.visibleTo).length).toBe(before);
  });

  it('one pick list makes one request, however often it is clicked', async () => {
    await ask(h, 'note jordan: picked once');
    const list = h.latestMessage('C0SALES', 'U0ALICE')!;
    const value = buttonsOf(list).find((x) => x.element.action_id === 'write_pick')?.element.value;
    const stale = structuredClone(list); // the list as it was, before the pick replaced it
    await h.click('U0ALICE', list, 'write_pick', { value });
    await h.click('U0ALICE', stale, 'write_pick', { value });
    expect(lastPrivate(h)).toContain('That choice has expired');
    const cards = h.slack.messages.filter((m) =>
      buttonsOf(m).some((b) => b.element.action_id === 'approval_approve'),
    );
    expect(cards.filter((m) => messageText(m).includes('picked once'))).toHaveLength(1);
  });

  it('a forged "Request again" on a won card is refused, not a crash', async () => {
    const { channelCard } = await ask(h, 'won Website redesign');
    h.smbcrm.db.opportunities.find((o) => o.id === WEB)!.status = 'lost';
    await click(h, channelCard!, 'approval_approve', 'U0BOB');
    const { line } = await h.click('U0BOB', channelCard!, 'approval_request_again', {
      forged: true,
      value: buttonsOf(channelCard!)[0]?.element.value ?? 'x',
    });
    expect(line.outcome).toBe('refused');
    expect(h.logs.parsed().filter((l) => (l.level as number) >= 50)).toEqual([]);
  });

  it('tags: invisible look-alikes and tags of punctuation only are refused; the audit in Redis is scrubbed', async () => {
    expect((await ask(h, 'tag Jordan Lee: +vip\u200b')).text).toContain('already has those tags');
    expect((await ask(h, 'tag Jordan Lee: +-')).text).toContain('Each tag starts with + or -');
    const { card } = await ask(h, 'tag Jordan Lee: +jordan.private@example.com');
    await click(h, card!, 'approval_approve', 'U0ALICE');
    const audit = await h.bot.services.requests.auditTrail();
    expect(JSON.stringify(audit)).not.toContain('jordan.private@example.com');
    expect(JSON.stringify(audit)).toContain('[email]');
  });
});
