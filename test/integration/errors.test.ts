import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messageText } from '../../sim/slack/block-kit.js';
import { LIMITED_TOKEN, OTHER_TOKEN } from '../../sim/smbcrm/seed.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { freePort } from '../helpers/redis-server.js';

const replyText = async (h: Harness, cmd: string) => messageText((await h.command(cmd)).reply?.body ?? {});
const searches = (h: Harness, since: number) =>
  h.smbcrm.exchanges.slice(since).filter((e) => e.path === '/contacts/search');

describe('SMBcrm failures, each told in plain words with the fix', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { SMBCRM_MAX_RETRIES: '2' } });
  });
  afterAll(() => h.close());
  afterEach(() => h.smbcrm.clearFaults());

  it('403: names the token scopes and the sub-account', async () => {
    h.smbcrm.inject({ path: '/contacts/search', status: 403 });
    const t = await replyText(h, 'lookup priya');
    expect(t).toContain('SMBcrm says the bot may not do that');
    expect(t).toContain('SMBCRM_LOCATION_ID');
  });

  it('422: quotes every reason SMBcrm gave (message is an array)', async () => {
    h.smbcrm.inject({
      path: '/contacts/search',
      status: 422,
      body: {
        statusCode: 422,
        message: ['pageLimit must be a number', 'query too long'],
        error: 'Unprocessable Entity',
      },
    });
    const t = await replyText(h, 'lookup priya');
    expect(t).toContain('SMBcrm did not accept the request');
    expect(t).toContain('pageLimit must be a number; query too long');
  });

  it('5xx is retried with backoff, and the person never notices a single failure', async () => {
    const since = h.smbcrm.exchanges.length;
    h.smbcrm.inject({ path: '/contacts/search', status: 502 });
    const t = await replyText(h, 'lookup priya');
    expect(t).toContain('Priya Patel');
    expect(searches(h, since).map((e) => e.status)).toEqual([502, 200]);
  });

  it('5xx that persists past the retries is reported with its status', async () => {
    const since = h.smbcrm.exchanges.length;
    h.smbcrm.inject({ path: '/contacts/search', status: 500, times: 3 });
    const t = await replyText(h, 'lookup priya');
    expect(t).toContain('SMBcrm had a problem answering (HTTP 500)');
    expect(searches(h, since)).toHaveLength(3); // the first try and two retries
  });

  it('a dropped connection is retried like a 5xx', async () => {
    const since = h.smbcrm.exchanges.length;
    h.smbcrm.inject({ path: '/contacts/search', drop: true });
    const t = await replyText(h, 'lookup priya');
    expect(t).toContain('Priya Patel');
    expect(searches(h, since).map((e) => e.status)).toEqual([200]); // the dropped one never got an answer
  });

  it('connections that keep dropping: "could not reach SMBcrm"', async () => {
    h.smbcrm.inject({ path: '/contacts/search', drop: true, times: 3 });
    expect(await replyText(h, 'lookup priya')).toContain('could not reach SMBcrm');
  });

  it('429 that persists: "SMBcrm is busy", with a wait', async () => {
    h.smbcrm.inject({
      path: '/contacts/search',
      status: 429,
      body: { statusCode: 429, message: 'Too Many Requests' },
      times: 3,
    });
    const t = await replyText(h, 'lookup priya');
    expect(t).toMatch(/SMBcrm is busy .* Try again in about \d+ s/);
  });

  it('a 2xx body that is not the documented shape is refused, not half-rendered', async () => {
    h.smbcrm.inject({ path: '/contacts/search', status: 200, body: { results: [] } });
    const t = await replyText(h, 'lookup priya');
    expect(t).toContain('answered in a shape the bot does not understand');
    const log = h.logs.parsed().find((l) => l.msg === 'SMBcrm response did not match the documented shape');
    expect(log?.op).toBe('contacts.search');
  });
});

describe('the burst limit', () => {
  let h: Harness;
  beforeAll(async () => {
    // A tiny burst limit: 3 requests per 400 ms. The bot's own budget is the documented 100 / 10 s; the
    // X-RateLimit-* headers of the first answer tell it the truth.
    h = await startHarness({ smbcrm: { rateLimit: { max: 3, windowMs: 400, dailyMax: 1000 } } });
  });
  afterAll(() => h.close());

  it('is learnt from the X-RateLimit headers: the lookup waits for the window instead of getting 429s', async () => {
    const t = await replyText(h, 'lookup jordan.lee@example.com');
    expect(t).toContain('Website redesign');
    expect(h.smbcrm.exchanges.map((e) => e.status)).not.toContain(429);
    const times = h.smbcrm.exchanges.map((e) => e.receivedAt); // SMBcrm counts a call when it arrives
    for (const t0 of times)
      expect(times.filter((x) => x >= t0 && x < t0 + 400).length).toBeLessThanOrEqual(3);
  });
});

describe('credentials problems (401), told with the fix', () => {
  const cases = [
    [
      'an unknown token',
      { SMBCRM_TOKEN: 'pit-1111111A-2222-4333-8444-555555555555' },
      'check `SMBCRM_TOKEN`',
    ],
    ['a token without the scope', { SMBCRM_TOKEN: LIMITED_TOKEN }, 'add the missing scope'],
    [
      'a token of another sub-account',
      { SMBCRM_TOKEN: OTHER_TOKEN },
      '`SMBCRM_LOCATION_ID` is the sub-account',
    ],
  ] as const;
  it.each(cases)('%s', async (_name, env, fix) => {
    const h = await startHarness({ env: { ...env } });
    try {
      const t = await replyText(h, 'lookup priya');
      expect(t).toContain("SMBcrm refused the bot's credentials");
      expect(t).toContain(fix);
      expect(h.smbcrm.exchanges.every((e) => e.status === 401)).toBe(true);
    } finally {
      await h.close();
    }
  });
});

describe('timeouts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { SMBCRM_TIMEOUT_MS: '150', SMBCRM_MAX_RETRIES: '1' } });
  });
  afterAll(() => h.close());

  it('a slow answer is retried once, then "took too long"', async () => {
    h.smbcrm.inject({ path: '/contacts/search', delayMs: 400, times: 2 });
    const t = await replyText(h, 'lookup priya');
    expect(t).toContain('SMBcrm took too long to answer');
  });

  it('the ack never waits for SMBcrm', async () => {
    h.smbcrm.inject({ path: '/contacts/search', delayMs: 1_000, times: 2 });
    const before = h.slack.responsePosts.length;
    const ack = await h.driver.command({
      user: 'U0ALICE',
      channel: 'C0SALES',
      text: 'lookup ack.probe@example.com',
    });
    // The simulator records an exchange only once it has answered: the ack came back while this search was held.
    expect(ack.status).toBe(200);
    const mine = h.smbcrm.exchanges.filter((e) =>
      JSON.stringify(e.body ?? '').includes('ack.probe@example.com'),
    );
    expect(mine).toHaveLength(0);
    // The answer (here: too slow) still arrives afterwards through the response_url.
    expect(messageText((await h.nextReply(before)).body)).toContain('took too long');
  });
});

describe('Redis down', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, REDIS_CLUSTER_NODES: '' },
    });
  });
  afterAll(() => h.close());

  it('lookups still answer: the caches fall back to SMBcrm', async () => {
    const t = await replyText(h, 'lookup jordan.lee@example.com');
    expect(t).toContain('Website redesign');
    expect(t).toContain('Alex Rivera');
  });

  it('/readyz says not ready, /healthz stays up', async () => {
    const ready = await fetch(`${h.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ redis: 'down' });
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });
});
