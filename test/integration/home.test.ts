import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keysEverywhere } from '../../services/platform/store/redis.js';
import { messageText } from '../../sim/slack/block-kit.js';
import type { SimTask } from '../../sim/smbcrm/types.js';
import { LINKED_USERS } from '../helpers/fixtures.js';
import { buttonsOf, type Harness, startHarness, withHarness } from '../helpers/harness.js';

/**
 * Each person's Home tab, over HTTP against both simulators and real Redis, with two instances: app_home_opened →
 * views.publish; Approve / Reject / Withdraw and Done on the tab through the approval engine; deals and tasks from
 * SMBcrm in as few calls as the API allows; a person who is not linked; Block Kit's 100 blocks; the throttle.
 */
const WEB = 'OppSimJordanWeb001'; // "Website redesign", open, owner Alex (Alice in Slack), in Sales › Qualified
const JORDAN = 'CtcSimJordan000001';
const ALEX = 'UsrSimAlex00000001';
const SAM = 'UsrSimSam000000002';
const DAY = 86_400_000;

const task = (id: string, title: string, dueInMs: number, extra: Partial<SimTask> = {}): SimTask => ({
  id,
  contactId: JORDAN,
  title,
  dueDate: new Date(Date.now() + dueInMs).toISOString(),
  completed: false,
  assignedTo: ALEX,
  ...extra,
});

describe('the Home tab', () => {
  let h: Harness;
  let b: Awaited<ReturnType<Harness['addInstance']>>;
  beforeAll(async () => {
    h = await startHarness({
      slack: {
        users: LINKED_USERS,
        channels: [
          { id: 'C0SALES', name: 'sales' },
          { id: 'G0EXEC', name: 'exec', members: ['U0BOB'] }, // private: Bob only (and the bot)
          { id: 'C0QUIET', name: 'quiet' }, // the bot was never invited
        ],
        memberOf: ['C0SALES', 'G0EXEC'],
      },
    });
    b = await h.addInstance();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    // No refresh of an earlier test still due (each instance's timers), and no state of one.
    h.bot.services.home.stop();
    b.bot.services.home.stop();
    h.smbcrm.clearFaults();
    h.smbcrm.db.tasks.length = 0;
    Object.assign(h.smbcrm.db.opportunities.find((o) => o.id === WEB)!, {
      status: 'open',
      assignedTo: ALEX,
      pipelineStageId: 'c1a7e3b0-0000-4000-8000-000000000002',
    });
    // Each test starts from no pending requests, kept parts, notices or throttle.
    // (The setup summary stays: its checks run once, in the background, and would otherwise run in every test.)
    for (const pattern of ['home:parts:*', 'home:published:*', 'home:notice:*', 'home:seen', 'approval*'])
      for (const k of await keysEverywhere(h.redis, `${h.keyPrefix}${pattern}`)) await h.redis.del(k);
  });

  /** The person opens their Home tab; resolves with the view published for it. */
  async function open(user = 'U0ALICE', driver = h.driver) {
    const before = h.slack.home.published.length;
    const from = h.logs.lines.length;
    await driver.openHomeTab(user);
    await h.requestsDone(1, from, 'event'); // its end-of-request line comes after views.publish
    return latest(user, before);
  }
  function latest(user: string, since: number) {
    const p = h.slack.home.published
      .slice(since)
      .filter((x) => x.user === user)
      .at(-1);
    if (!p) throw new Error(`no Home tab published for ${user}`);
    return p;
  }
  /** A click on the person's tab; resolves with the tab as republished after it. */
  async function clickHome(args: Parameters<Harness['driver']['clickHome']>[0], driver = h.driver) {
    const before = h.slack.home.published.length;
    const from = h.logs.lines.length;
    await driver.clickHome(args);
    // The answer to one's own click is published before the request's end-of-request line.
    await h.logs.waitFor((l) => l.msg === 'slack request' && l.kind === 'action', from);
    return latest(args.user, before);
  }
  const text = (p: { view: { blocks: unknown[] } }) => messageText({ blocks: p.view.blocks });
  const homeButtons = (p: { view: { blocks: unknown[] } }) => buttonsOf({ blocks: p.view.blocks });

  it('shows what waits for the person, their own requests, their deals by stage and their tasks, overdue first', async () => {
    h.smbcrm.db.tasks.push(
      task('TskLater00001', 'Send the proposal', 3 * DAY),
      task('TskOverdue001', 'Call Jordan back', -2 * DAY),
      task('TskDone000001', 'Already done', DAY, { completed: true }),
      task('TskSams000001', 'Sam’s own task', DAY, { assignedTo: SAM }),
    );
    const { reply } = await h.command('won Website redesign', 'U0BOB'); // Bob asks; Alice may approve
    expect(messageText(reply?.body ?? {})).toContain('posted');
    await h.command('lost SEO retainer', 'U0ALICE'); // Alice's own request, waiting for someone else
    // An approver's tab also summarises the setup checks, which run in the background after a first open.
    const checked = h.logs.lines.length;
    await open();
    if (!(await h.redis.get(`${h.keyPrefix}home:setup`)))
      await h.logs.waitFor((l) => l.msg === 'setup checks summarised', checked);
    for (const k of await keysEverywhere(h.redis, `${h.keyPrefix}home:p*`)) await h.redis.del(k); // parts, throttle
    const since = h.smbcrm.exchanges.length;
    const home = await open();
    const t = text(home);
    expect(home.view.type).toBe('home');
    expect(t).toContain('In SMBcrm you are *Alex Rivera*. Times are in Europe/London.');
    expect(t).toContain(':white_check_mark: Setup: every check passes.');
    expect(t).toMatch(/<@U0BOB> \(Sam .*\) asks to mark \*Website redesign\* won\. In <#C0SALES>\./);
    expect(t).toContain('You asked to mark *SEO retainer* lost.');
    expect(t).toContain('*Sales › Qualified*');
    expect(t).toContain('*Website redesign* · $4,200.50 · Jordan Lee');
    expect(t.indexOf('Call Jordan back')).toBeLessThan(t.indexOf('Send the proposal'));
    expect(t).toContain(':warning: overdue since');
    expect(t).not.toContain('Already done');
    expect(t).not.toContain('Sam’s own task');
    expect(JSON.stringify(home.view)).not.toMatch(/@example\.com|\+1555/);
    const ids = homeButtons(home).map((x) => x.element.action_id);
    for (const id of [
      'home_approve',
      'home_reject',
      'home_withdraw',
      'home_move',
      'home_status',
      'home_ask',
      'home_task_done',
    ])
      expect(ids).toContain(id);
    // Two SMBcrm reads build it (deals by owner, tasks by assignee); the pipelines come from the cache.
    const calls = h.smbcrmCalls(since).filter((c) => !c.includes('/users') && !c.includes('/pipelines'));
    expect(calls.sort()).toEqual([
      `GET /opportunities/search`,
      `POST /locations/${h.config.smbcrm.locationId}/tasks/search`,
    ]);
    // Opened again within a minute: the same deals and tasks, no SMBcrm call at all.
    const again = h.smbcrm.exchanges.length;
    await new Promise((r) => setImmediate(r));
    for (const k of await keysEverywhere(h.redis, `${h.keyPrefix}home:published:*`)) await h.redis.del(k);
    await open('U0ALICE', b.driver);
    expect(h.smbcrmCalls(again)).toEqual([]);
  });

  it('Approve on the tab: the same engine and checks as the card; the card is updated; the tab says what happened', async () => {
    const { ack } = await h.command('won Website redesign', 'U0BOB');
    expect(ack.status).toBe(200);
    const card = h.slack.messages.filter((m) => m.channel === 'C0SALES' && !m.visibleTo).at(-1)!;
    const home = await open();
    const id = homeButtons(home).find((x) => x.element.action_id === 'home_approve')!.element.value!;
    // A guest of another organisation clicking a crafted copy is refused by the engine; nothing is written.
    const before = h.smbcrm.exchanges.length;
    const refused = await clickHome({
      user: 'U0ALICE',
      actionId: 'home_approve',
      value: id,
      as: { userTeamId: 'T0OTHERORG' },
    });
    expect(text(refused)).toContain('Only people of this workspace');
    expect(h.smbcrmCalls(before).filter((c) => c.startsWith('PUT'))).toEqual([]);
    const done = await clickHome({ user: 'U0ALICE', actionId: 'home_approve', value: id }, b.driver);
    expect(text(done)).toContain(
      ':white_check_mark: Marked *Website redesign* won. (the card in <#C0SALES> says so too)',
    );
    expect(h.smbcrmCalls(before).filter((c) => c.startsWith('PUT'))).toEqual([
      `PUT /opportunities/${WEB}/status`,
    ]);
    expect(messageText(card)).toContain('Marked *Website redesign* won in SMBcrm');
    expect(text(done)).not.toContain('home_approve');
    expect(homeButtons(done).some((x) => x.element.value === id)).toBe(false);
    // A second click (a stale tab on another device): already handled, nothing more written.
    const again = await clickHome({ user: 'U0ALICE', actionId: 'home_approve', value: id, forged: true });
    expect(text(again)).toContain('already handled');
    expect(h.smbcrmCalls(before).filter((c) => c.startsWith('PUT'))).toHaveLength(1);
  });

  it('Withdraw: the requester only; the card says it was withdrawn', async () => {
    await h.command('lost Website redesign', 'U0ALICE');
    const card = h.slack.messages.filter((m) => m.channel === 'C0SALES' && !m.visibleTo).at(-1)!;
    const mine = await open();
    const id = homeButtons(mine).find((x) => x.element.action_id === 'home_withdraw')!.element.value!;
    await open('U0BOB');
    const notHis = await clickHome({ user: 'U0BOB', actionId: 'home_withdraw', value: id, forged: true });
    expect(text(notHis)).toContain('not yours to withdraw');
    expect((await h.bot.services.requests.get(id))?.status).toBe('pending');
    const withdrawn = await clickHome({ user: 'U0ALICE', actionId: 'home_withdraw', value: id });
    expect(text(withdrawn)).toContain('You withdrew your request to mark *Website redesign* lost');
    expect((await h.bot.services.requests.get(id))?.status).toBe('rejected');
    expect(messageText(card)).not.toContain('Approve');
  });

  it('Done on a task: one PUT …/completed, credited and audited; the task leaves the tab; another’s task is refused', async () => {
    h.smbcrm.db.tasks.push(
      task('TskCall000001', 'Call Jordan back', DAY),
      task('TskSams000002', 'Sam’s', DAY, { assignedTo: SAM }),
    );
    const home = await open();
    const before = h.smbcrm.exchanges.length;
    const forged = await clickHome({
      user: 'U0ALICE',
      actionId: 'home_task_done',
      value: JSON.stringify({ c: JORDAN, t: 'TskSams000002' }),
      forged: true,
    });
    expect(text(forged)).toContain('That task is not among your open tasks in SMBcrm. Nothing was changed.');
    const button = homeButtons(home).find((x) => x.element.action_id === 'home_task_done')!;
    expect(button.element).toHaveProperty('confirm'); // Slack asks "Mark this task done?" first
    const done = await clickHome({
      user: 'U0ALICE',
      actionId: 'home_task_done',
      value: button.element.value,
    });
    expect(text(done)).toContain(':white_check_mark: Marked the task *Call Jordan back* done');
    expect(text(done)).not.toContain('Call Jordan back*\n');
    expect(h.smbcrmCalls(before).filter((c) => c.startsWith('PUT'))).toEqual([
      `PUT /contacts/${JORDAN}/tasks/TskCall000001/completed`,
    ]);
    expect(h.smbcrm.db.tasks.find((t) => t.id === 'TskSams000002')?.completed).toBe(false);
    const audit = JSON.stringify(await h.bot.services.requests.auditTrail());
    expect(audit).toContain('contact.task.done');
  });

  it('a person who is not linked sees why and how to fix it, and nothing is read from SMBcrm for them', async () => {
    const since = h.smbcrm.exchanges.length;
    const home = await open('U0CAROL');
    const t = text(home);
    expect(t).toContain('You are not linked to an SMBcrm user');
    expect(t).toContain('/smbcrm whoami');
    expect(t).not.toContain('Your open deals');
    expect(h.smbcrmCalls(since).filter((c) => c.includes('search'))).toEqual([]);
  });

  it('long lists stay within a Home tab’s 100 blocks and end with "and N more" and a link to SMBcrm', async () => {
    const extra = Array.from({ length: 40 }, (_, i) => ({
      ...h.smbcrm.db.opportunities.find((o) => o.id === WEB)!,
      id: `OppSimBulk${String(i).padStart(6, '0')}`,
      name: `Bulk deal ${i} <!channel>`,
    }));
    h.smbcrm.db.opportunities.push(...extra);
    h.smbcrm.db.tasks.push(
      ...Array.from({ length: 30 }, (_, i) =>
        task(`TskBulk${String(i).padStart(6, '0')}`, `Task ${i}`, i * DAY),
      ),
    );
    try {
      const home = await open();
      expect(home.view.blocks.length).toBeLessThanOrEqual(100);
      const t = text(home);
      expect(t).toMatch(/…and 31 more open deals: <https:\/\/.*\/opportunities\/list\|see them in SMBcrm>/);
      expect(t).toMatch(/…and 18 more open tasks/);
      expect(t).toContain('&lt;!channel&gt;');
    } finally {
      h.smbcrm.db.opportunities.splice(h.smbcrm.db.opportunities.length - extra.length);
    }
  });

  it('SMBcrm failing: the tab is still published and says which part could not be loaded', async () => {
    h.smbcrm.inject({ method: 'POST', path: /\/tasks\/search$/, status: 500, times: 10 });
    const home = await open();
    const t = text(home);
    expect(t).toContain('Your open deals');
    expect(t).toMatch(/Your tasks\n:warning: This part could not be loaded\./);
  });

  it('republished at most once per few seconds per person; a change meanwhile is published after', async () => {
    const first = h.slack.home.published.length;
    await open();
    const from = h.logs.lines.length;
    await h.driver.openHomeTab('U0ALICE');
    await h.requestsDone(1, from, 'event');
    expect(h.slack.home.published.slice(first).filter((p) => p.user === 'U0ALICE')).toHaveLength(1);
    await h.slack.waitFor(
      () =>
        h.slack.home.published.slice(first).filter((p) => p.user === 'U0ALICE').length === 2
          ? true
          : undefined,
      15_000,
    );
  });

  it('Move stage and Won / Lost from the tab: the lookup card’s modal plus where the card goes; the card is posted there', async () => {
    await open();
    for (const [actionId, values] of [
      [
        'home_move',
        {
          stage: {
            stage: {
              type: 'static_select',
              selected_option: { value: 'c1a7e3b0-0000-4000-8000-000000000003' },
            },
          },
        },
      ],
      ['home_status', { status: { status: { type: 'radio_buttons', selected_option: { value: 'won' } } } }],
    ] as const) {
      const views = h.slack.views.length;
      await h.driver.clickHome({ user: 'U0ALICE', actionId, value: WEB }); // opens a modal; the tab stays as it is
      const opened = await h.slack.waitFor(() => h.slack.views[views]);
      expect(JSON.stringify(opened.view)).toContain('conversations_select');
      // Without a channel the modal says so and nothing is requested.
      const cards = h.slack.messages.filter((m) => m.channel === 'C0SALES').length;
      const missing = await h.driver.submitView({
        user: 'U0ALICE',
        viewId: opened.id,
        view: opened.view,
        values,
      });
      expect(JSON.parse(missing.body)).toEqual({
        response_action: 'errors',
        errors: { channel: 'Choose a channel.' },
      });
      const from = h.logs.lines.length;
      await h.driver.submitView({
        user: 'U0ALICE',
        viewId: opened.id,
        view: opened.view,
        values: {
          ...values,
          channel: { channel: { type: 'conversations_select', selected_conversation: 'C0SALES' } },
        },
      });
      await h.logs.waitFor((l) => l.msg === 'slack request' && l.kind === 'view_submission', from);
      const card = h.slack.messages
        .filter((m) => m.channel === 'C0SALES')
        .slice(cards)
        .find((m) => !m.visibleTo);
      expect(messageText(card!)).toMatch(
        actionId === 'home_move' ? /Proposal Sent/ : /mark \*Website redesign\* won/,
      );
      expect(buttonsOf(card!).map((x) => x.element.action_id)).toContain('approval_approve');
    }
  });

  it('Ask the agent from the tab: a thread about the deal’s contact in the person’s DM with the app, answered there', async () => {
    await open();
    const tab = await clickHome({ user: 'U0ALICE', actionId: 'home_ask', value: JORDAN });
    const dm = h.slack.dmOf('U0ALICE'); // Slack's id of Alice's DM with the app (not derived from hers)
    expect(text(tab)).toContain(`its answer is in <#${dm}>`);
    const root = h.slack.messages.find(
      (m) => m.channel === dm && !m.thread_ts && messageText(m).includes('Jordan Lee'),
    );
    const [answer] = await h.answers(dm, root!.ts);
    expect(messageText(answer!)).toContain('Jordan');
  });

  it('every key the Home tab and its requests wrote expires', async () => {
    await open();
    const keys = await keysEverywhere(h.redis, `${h.keyPrefix}*`);
    expect(keys.some((k) => k.includes('home:seen'))).toBe(true);
    expect(keys.some((k) => k.includes('home:parts'))).toBe(true);
    const forever: string[] = [];
    for (const k of keys) if ((await h.redis.pttl(k)) < 0) forever.push(k);
    expect(forever).toEqual([]);
  });

  it('a request in a private channel is not on the tab of someone outside it, and cannot be decided from there', async () => {
    await h.command('won Website redesign', 'U0BOB', 'G0EXEC');
    const card = h.slack.messages.filter((m) => m.channel === 'G0EXEC' && !m.visibleTo).at(-1)!;
    const id = buttonsOf(card).find((x) => x.element.action_id === 'approval_approve')!.element.value!;
    const home = await open('U0ALICE');
    expect(text(home)).not.toContain('Website redesign* won');
    expect(JSON.stringify(home.view)).not.toContain(id);
    const before = h.smbcrm.exchanges.length;
    const forged = await clickHome({ user: 'U0ALICE', actionId: 'home_approve', value: id, forged: true });
    expect(text(forged)).toContain(
      'Only people in <#G0EXEC>, where it was asked, may decide it. Nothing was changed.',
    );
    expect(h.smbcrmCalls(before).filter((c) => c.startsWith('PUT'))).toEqual([]);
    expect((await h.bot.services.requests.get(id))?.status).toBe('pending');
  });

  it('a guest of another organisation sees no one’s requests and no setup status on their tab', async () => {
    await h.command('won Website redesign', 'U0BOB');
    const eve = text(await open('U0EVE'));
    expect(eve).toContain('Nothing is waiting for your approval.');
    expect(eve).not.toContain('Setup');
  });

  it('someone else’s change republishes only the tabs it is on, from the kept deals and tasks: no SMBcrm read', async () => {
    await open('U0ALICE');
    await open('U0CAROL'); // not linked, so she may still approve (anyone in the workspace): hers is republished too
    for (const k of await keysEverywhere(h.redis, `${h.keyPrefix}home:parts:*`)) await h.redis.del(k); // as if a day had passed
    const published = h.slack.home.published.length;
    const since = h.smbcrm.exchanges.length;
    await h.command('won Website redesign', 'U0BOB');
    const alice = await h.slack.waitFor(
      () => h.slack.home.published.slice(published).find((p) => p.user === 'U0ALICE'),
      15_000,
    );
    expect(text(alice)).toContain('asks to mark *Website redesign* won');
    expect(text(alice)).toContain('Not loaded yet: press *Refresh*.');
    expect(h.smbcrmCalls(since).filter((c) => c.includes('/tasks/search'))).toEqual([]);
    // Bob never opened his tab: nothing is published for him.
    expect(h.slack.home.published.slice(published).some((p) => p.user === 'U0BOB')).toBe(false);
  });

  it('a channel the app or the person is not in is refused in the modal, before anything is asked', async () => {
    await open();
    const views = h.slack.views.length;
    await h.driver.clickHome({ user: 'U0ALICE', actionId: 'home_status', value: WEB });
    const opened = await h.slack.waitFor(() => h.slack.views[views]);
    const res = await h.driver.submitView({
      user: 'U0ALICE',
      viewId: opened.id,
      view: opened.view,
      values: {
        status: { status: { type: 'radio_buttons', selected_option: { value: 'won' } } },
        channel: { channel: { type: 'conversations_select', selected_conversation: 'C0QUIET' } },
      },
    });
    expect(JSON.parse(res.body).errors.channel).toContain('The app is not in that channel: invite it there');
    // A channel the app is in but the person is not (the picker lists every public one): refused too.
    const notHers = await h.driver.submitView({
      user: 'U0ALICE',
      viewId: opened.id,
      view: opened.view,
      values: {
        status: { status: { type: 'radio_buttons', selected_option: { value: 'won' } } },
        channel: { channel: { type: 'conversations_select', selected_conversation: 'G0EXEC' } },
      },
    });
    expect(JSON.parse(notHers.body).errors.channel).toBe(
      'You are not in that channel: choose one you are in.',
    );
    expect(await keysEverywhere(h.redis, `${h.keyPrefix}approval:*`)).toEqual([]);
  });
});

describe('the Home tab with task_done set to need an approver', () => {
  it('Done is refused with the setting to change; nothing is written and nothing is left pending', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smbcrm-home-'));
    writeFileSync(join(dir, 'policy.yml'), 'task_done: { approve: approvers }\n');
    await withHarness(
      { slack: { users: LINKED_USERS }, env: { SMBCRM_APPROVAL_POLICY: join(dir, 'policy.yml') } },
      async (w) => {
        w.smbcrm.db.tasks.push(task('TskPolicy0001', 'Call back', DAY));
        const from = w.logs.lines.length;
        await w.driver.openHomeTab('U0ALICE');
        await w.requestsDone(1, from, 'event');
        const home = w.slack.home.homes.get('U0ALICE')!;
        const done = buttonsOf({ blocks: home.view.blocks }).find(
          (b) => b.element.action_id === 'home_task_done',
        )!;
        const clicked = w.logs.lines.length;
        await w.driver.clickHome({ user: 'U0ALICE', actionId: 'home_task_done', value: done.element.value });
        await w.requestsDone(1, clicked, 'action');
        const after = messageText({ blocks: w.slack.home.homes.get('U0ALICE')!.view.blocks });
        expect(after).toContain('SMBCRM_APPROVAL_POLICY');
        expect(after).toContain('You have no requests waiting for someone else.');
        // (The setup check's own probe, a PUT to a record that cannot exist, is not a write.)
        expect(
          w.smbcrm.exchanges.filter((e) => e.method === 'PUT' && !e.path.includes('doctor-probe')),
        ).toEqual([]);
      },
    );
  });
});
