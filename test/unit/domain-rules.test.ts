import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { findStage } from '../../services/domain/approvals/move.js';
import { parseMove } from '../../services/domain/approvals/move-requests.js';
import { createApproverPolicy } from '../../services/domain/approvals/policy.js';
import { webhookPayload } from '../../services/domain/webhooks/payload.js';
import { routeEvent, routesFile } from '../../services/domain/webhooks/routes.js';
import { createSmbcrmHttp } from '../../services/platform/smbcrm/http.js';
import type { JsonCache } from '../../services/platform/store/cache.js';

/** The pure rules that the integration tests only brush: move parsing and stage matching, who may approve,
 * webhook routing and payload aliases, and the SMBcrm client's backoff, through its seams. */
const logger = pino({ level: 'silent' });

describe('move parsing and stage matching', () => {
  it.each([
    ['Website redesign to Proposal Sent', { opportunity: 'Website redesign', stage: 'Proposal Sent' }],
    ['Trip to Paris to Won', { opportunity: 'Trip to Paris', stage: 'Won' }], // the last " to " splits
    ['  spaced   out   to   stage ', { opportunity: 'spaced out', stage: 'stage' }],
    ['no separator', undefined],
    ['to Won', undefined],
    ['Deal to ', undefined],
  ])('%j → %j', (text, expected) => {
    expect(parseMove(text)).toEqual(expected);
  });

  const pipeline = {
    id: 'P',
    name: 'Sales',
    stages: [
      { id: 'a', name: 'New Lead' },
      { id: 'b', name: 'Proposal Sent' },
      { id: 'c', name: 'Proposal Signed' },
      { id: 'd', name: 'Négociation' },
    ],
  };
  it.each([
    ['proposal sent', 'b'], // any case
    ['new', 'a'], // a unique prefix
    ['proposal', undefined], // two stages start with it
    ['negociation', 'd'], // accents folded
    ['Won', undefined],
    ['', undefined],
  ])('stage %j → %j', (text, id) => {
    expect(findStage(pipeline, text)?.id).toBe(id);
  });
});

describe('who may approve', () => {
  const cache: JsonCache = { getOrLoad: (_k, _t, load) => load(), delete: async () => {} };
  const client = {
    usergroups: {
      users: {
        list: async ({ usergroup }: { usergroup: string }) => ({
          users: usergroup === 'S0MGR' ? ['U0DAVE'] : [],
        }),
      },
    },
  } as never;
  const policy = (approvers: string[], allowSelfApproval = false, workspace: string | null = 'T0HOME') =>
    createApproverPolicy({
      approvers,
      allowSelfApproval,
      client,
      cache,
      logger,
      workspace: () => workspace ?? undefined,
    });

  it('with nobody named: anyone of this workspace, never a guest of another organisation', async () => {
    expect(await policy([]).check('U0BOB', 'U0ALICE', 'T0HOME')).toEqual({ allowed: true });
    expect((await policy([]).check('U0GUEST', 'U0ALICE', 'T0PARTNER')).allowed).toBe(false);
    // Until the workspace is known (Slack out of reach at start-up), "anyone" is nobody.
    expect((await policy([], false, null).check('U0BOB', 'U0ALICE', 'T0HOME')).allowed).toBe(false);
  });

  it('never the requester, unless self-approval is allowed', async () => {
    expect(await policy([]).check('U0ALICE', 'U0ALICE', 'T0HOME')).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('someone else'),
    });
    expect((await policy([], true).check('U0ALICE', 'U0ALICE', 'T0HOME')).allowed).toBe(true);
  });

  it('named people and members of named user groups; others are told who may', async () => {
    const p = policy(['U0CAROL', 'S0MGR']);
    expect((await p.check('U0CAROL', 'U0ALICE', 'T0HOME')).allowed).toBe(true);
    expect((await p.check('U0DAVE', 'U0ALICE', 'T0HOME')).allowed).toBe(true);
    expect(await p.check('U0BOB', 'U0ALICE', 'T0HOME')).toMatchObject({
      allowed: false,
      reason: 'Only <@U0CAROL>, <!subteam^S0MGR> may approve SMBcrm changes.',
    });
  });
});

describe('webhook routing and payloads', () => {
  const routes = routesFile.parse({
    default_channel: 'C0DEFAULT',
    routes: [
      { event: 'stage_changed', channel: 'C0BIG', filter: { min_value: 1000 } },
      { event: 'stage_changed', channel: 'C0WON', filter: { stage: 'Won' } },
      { event: 'new_lead', channel: 'C0LEADS', style: 'compact' },
    ],
  });
  const payload = (p: Record<string, unknown>) => webhookPayload.parse(p);

  it('the first route whose filter passes; the default channel for events without routes', () => {
    expect(routeEvent(routes, 'stage_changed', payload({ contact_id: 'c', value: '1500' }))).toMatchObject({
      channel: 'C0BIG',
    });
    expect(
      routeEvent(routes, 'stage_changed', payload({ contact_id: 'c', value: 10, stage: 'won' })),
    ).toMatchObject({ channel: 'C0WON' });
    expect(routeEvent(routes, 'stage_changed', payload({ contact_id: 'c', value: 10 }))).toEqual({
      kind: 'filtered',
    });
    expect(routeEvent(routes, 'new_lead', payload({ contact_id: 'c' }))).toEqual({
      kind: 'post',
      channel: 'C0LEADS',
      style: 'compact',
    });
    expect(routeEvent(routes, 'appointment_booked', payload({ contact_id: 'c' }))).toEqual({
      kind: 'post',
      channel: 'C0DEFAULT',
      style: 'card',
    });
    expect(routeEvent({ routes: routes.routes }, 'other', payload({}))).toEqual({
      kind: 'unknown',
      configured: ['stage_changed', 'new_lead'],
    });
  });

  it("accepts HighLevel's standard field names as aliases, the documented names winning", () => {
    expect(payload({ full_name: 'Jo', lead_value: '12', pipleline_stage: 'Won' })).toMatchObject({
      contact_name: 'Jo',
      value: 12,
      stage: 'Won',
    });
    expect(payload({ contact_name: 'Documented', full_name: 'Alias' }).contact_name).toBe('Documented');
    expect(payload({ contact_id: '', email: '  ' })).not.toHaveProperty('contact_id', '');
  });
});

describe('the SMBcrm client backs off through its seams', () => {
  function transport(statuses: number[], headers: Record<string, string> = {}) {
    const waits: number[] = [];
    let call = 0;
    const dispatcher = {
      // undici's request() calls dispatch(); answering here keeps the test off the network.
      dispatch(
        _opts: unknown,
        handler: {
          onConnect?: (abort: () => void) => void;
          onHeaders?: (s: number, h: Buffer[], r: () => void, t: string) => boolean;
          onData?: (c: Buffer) => boolean;
          onComplete?: (t: Buffer[]) => void;
          onResponseStart?: unknown;
        },
      ) {
        const status = statuses[Math.min(call++, statuses.length - 1)] as number;
        handler.onConnect?.(() => {});
        const raw = Object.entries({ 'content-type': 'application/json', ...headers }).flatMap(([k, v]) => [
          Buffer.from(k),
          Buffer.from(v),
        ]);
        handler.onHeaders?.(status, raw, () => {}, '');
        handler.onData?.(
          Buffer.from(status < 300 ? '{"ok":true}' : `{"statusCode":${status},"message":"no"}`),
        );
        handler.onComplete?.([]);
        return true;
      },
    };
    const http = createSmbcrmHttp({
      baseUrl: 'http://smbcrm.test',
      token: 'pit-x',
      logger,
      timeoutMs: 1_000,
      maxRetries: 3,
      dispatcher: dispatcher as never,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    return { http, waits, calls: () => call };
  }
  const read = (http: ReturnType<typeof transport>['http'], idempotent = true) =>
    http.call({
      operation: 'test',
      method: 'GET',
      path: '/x',
      schema: { safeParse: (v: unknown) => ({ success: true, data: v }) } as never,
      idempotent,
    });

  it('5xx on a read: exponential backoff with full jitter, then the answer', async () => {
    const t = transport([503, 503, 200]);
    expect(await read(t.http)).toEqual({ ok: true });
    expect(t.waits).toEqual([100, 200]); // random 0.5 × 200·2^attempt
  });

  it('5xx on a write is not retried (the caller re-reads instead)', async () => {
    const t = transport([503, 200]);
    await expect(read(t.http, false)).rejects.toMatchObject({ kind: 'server', status: 503 });
    expect(t.calls()).toBe(1);
  });

  it('429: waits for the window SMBcrm names (no Retry-After is documented), for reads and writes alike', async () => {
    const t = transport([429, 200], { 'x-ratelimit-interval-milliseconds': '2000' });
    expect(await read(t.http, false)).toEqual({ ok: true });
    expect(t.waits).toEqual([2_000 + 125]); // the window, plus jitter of up to 250 ms
  });
});

describe('routes to an owner', () => {
  const parse = (routes: unknown[]) => routesFile.safeParse({ routes });
  it('reads `to: owner`, `owner_linked` and a digest period', () => {
    const r = parse([
      {
        event: 'appointment_booked',
        channel: 'C0FRONT',
        to: 'owner',
        filter: { owner_linked: true },
        digest: '15m',
      },
    ]);
    expect(r.success).toBe(true);
    const routing = routeEvent(r.data!, 'appointment_booked', webhookPayload.parse({ contact_id: 'c' }));
    expect(routing).toEqual({
      kind: 'post',
      channel: 'C0FRONT',
      style: 'card',
      owner: { onlyLinked: true, digestMs: 15 * 60_000 },
    });
  });
  it('refuses a digest or owner_linked without `to: owner`, and a period it cannot read', () => {
    expect(parse([{ event: 'e', channel: 'C0A', digest: '15m' }]).success).toBe(false);
    expect(parse([{ event: 'e', channel: 'C0A', filter: { owner_linked: true } }]).success).toBe(false);
    expect(parse([{ event: 'e', channel: 'C0A', to: 'owner', digest: 'soon' }]).success).toBe(false);
    expect(parse([{ event: 'e', channel: 'C0A', to: 'owner', digest: '2d' }]).success).toBe(false);
  });
});
