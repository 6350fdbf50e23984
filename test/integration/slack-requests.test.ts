import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysEverywhere } from '../../services/platform/store/redis.js';
import { signature } from '../../sim/slack/driver.js';
import { type Harness, startHarness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** Everything a request could have changed: SMBcrm calls, Slack posts, Redis keys. */
async function sideEffects() {
  return {
    smbcrm: h.smbcrm.exchanges.length,
    slack: h.slack.calls.length + h.slack.responsePosts.length,
    redis: (await keysEverywhere(h.redis, `${h.keyPrefix}*`)).sort(),
  };
}

const body = () => h.driver.commandBody({ user: 'U0ALICE', channel: 'C0SALES', text: 'lookup jordan' });
const form = 'application/x-www-form-urlencoded';

describe('Slack request verification', () => {
  it('a correctly signed command is accepted', async () => {
    const res = await h.driver.command({ user: 'U0ALICE', channel: 'C0SALES', text: 'help' });
    expect(res.status).toBe(200);
  });

  const cases: [string, () => Promise<{ status: number }>][] = [
    ['unsigned', () => h.driver.post(body(), form, { omit: true })],
    ['signed with another secret', () => h.driver.post(body(), form, { secret: 'not-the-signing-secret' })],
    ['stale (timestamp over 5 minutes old)', () => h.driver.post(body(), form, { skewSeconds: -301 })],
    // Slack's rule is five minutes either way; Bolt's own check lets these through.
    ['from the future (over 5 minutes ahead)', () => h.driver.post(body(), form, { skewSeconds: 301 })],
    [
      'a signed url_verification sent unsigned',
      () =>
        h.driver.post(JSON.stringify({ type: 'url_verification', challenge: 'c' }), 'application/json', {
          omit: true,
        }),
    ],
    [
      'tampered after signing',
      async () => {
        const original = body();
        const ts = String(Math.floor(Date.now() / 1000));
        const res = await fetch(`${h.baseUrl}/slack/events`, {
          method: 'POST',
          headers: {
            'content-type': form,
            'x-slack-request-timestamp': ts,
            'x-slack-signature': signature(h.signingSecret, ts, original),
          },
          body: original.replace('jordan', 'priya'),
        });
        return { status: res.status };
      },
    ],
  ];

  it.each(cases)('%s: 401 and no side effects', async (_name, send) => {
    await h.command('lookup jordan.lee@example.com'); // fill the caches so Redis has keys to compare
    const before = await sideEffects();
    const res = await send();
    expect(res.status).toBe(401);
    // The receiver refuses before Bolt and answers last: nothing of this request runs after the 401.
    expect(await sideEffects()).toEqual(before);
  });
});

describe('requests answered before Bolt', () => {
  it("Slack's unsigned SSL check: 200, empty, and a payload smuggled beside it goes nowhere", async () => {
    const before = await sideEffects();
    const res = await h.driver.post(`ssl_check=1&${body()}`, form, { omit: true });
    expect(res).toMatchObject({ status: 200, body: '' });
    // Answered by the receiver itself, before Bolt: nothing of this request runs after the 200.
    expect(await sideEffects()).toEqual(before);
  });

  it('a signed url_verification gets its challenge back', async () => {
    const res = await h.driver.post(
      JSON.stringify({ token: 't', challenge: 'ch4llenge', type: 'url_verification' }),
      'application/json',
    );
    expect(res).toMatchObject({ status: 200, json: { challenge: 'ch4llenge' } });
  });

  it('a body over 4 MiB: 413, not read to the end', async () => {
    const huge = `${body()}&pad=${'x'.repeat(4 * 1024 * 1024)}`;
    const res = await h.driver.post(huge, form);
    expect(res.status).toBe(413);
  });

  it('a body that does not parse: 400', async () => {
    const res = await h.driver.post('{not json', 'application/json');
    expect(res.status).toBe(400);
  });
});

describe('health endpoints', () => {
  it('/healthz answers 200 while the process is up', async () => {
    const res = await fetch(`${h.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 when Redis is reachable and config is loaded', async () => {
    const res = await fetch(`${h.baseUrl}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', config: 'loaded', redis: 'up', slack: 'ok' });
  });

  it('other paths and methods are 404', async () => {
    expect((await fetch(`${h.baseUrl}/nope`)).status).toBe(404);
    expect((await fetch(`${h.baseUrl}/slack/events`)).status).toBe(404);
  });
});
