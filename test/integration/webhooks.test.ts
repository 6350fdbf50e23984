import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysEverywhere } from '../../services/platform/store/redis.js';
import { messageText } from '../../sim/slack/block-kit.js';
import { buttonsOf, type Harness, startHarness } from '../helpers/harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const OLD = 'old-secret-0123456789abcdef';
const NEW = 'new-secret-0123456789abcdef';
const BEARER = 'bearer-token-0123456789abcdef';
const routesFile = join(mkdtempSync(join(tmpdir(), 'routes-')), 'routes.yml');
writeFileSync(
  routesFile,
  `routes:
  - event: new_lead
    channel: C0LEADS
  - event: stage_changed
    channel: C0SALES
    filter: { pipeline_id: PipSimSales0000001, min_value: 1000 }
  - event: daily_summary
    channel: C0SALES
    style: compact
`,
);
const env = {
  SMBCRM_WEBHOOK_SECRETS: `${OLD},${NEW}`,
  SMBCRM_WEBHOOK_BEARER: BEARER,
  SMBCRM_WEBHOOK_ROUTES: routesFile,
  SMBCRM_WEBHOOK_CHANNEL_INTERVAL_MS: '10',
  SMBCRM_WEBHOOK_MAX_ATTEMPTS: '3',
  SMBCRM_WEBHOOK_MAX_BYTES: '4096',
};
const lead = (over: Record<string, unknown> = {}) => ({
  contact_id: 'CtcSimJordan000001',
  contact_name: 'Jordan Lee',
  email: 'jordan.lee@example.com',
  phone: '+15551234567',
  opportunity_id: 'OppSimJordanWeb001',
  opportunity_name: 'Website redesign',
  stage: 'Qualified',
  pipeline_id: 'PipSimSales0000001',
  value: '4200.50',
  ...over,
});
const as = (event: string, auth: Record<string, string> = { 'x-smbcrm-secret': NEW }) => ({
  'x-smbcrm-event': event,
  ...auth,
});

let h: Harness;
let b: Awaited<ReturnType<Harness['addInstance']>>;
beforeAll(async () => {
  h = await startHarness({
    env,
    slack: {
      channels: [
        { id: 'C0SALES', name: 'sales' },
        { id: 'C0LEADS', name: 'leads' },
      ],
      memberOf: ['C0SALES', 'C0LEADS'],
    },
  });
  b = await h.addInstance();
});
afterAll(() => h.close());

const posted = (channel: string) =>
  h.slack.messages.filter(
    (m) =>
      m.channel === channel && m.bot_id && !m.thread_ts && messageText(m).includes('from an SMBcrm workflow'),
  );
const waitPosted = (channel: string, n: number, timeoutMs = 8_000) =>
  h.slack.waitFor(() => (posted(channel).length >= n ? posted(channel) : undefined), timeoutMs);
/** Polls an async condition (for state that lives in Redis rather than in the Slack simulator). */
async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
const depth = async () =>
  Object.values(await h.bot.services.webhooks!.queue.depth()).reduce((a, c) => a + c, 0);

describe('authentication comes first', () => {
  it('the current secret, the previous one (rotation) and the bearer token are accepted', async () => {
    const before = posted('C0LEADS').length;
    expect(
      (
        await h.webhook(
          lead({ contact_id: 'CtcSimPriya0000003' }),
          as('new_lead', { 'x-smbcrm-secret': NEW }),
        )
      ).status,
    ).toBe(202);
    expect(
      (
        await h.webhook(
          lead({ contact_id: 'CtcSimJordan000002' }),
          as('new_lead', { 'x-smbcrm-secret': OLD }),
        )
      ).status,
    ).toBe(202);
    expect(
      (
        await h.webhook(
          lead({ contact_id: 'CtcSimMaria0000004' }),
          as('new_lead', { authorization: `Bearer ${BEARER}` }),
        )
      ).status,
    ).toBe(202);
    await waitPosted('C0LEADS', before + 3);
  });

  it.each([
    ['a wrong secret', { 'x-smbcrm-secret': 'not-the-secret-0123456789' }],
    ['no secret at all', {}],
    ['a wrong bearer', { authorization: 'Bearer nope-nope-nope-nope-nope' }],
  ])('%s: 401, nothing stored or posted, and the body never logged', async (_name, auth) => {
    const calls = h.slack.calls.length;
    const keys = (await keysEverywhere(h.redis, `${h.keyPrefix}wh:seen:*`)).length;
    const res = await h.webhook(lead({ email: 'secret.person@example.com' }), as('new_lead', auth));
    expect(res.status).toBe(401);
    // Refused before the body is read; nothing of this request runs after the 401.
    expect(h.slack.calls.length).toBe(calls);
    expect((await keysEverywhere(h.redis, `${h.keyPrefix}wh:seen:*`)).length).toBe(keys);
    expect(h.logs.lines.join('\n')).not.toContain('secret.person');
    expect(h.logs.parsed().some((l) => l.msg === 'webhook refused: bad or missing secret')).toBe(true);
  });
});

describe('bad input is refused and never queued', () => {
  it.each([
    ['malformed JSON', '{"contact_id": ', as('new_lead'), 400, 'not valid JSON'],
    [
      'a body over the size limit',
      JSON.stringify(lead({ notes: 'x'.repeat(5_000) })),
      as('new_lead'),
      413,
      'larger than 4096',
    ],
    [
      'a missing required field',
      JSON.stringify({ contact_name: 'No Id' }),
      as('new_lead'),
      422,
      'missing required fields: contact_id',
    ],
    ['a missing event header', JSON.stringify(lead()), { 'x-smbcrm-secret': NEW }, 422, 'X-SMBcrm-Event'],
    [
      'an invalid id',
      JSON.stringify(lead({ contact_id: '../../etc/passwd' })),
      as('new_lead'),
      422,
      'must be an SMBcrm id',
    ],
  ])('%s → %i', async (_name, body, headers, status, message) => {
    const before = await depth();
    const res = await h.webhook(body, headers);
    expect(res.status).toBe(status);
    expect(JSON.stringify(res.json)).toContain(message);
    expect(await depth()).toBe(before);
  });

  it('an unknown event without a default channel: 422 naming the configured events', async () => {
    const res = await h.webhook(lead(), as('invoice_paid'));
    expect(res.status).toBe(422);
    expect(res.json.configured_events).toEqual(['new_lead', 'stage_changed', 'daily_summary']);
  });
});

describe('routing and cards', () => {
  it('filters: another pipeline or a smaller value is skipped; a match goes to its channel', async () => {
    expect((await h.webhook(lead({ pipeline_id: 'PipSimRenew0000002' }), as('stage_changed'))).json).toEqual({
      skipped: 'filtered out by its route',
    });
    expect((await h.webhook(lead({ value: 999 }), as('stage_changed'))).json).toEqual({
      skipped: 'filtered out by its route',
    });
    const before = posted('C0SALES').length;
    expect((await h.webhook(lead({ stage: 'Proposal Sent' }), as('stage_changed'))).status).toBe(202);
    const [card] = (await waitPosted('C0SALES', before + 1)).slice(before);
    const t = messageText(card!);
    expect(t).toContain('*Stage changed* — from an SMBcrm workflow');
    expect(t).toContain('*Website redesign* → *Proposal Sent* · $4,200.50');
    // Enriched from SMBcrm by id: the lookup card's owner and open deals.
    expect(t).toContain('Alex Rivera');
    expect(t).toContain('Open opportunities (2)');
    const buttons = buttonsOf(card!).map((x) => x.element.action_id);
    expect(buttons).toEqual(['contact_ask', 'opportunity_move', 'open_in_smbcrm']);
    expect(JSON.stringify(card!.blocks)).toContain(
      'https://app.smbcrm.com/v2/location/LocSimAcme00000001/contacts/detail/CtcSimJordan000001',
    );
  });

  it("the standard Webhook action's own field names are understood (full_name, lead_value, pipleline_stage)", async () => {
    const before = posted('C0SALES').length;
    const body = {
      contact_id: 'CtcSimPriya0000003',
      full_name: 'Priya Patel',
      opportunity_name: 'Clinic fit-out',
      pipeline_id: 'PipSimSales0000001',
      pipleline_stage: 'Closed',
      lead_value: '18000',
    };
    expect((await h.webhook(body, as('stage_changed'))).status).toBe(202);
    const [card] = (await waitPosted('C0SALES', before + 1)).slice(before);
    expect(messageText(card!)).toContain('*Clinic fit-out* → *Closed* · $18,000.00');
  });

  it('a daily summary is a compact table', async () => {
    const before = h.slack.messages.length;
    const res = await h.webhook(
      {
        date: '2026-11-24',
        stages: [
          { name: 'Qualified', count: 3, value: 9000 },
          { name: 'Proposal Sent', count: 1, value: '1200' },
        ],
      },
      as('daily_summary'),
    );
    expect(res.status).toBe(202);
    const card = await h.slack.waitFor(() =>
      h.slack.messages.slice(before).find((m) => messageText(m).includes('Daily summary')),
    );
    expect(messageText(card)).toMatch(/Qualified\s+3\s+\$9,000\.00/);
    expect(messageText(card)).toMatch(/Proposal Sent\s+1\s+\$1,200\.00/);
  });

  it('the card’s buttons reuse what exists: Ask the agent starts a thread, Move stage opens the modal', async () => {
    const before = posted('C0LEADS').length;
    await h.webhook(lead(), as('new_lead', { 'x-smbcrm-secret': NEW, 'x-idempotency-key': 'buttons-1' }));
    const [card] = (await waitPosted('C0LEADS', before + 1)).slice(before);
    await h.driver.click({ user: 'U0ALICE', message: card!, actionId: 'contact_ask' });
    const root = await h.slack.waitFor(() =>
      h.slack.messages.find(
        (m) => m.channel === 'C0LEADS' && messageText(m).includes('asked the agent: about *Jordan Lee*'),
      ),
    );
    await h.answers('C0LEADS', root.ts);
    const views = h.slack.views.length;
    await h.driver.click({ user: 'U0ALICE', message: card!, actionId: 'opportunity_move' });
    const opened = await h.slack.waitFor(() => h.slack.views[views]);
    expect((opened.view as { callback_id: string }).callback_id).toBe('move_stage');
  });
});

describe('exactly once, nothing lost', () => {
  it('one idempotency key delivered five times to two instances at once: one 202, one post', async () => {
    const before = posted('C0LEADS').length;
    const sends = [h, b, h, b, b].map((_, i) =>
      h.webhook(
        lead({ contact_id: 'CtcSimChris0000006' }),
        as('new_lead', { 'x-smbcrm-secret': NEW, 'x-idempotency-key': 'wf-run-42' }),
        i % 2 ? b : undefined,
      ),
    );
    const statuses = (await Promise.all(sends)).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 202]);
    await waitPosted('C0LEADS', before + 1);
    // Nothing left queued that could become a second post.
    await until(async () => ((await depth()) === 0 ? true : undefined));
    expect(posted('C0LEADS').length).toBe(before + 1);
  });

  it('without a key, the same event and body twice is one post', async () => {
    const body = lead({ contact_id: 'CtcSimNoName000005', note: 'same twice' });
    expect((await h.webhook(body, as('new_lead'))).status).toBe(202);
    expect((await h.webhook(body, as('new_lead'))).json).toEqual({ duplicate: true });
  });
});

describe('SMBCRM_WEBHOOK_CHANNEL alone', () => {
  it('sends every event, named or not, to that channel', async () => {
    const h3 = await startHarness({
      env: {
        SMBCRM_WEBHOOK_SECRETS: NEW,
        SMBCRM_WEBHOOK_CHANNEL: 'C0SALES',
        SMBCRM_WEBHOOK_CHANNEL_INTERVAL_MS: '10',
      },
    });
    try {
      expect((await h3.webhook(lead(), as('invoice_paid'))).status).toBe(202);
      const card = await h3.slack.waitFor(() =>
        h3.slack.messages.find(
          (m) =>
            m.channel === 'C0SALES' && messageText(m).includes('*Invoice paid* — from an SMBcrm workflow'),
        ),
      );
      expect(messageText(card)).toContain('Jordan Lee');
    } finally {
      await h3.close();
    }
  });
});

describe('logs', () => {
  it('hold no personal data from the webhooks, and no secret (even at debug level)', () => {
    const all = h.logs.lines.join('\n');
    for (const x of [
      'jordan.lee@example.com',
      '+15551234567',
      'secret.person',
      OLD,
      NEW,
      BEARER,
      'Lee Landscaping',
    ]) {
      const at = all.indexOf(x);
      const line = at === -1 ? '' : all.slice(all.lastIndexOf('\n', at) + 1, all.lastIndexOf('\n', at) + 400);
      expect(line, `found ${x}`).toBe('');
    }
    expect(h.logs.parsed().filter((l) => l.msg === 'webhook request').length).toBeGreaterThan(10);
  });
});

describe('a worker that dies mid-post', () => {
  it('leaves the event to another instance, which posts it once', async () => {
    const slack = { channels: [{ id: 'C0LEADS', name: 'leads' }] };
    const h2 = await startHarness({ env, slack, webhookWorker: false });
    try {
      expect((await h2.webhook(lead({ contact_id: 'CtcSimPriya0000003' }), as('new_lead'))).status).toBe(202);
      // The dying worker: it read the entry and held the channel's lease, then stopped without acknowledging.
      const stream = `${h2.keyPrefix}wh:{C0LEADS}:stream`;
      const read = await h2.redis.xreadgroup('GROUP', 'post', 'c-dead', 'COUNT', 1, 'STREAMS', stream, '>');
      expect(read).not.toBeNull();
      await h2.redis.set(`${h2.keyPrefix}wh:{C0LEADS}:lease`, 'c-dead', 'PX', 400);
      await h2.addInstance(); // a healthy instance with a worker
      const card = await h2.slack.waitFor(
        () =>
          h2.slack.messages.find((m) => m.channel === 'C0LEADS' && messageText(m).includes('Patel Dental')),
        8_000,
      );
      expect(messageText(card)).toContain('*New lead* — from an SMBcrm workflow');
      // The stream is empty (the entry was posted and removed), so no second post can come.
      await until(async () => ((await h2.redis.xlen(stream)) === 0 ? true : undefined));
      expect(h2.slack.messages.filter((m) => m.channel === 'C0LEADS').length).toBe(1);
    } finally {
      await h2.close();
    }
  });
});

describe('Slack failures', () => {
  it('5xx and 429 on chat.postMessage are retried with backoff; the card is posted once', async () => {
    const before = posted('C0LEADS').length;
    h.slack.failNext('chat.postMessage', 'internal_error', { status: 503 });
    h.slack.failNext('chat.postMessage', 'ratelimited', { status: 429 });
    await h.webhook(
      lead({ contact_id: 'CtcSimJordan000002' }),
      as('new_lead', { 'x-smbcrm-secret': NEW, 'x-idempotency-key': 'retry-1' }),
    );
    await waitPosted('C0LEADS', before + 1, 10_000);
    const attempts = h.slack.calls
      .filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0LEADS')
      .slice(-3);
    expect(attempts.map((c) => c.error ?? 'ok')).toEqual(['http_503', 'http_429', 'ok']);
  });

  it('an event that keeps failing is dead-lettered, listed, and posted once replayed', async () => {
    const q = h.bot.services.webhooks!.queue;
    // Every attempt fails (as for a channel the bot was removed from) until the attempts run out.
    h.slack.failNext('chat.postMessage', 'not_in_channel', { times: 3 });
    await h.webhook(
      lead({ contact_id: 'CtcSimMaria0000004' }),
      as('new_lead', { 'x-smbcrm-secret': NEW, 'x-idempotency-key': 'dead-1' }),
    );
    const listed = await until(async () => {
      const d = await q.dead();
      return d.length ? d : undefined;
    });
    expect(listed[0]).toMatchObject({ channel: 'C0LEADS', event: 'new_lead', attempts: 3 });
    expect(listed[0]?.reason).toContain('not_in_channel');
    // The operator's tool lists it (without the payload) and replays it.
    const cli = (...args: string[]) =>
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/webhooks.ts', ...args], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', ...h.env },
        encoding: 'utf8',
      });
    const out = cli('list');
    expect(out).toContain('1 dead-lettered event(s)');
    expect(out).toMatch(/new_lead {2}-> C0LEADS {2}3 attempts/);
    expect(out).not.toContain('maria.garcia');
    const before = posted('C0LEADS').length;
    expect(cli('replay')).toContain('replayed 1 event(s)');
    await waitPosted('C0LEADS', before + 1);
    expect(await q.dead()).toEqual([]);
    expect(cli('list')).toContain('0 dead-lettered event(s)');
  });
});

describe('a burst', () => {
  it('500 events are accepted fast and posted in the order they were accepted, one channel at its rate', async () => {
    const ids = Array.from({ length: 500 }, (_, i) => `burst-${i}`);
    const accepted: { n: number; entry: string }[] = [];
    for (let i = 0; i < ids.length; i += 50) {
      const batch = ids
        .slice(i, i + 50)
        .map((id, j) =>
          h.webhook(
            { date: id, stages: [{ name: `n${i + j}`, count: i + j }] },
            as('daily_summary', { 'x-smbcrm-secret': NEW, 'x-idempotency-key': id }),
          ),
        );
      const results = await Promise.all(batch);
      expect(
        results.filter((r) => r.status !== 202).map((r) => `${r.status} ${JSON.stringify(r.json)}`),
      ).toEqual([]);
      for (const [j, r] of results.entries()) accepted.push({ n: i + j, entry: String(r.json.id) });
    }
    // Stream ids ("ms-seq") give the order of acceptance; a batch sent at once may arrive in any order.
    const seq = (id: string) => id.split('-').map(Number) as [number, number];
    accepted.sort((a, b) => seq(a.entry)[0] - seq(b.entry)[0] || seq(a.entry)[1] - seq(b.entry)[1]);
    const summaries = () =>
      h.slack.messages.filter((m) => m.channel === 'C0SALES' && messageText(m).includes('burst-'));
    await h.slack.waitFor(() => (summaries().length >= 500 ? true : undefined), 60_000);
    expect(summaries().map((m) => Number(/burst-(\d+)/.exec(messageText(m))?.[1]))).toEqual(
      accepted.map((a) => a.n),
    );
  }, 90_000);
});
