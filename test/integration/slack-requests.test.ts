import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysEverywhere } from '../../services/store/redis.js';
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

describe('Slack request verification', () => {
  it('a correctly signed command is accepted', async () => {
    const res = await h.driver.command({ user: 'U0ALICE', channel: 'C0SALES', text: 'help' });
    expect(res.status).toBe(200);
  });

  const body = () => h.driver.commandBody({ user: 'U0ALICE', channel: 'C0SALES', text: 'lookup jordan' });
  const form = 'application/x-www-form-urlencoded';
  const cases: [string, () => Promise<{ status: number }>][] = [
    ['unsigned', () => h.driver.post(body(), form, { omit: true })],
    ['signed with another secret', () => h.driver.post(body(), form, { secret: 'not-the-signing-secret' })],
    ['stale (timestamp over 5 minutes old)', () => h.driver.post(body(), form, { skewSeconds: -301 })],
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
    await new Promise((r) => setTimeout(r, 150)); // anything asynchronous would have happened by now
    expect(await sideEffects()).toEqual(before);
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
    expect(await res.json()).toEqual({ status: 'ready', config: 'loaded', redis: 'up' });
  });

  it('other paths and methods are 404', async () => {
    expect((await fetch(`${h.baseUrl}/nope`)).status).toBe(404);
    expect((await fetch(`${h.baseUrl}/slack/events`)).status).toBe(404);
  });
});
