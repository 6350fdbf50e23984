import { describe, expect, it } from 'vitest';
import type { MoveParams } from '../../services/domain/approvals/move.js';
import type { ActionOutcome } from '../../services/domain/approvals/outcome.js';
import type { ApprovalRecord, ApprovalStatus } from '../../services/domain/approvals/store.js';
import type { ContactCardData } from '../../services/domain/lookup/service.js';
import { approvalCard } from '../../services/presentation/views/approval.js';
import { moveModal, pendingList, pickOpportunity } from '../../services/presentation/views/move.js';
import { eventTitle, webhookCard } from '../../services/presentation/views/webhook-card.js';
import { checkMessage, messageText } from '../../sim/slack/block-kit.js';
import { buttonsOf } from '../../sim/slack/driver.js';
import { approvalRecord } from '../helpers/fixtures.js';

/** The approval, move and webhook cards, every status and variant, through the Block Kit checker. */
const params: MoveParams = {
  opportunityId: 'Opp1',
  opportunityName: 'Website redesign',
  contactName: 'Jordan Lee',
  value: 4200.5,
  pipelineId: 'P1',
  pipelineName: 'Sales',
  fromStageId: 'S1',
  fromStageName: 'Qualified',
  toStageId: 'S2',
  toStageName: 'Proposal Sent',
};
const record = (status: ApprovalStatus, outcome?: ActionOutcome) => approvalRecord(params, status, outcome);
const card = (r: ApprovalRecord) => approvalCard(r, { currency: 'USD', approvers: '<@U0BOB>' });
const actions = (m: { blocks: unknown[] }) => buttonsOf(m).map((b) => b.element.action_id);

describe('the approval card', () => {
  it.each<[string, ApprovalRecord, string[], string]>([
    [
      'pending',
      record('pending'),
      ['approval_approve', 'approval_reject'],
      'Approval needed: move an opportunity',
    ],
    [
      'done',
      record('done', { kind: 'done' }),
      [],
      'Moved *Website redesign* from *Qualified* to *Proposal Sent*',
    ],
    [
      'done, already there',
      record('done', { kind: 'done', already: true }),
      [],
      'it was already in Proposal Sent',
    ],
    [
      'changed',
      record('failed', { kind: 'changed', now: 'New Lead' }),
      ['approval_request_again'],
      'is now in *New Lead*, not Qualified',
    ],
    [
      'failed',
      record('failed', {
        kind: 'failed',
        error: { kind: 'invalid', status: 422, reasons: ['pipelineStageId is invalid'] },
      }),
      ['approval_retry'],
      'SMBcrm did not accept the request. SMBcrm said: “pipelineStageId is invalid”',
    ],
    [
      'failed unexpectedly',
      record('failed', { kind: 'failed', error: { kind: 'unexpected', reasons: [] } }),
      ['approval_retry'],
      'Something went wrong on our side',
    ],
    ['rejected', record('rejected'), [], 'Rejected by <@U0BOB>'],
    ['expired', record('expired'), [], 'This request expired at <!date^1700086400^'],
  ])('%s: valid Block Kit, the right buttons, the right words', (_status, r, buttons, words) => {
    const m = card(r);
    expect(checkMessage(m).problems).toEqual([]);
    expect(actions(m)).toEqual(buttons);
    expect(messageText(m)).toContain(words);
    // Buttons carry only the request id.
    for (const b of buttonsOf(m)) expect(b.element.value).toBe(r.id);
  });

  it('a record stored before outcomes were typed still renders', async () => {
    const { parseOutcome } = await import('../../services/domain/approvals/outcome.js');
    expect(parseOutcome('New Lead', { status: 'failed', changed: true })).toEqual({
      kind: 'changed',
      now: 'New Lead',
    });
    expect(parseOutcome('moved', { status: 'done', changed: false })).toEqual({
      kind: 'done',
      already: false,
    });
    expect(parseOutcome('SMBcrm refused', { status: 'failed', changed: false })).toMatchObject({
      kind: 'failed',
    });
  });
});

describe('the move views', () => {
  it('the pick list: one button per candidate, carrying only the draft id', () => {
    const m = pickOpportunity(
      [1, 2].map((i) => ({
        opportunity: {
          id: `O${i}`,
          name: `Deal ${i}`,
          pipelineId: 'P',
          pipelineStageId: 'S',
          status: 'open',
          monetaryValue: i,
        },
        draftId: `draft-${i}`,
        stageName: 'Proposal Sent',
      })),
      'USD',
    );
    expect(checkMessage(m).problems).toEqual([]);
    expect(buttonsOf(m).map((b) => b.element.value)).toEqual(['draft-1', 'draft-2']);
  });

  it('the modal lists the other stages of the pipeline, within the select limits', () => {
    const stages = Array.from({ length: 150 }, (_, i) => ({
      id: `S${i}`,
      name: `Stage ${i} ${'x'.repeat(90)}`,
    }));
    const view = moveModal(
      { id: 'O1', name: 'Deal', pipelineId: 'P', pipelineStageId: 'S0', status: 'open' },
      { id: 'P', name: 'Sales', stages },
      '{"o":"O1","c":"C0SALES"}',
    );
    const select = (view.blocks[1] as { element: { options: { text: { text: string }; value: string }[] } })
      .element;
    expect(select.options).toHaveLength(100);
    expect(select.options.map((o) => o.value)).not.toContain('S0');
    expect(select.options.every((o) => o.text.text.length <= 75)).toBe(true);
  });

  it('the pending list says when each request expires, with a real date as the fallback', () => {
    const m = pendingList([record('pending')], 'USD');
    expect(messageText(m)).toMatch(
      /expires <!date\^1700086400\^\{date_short_pretty\} at \{time\}\|2023-11-15 22:13 UTC>/,
    );
  });
});

describe('the webhook card', () => {
  const card: ContactCardData = {
    contact: { id: 'C1', locationId: 'L', firstName: 'Jordan', lastName: 'Lee', email: 'j@x.test' },
    ownerName: 'Alex',
    opportunities: [],
  };
  const base = {
    event: 'new_lead',
    payload: {
      contact_id: 'C1',
      contact_name: 'Jordan Lee',
      opportunity_id: 'O1',
      opportunity_name: 'Deal',
      stage: 'Qualified',
      value: 5,
    },
    currency: 'USD',
    askable: true,
    contactUrl: 'https://app.smbcrm.com/v2/location/L/contacts/detail/C1',
  };

  it.each([
    ['card', card, 'card' as const],
    ['compact', card, 'compact' as const],
    ['without the contact (SMBcrm unreachable)', undefined, 'card' as const],
  ])('%s: valid Block Kit, with Ask the agent, Move stage and Open in SMBcrm', (_n, c, style) => {
    const m = webhookCard({ ...base, card: c, style });
    expect(checkMessage(m).problems).toEqual([]);
    expect(actions(m)).toEqual(['contact_ask', 'opportunity_move', 'open_in_smbcrm']);
    expect(m.text).toBe('New lead: Jordan Lee');
  });

  it('a daily summary is a table of stages in a code block', () => {
    const m = webhookCard({
      ...base,
      event: 'daily_summary',
      payload: {
        date: '2026-12-01',
        stages: [
          { name: 'Qualified', count: 3, value: 1200 },
          { name: 'Won', count: 1 },
        ],
      },
      card: undefined,
      style: 'compact',
    });
    expect(checkMessage(m).problems).toEqual([]);
    expect(messageText(m)).toMatch(
      /```\nStage\s+Deals\s+Value\nQualified\s+3\s+\$1,200\.00\nWon\s+1\s+—\n```/,
    );
    expect(m.text).toBe('Daily summary for 2026-12-01: 4 deals');
  });

  it('names an event it does not know in words', () => {
    expect(eventTitle('appointment_no_show')).toBe('Appointment no show');
  });
});
