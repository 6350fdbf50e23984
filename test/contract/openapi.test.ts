import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { valuesAsShown } from '../../demo/modal-values.js';
import { LIMITED_TOKEN, TEST_LOCATION_ID, TEST_TOKEN } from '../../sim/smbcrm/seed.js';
import type { Exchange } from '../../sim/smbcrm/server.js';
import { LINKED_USERS } from '../helpers/fixtures.js';
import { buttonsOf, type Harness, startHarness, withHarness } from '../helpers/harness.js';
import { loadContracts } from './openapi.js';

describe('OpenAPI contracts', () => {
  let h: Harness;
  let contracts: ReturnType<typeof loadContracts>;
  beforeAll(async () => {
    contracts = loadContracts();
    h = await startHarness();
  });
  afterAll(() => h.close());

  /** Calls the simulator directly, as any HighLevel API client would, and returns the recorded exchange. */
  async function call(
    method: 'GET' | 'POST',
    path: string,
    init: { headers?: Record<string, string>; body?: unknown } = {},
  ) {
    const before = h.smbcrm.exchanges.length;
    const res = await request(h.smbcrm.url + path, {
      method,
      headers: {
        version: '2021-07-28',
        authorization: `Bearer ${TEST_TOKEN}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    await res.body.text();
    return h.smbcrm.exchanges[before] as Exchange;
  }

  it('every request the bot sends and every answer the simulator returns in a lookup session match the specs', async () => {
    await h.command('lookup jordan.lee@example.com');
    await h.command('lookup (555) 123-4567');
    await h.command('lookup +44 20 7123 4567');
    await h.command('lookup jordan');
    const list = h.latestMessage()!;
    const before = h.slack.responsePosts.length;
    await h.driver.click({
      user: 'U0ALICE',
      message: list,
      actionId: 'contact_view',
      value: 'CtcSimJordan000001',
    });
    await h.nextReply(before);
    await h.command('lookup Smith & Sons');
    const card = h.latestMessage()!;
    expect(buttonsOf(card).length).toBeGreaterThan(0);

    // The bot's start-up read of its agent is in the session too (below, with the other Agent Studio calls).
    const exchanges = h.smbcrm.exchanges.filter((e) => !e.path.startsWith('/agent-studio/'));
    const ops = new Set(
      exchanges.map((e) => `${e.method} ${contracts.findOperation(e.method, e.path)?.template}`),
    );
    expect([...ops].sort()).toEqual([
      'GET /contacts/{contactId}',
      'GET /opportunities/pipelines',
      'GET /opportunities/search',
      'GET /users/',
      'POST /contacts/search',
    ]);
    const report = contracts.check(exchanges);
    expect(report.problems).toEqual([]);
    expect(report.checked.responses).toBe(exchanges.length); // every answer had a schema to meet
    expect(report.checked.requests).toBeGreaterThan(0);
  });

  it("the simulator's error answers use the documented error DTOs", async () => {
    const errors = [
      await call('GET', `/contacts/CtcSimJordan000001`, { headers: { version: '' } }), // 401 version header
      await call('GET', `/contacts/CtcSimJordan000001`, { headers: { authorization: '' } }), // 401 no auth
      await call('GET', `/contacts/CtcSimJordan000001`, { headers: { authorization: 'Bearer garbage' } }), // 401 JWT
      await call('GET', `/contacts/CtcSimJordan000001`, {
        headers: { authorization: `Bearer ${LIMITED_TOKEN}` },
      }), // 401 scope
      await call('GET', `/contacts/NoSuchContact`), // 400 not found
      await call('GET', `/opportunities/search?location_id=${TEST_LOCATION_ID}&limit=101`), // 422 limit
      await call('GET', `/opportunities/search?location_id=${TEST_LOCATION_ID}&sortBy=x`), // 422 unknown property
    ];
    expect(errors.map((e) => e.status)).toEqual([401, 401, 401, 401, 400, 422, 422]);
    expect(errors[0]?.response).toEqual({ statusCode: 401, message: 'version header was not found.' });
    expect(errors[6]?.response).toMatchObject({ message: ['property sortBy should not exist'] });
    // Only the request side of these is deliberately wrong; check the answers.
    const report = contracts.check(
      errors.map((e) => ({ ...e, headers: { ...e.headers, version: '2021-07-28' } })),
    );
    expect(report.problems.filter((p) => p.includes('response'))).toEqual([]);
    expect(report.checked.responses).toBe(errors.length);
  });

  it('Agent Studio: the start-up read of the agent, the execute requests (both turns of a thread) and the answers match the spec, on the current routes', async () => {
    const startup = h.smbcrm.exchanges.filter((e) => e.path.startsWith('/agent-studio/'));
    expect(
      startup.map((e) => `${e.method} ${contracts.findOperation(e.method, e.path)?.template} ${e.status}`),
    ).toEqual(['GET /agent-studio/agent/{agentId} 200']);
    expect(contracts.check(startup).problems).toEqual([]);
    const before = h.smbcrm.exchanges.length;
    const { message } = await h.driver.say({
      user: 'U0ALICE',
      channel: 'C0SALES',
      text: `<@${h.slack.botUserId}> tell me about Jordan Lee`,
    });
    await h.answers('C0SALES', message.ts);
    await h.driver.say({ user: 'U0ALICE', channel: 'C0SALES', threadTs: message.ts, text: 'and his deals?' });
    await h.answers('C0SALES', message.ts, 2);
    const agent = h.smbcrm.exchanges.slice(before).filter((e) => e.path.startsWith('/agent-studio/'));
    expect(
      agent.map((e) => `${e.method} ${contracts.findOperation(e.method, e.path)?.template} ${e.status}`),
    ).toEqual([
      'POST /agent-studio/agent/{agentId}/execute 200',
      'POST /agent-studio/agent/{agentId}/execute 200',
    ]);
    const report = contracts.check(agent);
    expect(report.problems).toEqual([]);
    expect(report.checked).toEqual({ requests: 2, responses: 2 });
  });

  it.each([
    ['the current routes', '/agent-studio/agent'],
    ['the deprecated routes', '/agent-studio/public-api/agents'],
  ])(
    "Agent Studio: the simulator's refusals use the documented statuses and shapes on %s",
    async (_n, path) => {
      const headers = { version: '2021-04-15' };
      const refusals = [
        await call('POST', `${path}/AgtNoSuchAgent00000/execute`, {
          headers,
          body: { locationId: TEST_LOCATION_ID, message: 'hi' },
        }),
        await call('POST', `${path}/AgtSimDraft00000002/execute`, {
          headers,
          body: { locationId: TEST_LOCATION_ID, message: 'hi' },
        }),
        await call('POST', `${path}/AgtSimFrontDesk0001/execute`, { headers, body: { message: 'hi' } }),
        await call('POST', `${path}/AgtSimFrontDesk0001/execute`, {
          headers,
          body: { locationId: TEST_LOCATION_ID, input: 'hi' },
        }),
        await call('GET', `${path}?locationId=${TEST_LOCATION_ID}&limit=20&offset=0`, { headers }),
      ];
      expect(refusals.map((e) => e.status)).toEqual([404, 400, 400, 422, 200]);
      const report = contracts.check(refusals);
      // Every status is a documented one; execute's 400 and 404 are documented without a body schema, so the 422
      // and the list's 200 are the answers with a schema to meet. Two requests were sent wrong on purpose.
      expect(report.problems).toEqual([
        `POST ${path}/AgtSimFrontDesk0001/execute: request body: data must have required property 'locationId'`,
        `POST ${path}/AgtSimFrontDesk0001/execute: request body: data must have required property 'message'`,
      ]);
      expect(report.checked.responses).toBe(2);
    },
  );

  it('an approved move: the re-read, the PUT and their answers match the spec', async () => {
    const before = h.smbcrm.exchanges.length;
    await h.command('move Website redesign to Proposal Sent');
    const card = h.slack.messages.filter((m) => m.channel === 'C0SALES' && !m.visibleTo).at(-1)!;
    await h.driver.click({ user: 'U0BOB', message: card, actionId: 'approval_approve' });
    await h.slack.waitFor(() => (JSON.stringify(card.blocks).includes('Moved') ? true : undefined));
    const writes = h.smbcrm.exchanges
      .slice(before)
      .filter((e) => e.path === '/opportunities/OppSimJordanWeb001');
    expect(writes.map((e) => `${e.method} ${e.status}`)).toEqual(['GET 200', 'PUT 200']);
    const report = contracts.check(writes);
    expect(report.problems).toEqual([]);
    expect(report.checked).toEqual({ requests: 1, responses: 2 });
  });

  it("the day's writes: each kind's re-reads, writes and answers match the specs (notes, tasks, tags, status, owner, a lead's upsert)", async () => {
    await withHarness({ slack: { users: LINKED_USERS } }, async (w) => {
      const before = w.smbcrm.exchanges.length;
      const confirm = async (text: string, approver = 'U0ALICE') => {
        const cards = w.slack.messages.length;
        await w.command(text);
        const card = w.slack.messages
          .slice(cards)
          .find((m) => buttonsOf(m).some((b) => b.element.action_id === 'approval_approve'));
        expect(card, text).toBeDefined();
        await w.click(approver, card!, 'approval_approve');
      };
      await confirm('note Jordan Lee: called back');
      await confirm('task Jordan Lee: send the quote due friday');
      await confirm('tag Jordan Lee: +hot -spring-promo');
      await confirm('won Website redesign', 'U0BOB');
      await confirm('assign SEO retainer to @bob', 'U0BOB');
      // A lead: the modal opened by `/smbcrm add`, submitted as shown, approved.
      const views = w.slack.views.length;
      const from = w.logs.lines.length;
      await w.driver.command({
        user: 'U0ALICE',
        channel: 'C0SALES',
        text: 'add Grace Hopper grace@navy.test +1 202 555 0101',
      });
      await w.requestsDone(1, from, 'command');
      const modal = w.slack.views[views]!;
      const cards = w.slack.messages.length;
      const fromView = w.logs.lines.length;
      await w.driver.submitView({
        user: 'U0ALICE',
        viewId: modal.id,
        view: modal.view,
        values: valuesAsShown(modal.view),
      });
      await w.logs.waitFor((l) => l.msg === 'slack request' && l.kind === 'view_submission', fromView);
      const leadCard = w.slack.messages
        .slice(cards)
        .find((m) => buttonsOf(m).some((x) => x.element.action_id === 'approval_approve'));
      await w.click('U0BOB', leadCard!, 'approval_approve');
      // A retry after an uncertain answer re-reads the notes first.
      w.smbcrm.inject({ method: 'POST', path: /\/notes$/, status: 502, afterWork: true });
      await confirm('note Jordan Lee: second note');
      const failed = w.slack.messages
        .filter((m) => buttonsOf(m).some((b) => b.element.action_id === 'approval_retry'))
        .at(-1);
      if (failed) await w.click('U0ALICE', failed, 'approval_retry');
      const exchanges = w.smbcrm.exchanges
        .slice(before)
        .filter(
          (e) => !e.path.endsWith('/search') && e.path !== '/users/' && !e.path.startsWith('/agent-studio'),
        );
      const ops = new Set(
        exchanges.map((e) => `${e.method} ${contracts.findOperation(e.method, e.path)?.template}`),
      );
      expect([...ops].sort()).toEqual([
        'DELETE /contacts/{contactId}/tags',
        'GET /contacts/{contactId}/notes',
        'GET /opportunities/{id}',
        'POST /contacts/upsert',
        'POST /contacts/{contactId}/notes',
        'POST /contacts/{contactId}/tags',
        'POST /contacts/{contactId}/tasks',
        'PUT /opportunities/{id}',
        'PUT /opportunities/{id}/status',
      ]);
      const report = contracts.check(exchanges.filter((e) => e.status < 500));
      expect(report.problems).toEqual([]);
      expect(report.checked.requests).toBeGreaterThanOrEqual(6);
      // The check can fail for these too: a task without its due date, a status outside the enum.
      const task = exchanges.find((e) => e.method === 'POST' && e.path.endsWith('/tasks'))!;
      const status = exchanges.find((e) => e.path.endsWith('/status'))!;
      const drift = contracts.check([
        { ...task, body: { title: 'x', completed: false } },
        { ...status, body: { status: 'closed' } },
      ]).problems;
      expect(drift.join(' | ')).toMatch(/dueDate/);
      expect(drift.join(' | ')).toMatch(/allowed values/);
    });
  });

  it('the Home tab: the deals and tasks it reads, a task marked done, and their answers match the specs', async () => {
    await withHarness({ slack: { users: LINKED_USERS } }, async (w) => {
      w.smbcrm.db.tasks.push({
        id: 'TskContract001',
        contactId: 'CtcSimJordan000001',
        title: 'Call back',
        dueDate: '2026-12-04T17:00:00.000Z',
        completed: false,
        assignedTo: 'UsrSimAlex00000001',
      });
      const before = w.smbcrm.exchanges.length;
      const from = w.logs.lines.length;
      await w.driver.openHomeTab('U0ALICE');
      await w.requestsDone(1, from, 'event');
      const done = w.slack.home.homes.get('U0ALICE')!;
      const button = buttonsOf({ blocks: done.view.blocks }).find(
        (b) => b.element.action_id === 'home_task_done',
      )!;
      const clicked = w.logs.lines.length;
      await w.driver.clickHome({ user: 'U0ALICE', actionId: 'home_task_done', value: button.element.value });
      await w.requestsDone(1, clicked, 'action');
      const exchanges = w.smbcrm.exchanges
        .slice(before)
        .filter(
          (e) => e.path !== '/users/' && !e.path.startsWith('/agent-studio') && !e.path.includes('doctor'),
        );
      const ops = new Set(
        exchanges.map((e) => `${e.method} ${contracts.findOperation(e.method, e.path)?.template}`),
      );
      for (const op of [
        'GET /opportunities/search',
        'POST /locations/{locationId}/tasks/search',
        'GET /contacts/{contactId}/tasks',
        'PUT /contacts/{contactId}/tasks/{taskId}/completed',
      ])
        expect(ops).toContain(op);
      const report = contracts.check(exchanges.filter((e) => e.status < 500));
      expect(report.problems).toEqual([]);
      // The check can fail here too: a task search with a string where the spec has an array.
      const search = exchanges.find((e) => e.path.endsWith('/tasks/search'))!;
      expect(
        contracts.check([{ ...search, body: { assignedTo: 'UsrSimAlex00000001' } }]).problems.join(' | '),
      ).toMatch(/assignedTo/);
    });
  });

  it('flags drift: a wrong Version, an undeclared parameter, a response of the wrong shape', async () => {
    const good = await call(
      'GET',
      `/opportunities/search?location_id=${TEST_LOCATION_ID}&contact_id=CtcSimJordan000001`,
    );
    expect(contracts.check([good]).problems).toEqual([]);
    const drifted: Exchange[] = [
      { ...good, headers: { ...good.headers, version: '2021-04-15' } },
      { ...good, query: { ...good.query, sort: 'name' } },
      { ...good, query: { contact_id: 'x' } },
      { ...good, response: { opportunities: [{ id: 1, monetaryValue: 'lots' }], meta: {} } },
    ];
    const problems = drifted.map((d) => contracts.check([d]).problems.join(' | '));
    expect(problems[0]).toMatch(/header Version: .*must be equal to one of the allowed values/);
    expect(problems[1]).toMatch(/undeclared query parameter sort/);
    expect(problems[2]).toMatch(/missing required query parameter location_id/);
    expect(problems[3]).toMatch(/200 response: .*must be string.*must be number/);
  });
});
