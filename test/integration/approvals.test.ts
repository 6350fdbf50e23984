import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messageText } from '../../sim/slack/block-kit.js';
import type { SimMessage } from '../../sim/slack/server.js';
import { buttonsOf, type Harness, startHarness, withHarness } from '../helpers/harness.js';

const OPP = 'OppSimJordanWeb001'; // "Website redesign", Sales › Qualified, $4,200.50, contact Jordan Lee
const QUALIFIED = 'c1a7e3b0-0000-4000-8000-000000000002';
const PROPOSAL = 'c1a7e3b0-0000-4000-8000-000000000003';

/** PUTs since the current test began (the first describe shares one harness across tests). */
let since = 0;
const puts = (h: Harness) => h.smbcrm.exchanges.slice(since).filter((e) => e.method === 'PUT');
const opp = (h: Harness) => h.smbcrm.db.opportunities.find((o) => o.id === OPP)!;

/** `/smbcrm move …` from a user; resolves with the private reply and the card posted in the channel, if any. */
async function requestMove(h: Harness, text: string, user = 'U0ALICE') {
  const cards = h.slack.messages.filter((m) => m.channel === 'C0SALES' && !m.visibleTo).length;
  const { reply } = await h.command(`move ${text}`, user);
  const card = h.slack.messages.filter((m) => m.channel === 'C0SALES' && !m.visibleTo).slice(cards)[0];
  return { reply: messageText(reply?.body ?? {}), card };
}

/** Clicks a card's button and waits for the bot to be done with it (its end-of-request log line). */
async function click(h: Harness, card: SimMessage, actionId: string, user: string, driver = h.driver) {
  return (await h.click(user, card, actionId, { driver })).res;
}
const lastPrivate = (h: Harness) => messageText(h.slack.responsePosts.at(-1)?.body ?? {});

describe('an opportunity move, approved', () => {
  let h: Harness;
  let b: Awaited<ReturnType<Harness['addInstance']>>;
  beforeAll(async () => {
    h = await startHarness();
    b = await h.addInstance();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    Object.assign(opp(h), { pipelineStageId: QUALIFIED });
    h.smbcrm.clearFaults();
    since = h.smbcrm.exchanges.length;
  });

  it('posts a card that shows exactly what will change, and writes nothing before Approve', async () => {
    const { reply, card } = await requestMove(h, 'Website redesign to proposal');
    expect(reply).toContain('posted in the channel for approval');
    const t = messageText(card!);
    for (const s of [
      'Approval needed: move an opportunity',
      'Website redesign',
      'Jordan Lee',
      '$4,200.50',
      'Sales',
      '*Stage:* Qualified  →  *Proposal Sent*',
      'requested by <@U0ALICE>',
      'expires <!date^',
    ]) {
      expect(t).toContain(s);
    }
    const buttons = buttonsOf(card!);
    expect(buttons.map((x) => x.element.action_id)).toEqual(['approval_approve', 'approval_reject']);
    // The button carries only the approval id: 128 random bits.
    expect(buttons[0]?.element.value).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(puts(h)).toHaveLength(0);
  });

  it('the requester cannot approve their own request: told privately, card unchanged, nothing written', async () => {
    const { card } = await requestMove(h, 'Website redesign to Proposal Sent');
    const before = JSON.stringify(card!.blocks);
    await click(h, card!, 'approval_approve', 'U0ALICE');
    expect(lastPrivate(h)).toContain('someone else must approve it');
    expect(h.slack.responsePosts.at(-1)?.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(card!.blocks)).toBe(before);
    expect(puts(h)).toHaveLength(0);
  });

  it('Approve by someone else: re-reads, writes once, and the card says who did what', async () => {
    const { card } = await requestMove(h, 'Website redesign to Proposal Sent');
    const since = h.smbcrm.exchanges.length;
    await click(h, card!, 'approval_approve', 'U0BOB');
    expect(h.smbcrmCalls(since)).toEqual([`GET /opportunities/${OPP}`, `PUT /opportunities/${OPP}`]);
    expect(h.smbcrm.exchanges.at(-1)?.body).toEqual({
      pipelineId: 'PipSimSales0000001',
      pipelineStageId: PROPOSAL,
    });
    expect(opp(h).pipelineStageId).toBe(PROPOSAL);
    const t = messageText(card!);
    expect(t).toMatch(
      /Moved \*Website redesign\* from \*Qualified\* to \*Proposal Sent\* — requested by <@U0ALICE> \(not linked to an SMBcrm user: not credited to anyone in SMBcrm\), approved by <@U0BOB> at <!date\^\d+/,
    );
    expect(buttonsOf(card!)).toHaveLength(0);
  });

  it('double clicks and simultaneous clicks on two instances send exactly one PUT', async () => {
    const { card } = await requestMove(h, 'Website redesign to Proposal Sent');
    const id = buttonsOf(card!)[0]?.element.value;
    const before = puts(h).length;
    const from = h.logs.lines.length;
    await Promise.all([
      h.driver.click({ user: 'U0BOB', message: card!, actionId: 'approval_approve' }),
      h.driver.click({ user: 'U0BOB', message: card!, actionId: 'approval_approve' }),
      b.driver.click({ user: 'U0BOB', message: card!, actionId: 'approval_approve' }),
      b.driver.click({ user: 'U0CAROL', message: card!, actionId: 'approval_approve' }),
    ]);
    await h.requestsDone(4, from, 'action'); // both instances have finished with all four clicks
    expect(messageText(card!)).toContain('Moved');
    expect(puts(h).length - before).toBe(1);
    // One winner: one approval, one re-read. (The write's own re-read would hide a second winner's PUT.)
    expect(
      h.logs
        .parsed()
        .filter((l) => l.msg === 'approval audit' && l.event === 'approved' && l.approvalId === id),
    ).toHaveLength(1);
    expect(
      h.smbcrm.exchanges.slice(since).filter((e) => e.method === 'GET' && e.path === `/opportunities/${OPP}`),
    ).toHaveLength(1);
  });

  it('the stage changed in SMBcrm before approval: nothing is written, the card says where it is now', async () => {
    const { card } = await requestMove(h, 'Website redesign to Proposal Sent');
    opp(h).pipelineStageId = 'c1a7e3b0-0000-4000-8000-000000000001'; // someone moved it to New Lead meanwhile
    await click(h, card!, 'approval_approve', 'U0BOB');
    expect(puts(h)).toHaveLength(0);
    expect(messageText(card!)).toContain(
      'Not moved: *Website redesign* is now in *New Lead*, not Qualified as when it was asked. Nothing was written.',
    );
    // "Request again" makes a fresh request from where it is now.
    const cards = h.slack.messages.filter((m) => !m.visibleTo && m.channel === 'C0SALES').length;
    await click(h, card!, 'approval_request_again', 'U0BOB');
    const fresh = await h.slack.waitFor(
      () => h.slack.messages.filter((m) => !m.visibleTo && m.channel === 'C0SALES')[cards],
    );
    expect(messageText(fresh)).toContain('*Stage:* New Lead  →  *Proposal Sent*');
  });

  it('Reject, then Approve: nothing is ever written for that request', async () => {
    const { card } = await requestMove(h, 'Website redesign to Proposal Sent');
    const stale = structuredClone(card!); // what a Slack client that has not refreshed still shows
    await click(h, card!, 'approval_reject', 'U0BOB');
    expect(messageText(card!)).toContain('Rejected by <@U0BOB>');
    await click(h, stale, 'approval_approve', 'U0CAROL', b.driver);
    expect(lastPrivate(h)).toContain('already handled (it is rejected)');
    expect(puts(h)).toHaveLength(0);
  });

  it('an expired request says so and writes nothing', async () => {
    const { card } = await requestMove(h, 'Website redesign to Proposal Sent');
    const id = buttonsOf(card!)[0]?.element.value as string;
    await h.redis.hset(`${h.keyPrefix}approval:{${id}}`, 'expiresAt', String(Date.now() - 1)); // time passes
    await click(h, card!, 'approval_approve', 'U0BOB');
    expect(messageText(card!)).toContain('This request expired');
    expect(puts(h)).toHaveLength(0);
  });

  it('a forged or unknown approval id is answered calmly and writes nothing', async () => {
    const { card } = await requestMove(h, 'Website redesign to Proposal Sent');
    // The card with its Approve button carrying another value, as a crafted request would.
    const withApproveValue = (value: string) => ({
      ...card!,
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'approval_approve',
              text: { type: 'plain_text', text: 'Approve' },
              value,
            },
          ],
        },
      ],
    });
    await click(h, withApproveValue('AAAAAAAAAAAAAAAAAAAAAA'), 'approval_approve', 'U0BOB');
    expect(lastPrivate(h)).toContain('no longer exists (or never did). Nothing was changed.');
    const junk = withApproveValue('../../etc<script>');
    await click(h, junk, 'approval_approve', 'U0BOB');
    expect(lastPrivate(h)).toContain('no longer exists');
    expect(puts(h)).toHaveLength(0);
  });

  it('unknown opportunity, unknown stage, same stage, and several matches', async () => {
    expect((await requestMove(h, 'Zeppelin refit to Closed')).reply).toContain(
      'No open opportunity matches “Zeppelin refit”',
    );
    const stage = await requestMove(h, 'Website redesign to Nowhere');
    expect(stage.reply).toContain('Its stages: *New Lead*, *Qualified*, *Proposal Sent*, *Closed*');
    expect((await requestMove(h, 'Website redesign to Qualified')).reply).toContain(
      'already in *Qualified*; nothing to do',
    );
    expect((await requestMove(h, 'Website redesign')).reply).toContain(
      '/smbcrm move <opportunity name or id> to <stage name>',
    );
    expect(stage.card).toBeUndefined();
    // Two open deals of Jordan Lee match "jordan": pick one.
    const several = await requestMove(h, 'jordan to Closed');
    expect(several.reply).toContain('2 opportunities match');
    const list = h.latestMessage()!;
    await click(h, list, 'move_pick', 'U0ALICE');
    const card = await h.slack.waitFor(() =>
      h.slack.messages.filter((m) => !m.visibleTo && m.channel === 'C0SALES').at(-1),
    );
    expect(messageText(card)).toContain('Approval needed');
    expect(puts(h)).toHaveLength(0);
  });

  it('a write SMBcrm refuses (422) shows its reason and a Retry that succeeds once the cause is gone', async () => {
    const { card } = await requestMove(h, 'Website redesign to Proposal Sent');
    h.smbcrm.inject({
      method: 'PUT',
      path: `/opportunities/${OPP}`,
      status: 422,
      body: { statusCode: 422, message: ['pipelineStageId is locked'], error: 'Unprocessable Entity' },
    });
    await click(h, card!, 'approval_approve', 'U0BOB');
    expect(messageText(card!)).toContain('did not go through');
    expect(messageText(card!)).toContain('pipelineStageId is locked');
    expect(buttonsOf(card!).map((x) => x.element.action_id)).toEqual(['approval_retry']);
    await click(h, card!, 'approval_retry', 'U0BOB');
    expect(messageText(card!)).toContain('Moved *Website redesign*');
    expect(puts(h).map((p) => p.status)).toEqual([422, 200]);
  });

  it('a 500 on the PUT is re-read and re-sent once; twice is a failure with Retry', async () => {
    const { card } = await requestMove(h, 'Website redesign to Proposal Sent');
    h.smbcrm.inject({ method: 'PUT', path: `/opportunities/${OPP}`, status: 500, times: 2 });
    await click(h, card!, 'approval_approve', 'U0BOB');
    expect(puts(h).map((p) => p.status)).toEqual([500, 500]);
    expect(messageText(card!)).toContain('SMBcrm had a problem answering (HTTP 500)');
    await click(h, card!, 'approval_retry', 'U0BOB');
    expect(opp(h).pipelineStageId).toBe(PROPOSAL);
  });

  it('/smbcrm approvals lists what is pending in this channel', async () => {
    await requestMove(h, 'Website redesign to Closed');
    const { reply } = await h.command('approvals');
    expect(messageText(reply?.body ?? {})).toMatch(/pending approvals? in this channel/);
    expect(messageText(reply?.body ?? {})).toContain('Move *Website redesign* Qualified → *Closed*');
  });

  it('every decision is an audit event, logged and kept in Redis', async () => {
    const events = h.logs.parsed().filter((l) => l.msg === 'approval audit');
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining([
        'requested',
        'approved',
        'written',
        'rejected',
        'expired',
        'not-written-state-changed',
        'write-failed',
      ]),
    );
    const written = events.find((e) => e.event === 'written');
    expect(written).toMatchObject({
      action: 'opportunity.move',
      opportunityId: OPP,
      fromStageName: 'Qualified',
      toStageName: 'Proposal Sent',
      requester: 'U0ALICE',
      actor: 'U0BOB',
    });
    const kept = await h.redis.zrange(`${h.keyPrefix}approvals:audit`, 0, -1);
    expect(kept.length).toBe(events.length);
  });
});

describe('who may approve', () => {
  beforeEach(() => {
    since = 0; // each test below has a harness of its own
  });
  it('with SMBCRM_APPROVERS set, others are told who may; a member of a listed user group may', async () => {
    await withHarness(
      { env: { SMBCRM_APPROVERS: 'U0CAROL,S0MANAGERS' }, slack: { usergroups: { S0MANAGERS: ['U0DAVE'] } } },
      async (h) => {
        const { card } = await requestMove(h, 'Website redesign to Proposal Sent');
        await click(h, card!, 'approval_approve', 'U0BOB');
        expect(lastPrivate(h)).toContain('Only <@U0CAROL>, <!subteam^S0MANAGERS> may approve');
        expect(puts(h)).toHaveLength(0);
        await click(h, card!, 'approval_approve', 'U0DAVE');
        expect(messageText(card!)).toContain('approved by <@U0DAVE>');
        expect(h.slack.calls.filter((c) => c.method === 'usergroups.users.list')).toHaveLength(1);
      },
    );
  });

  it('SMBCRM_ALLOW_SELF_APPROVAL=true lets the requester approve', async () => {
    await withHarness({ env: { SMBCRM_ALLOW_SELF_APPROVAL: 'true' } }, async (h) => {
      const { card } = await requestMove(h, 'Website redesign to Proposal Sent');
      await click(h, card!, 'approval_approve', 'U0ALICE');
      expect(messageText(card!)).toContain('approved by <@U0ALICE>');
    });
  });
});

describe('the modal path from a lookup card', () => {
  beforeEach(() => {
    since = 0; // each test below has a harness of its own
  });
  it('"Move stage" opens a modal of the pipeline’s stages; submitting posts the approval card', async () => {
    await withHarness({}, async (h) => {
      await h.command('lookup jordan.lee@example.com');
      const card = h.latestMessage()!;
      const move = buttonsOf(card).find(
        (x) => x.element.action_id === 'opportunity_move' && x.element.value === OPP,
      );
      expect(move).toBeDefined();
      await h.driver.click({ user: 'U0ALICE', message: card, actionId: 'opportunity_move', value: OPP });
      const opened = await h.slack.waitFor(() => h.slack.views[0]);
      const view = opened.view as {
        callback_id: string;
        blocks: { element?: { options: { value: string; text: { text: string } }[] } }[];
      };
      expect(view.callback_id).toBe('move_stage');
      const options = view.blocks.find((x) => x.element)?.element?.options ?? [];
      expect(options.map((o) => o.text.text)).toEqual(['New Lead', 'Proposal Sent', 'Closed']); // the current stage is left out
      const cards = h.slack.messages.filter((m) => !m.visibleTo && m.channel === 'C0SALES').length;
      const res = await h.driver.submitView({
        user: 'U0ALICE',
        viewId: opened.id,
        view: opened.view,
        values: {
          stage: {
            stage: {
              type: 'static_select',
              selected_option: { value: PROPOSAL, text: { type: 'plain_text', text: 'Proposal Sent' } },
            },
          },
        },
      });
      expect(res.status).toBe(200);
      expect(res.body).toBe(''); // the modal closes
      const approval = await h.slack.waitFor(
        () => h.slack.messages.filter((m) => !m.visibleTo && m.channel === 'C0SALES')[cards],
      );
      expect(messageText(approval)).toContain('*Stage:* Qualified  →  *Proposal Sent*');
      expect(puts(h)).toHaveLength(0);
    });
  });
});
