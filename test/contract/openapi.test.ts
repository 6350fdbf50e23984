import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITED_TOKEN, TEST_LOCATION_ID, TEST_TOKEN } from '../../sim/smbcrm/seed.js';
import type { Exchange } from '../../sim/smbcrm/server.js';
import { buttonsOf, type Harness, startHarness } from '../helpers/harness.js';
import { loadContracts, skipReason, specsAvailable } from './openapi.js';

const title = specsAvailable ? 'OpenAPI contracts' : `OpenAPI contracts — skipped: ${skipReason}`;

describe.skipIf(!specsAvailable)(title, () => {
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

    const exchanges = h.smbcrm.exchanges;
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
