import { describe, expect, it } from 'vitest';
import type { MoveParams } from '../../services/domain/approvals/move.js';
import type { ActionOutcome } from '../../services/domain/approvals/outcome.js';
import type { ApprovalStatus } from '../../services/domain/approvals/store.js';
import { smbcrmFix } from '../../services/domain/doctor/fixes.js';
import type { ContactCardData } from '../../services/domain/lookup/service.js';
import { errorFromStatus, SmbcrmError } from '../../services/platform/smbcrm/errors.js';
import type { Contact, Opportunity, Pipeline } from '../../services/platform/smbcrm/schemas.js';
import {
  answerMessages,
  threadRootMessage,
  turnFailedMessage,
} from '../../services/presentation/views/agent.js';
import { approvalCard } from '../../services/presentation/views/approval.js';
import { contactCard } from '../../services/presentation/views/contact-card.js';
import { contactList } from '../../services/presentation/views/contact-list.js';
import { doctorMessage } from '../../services/presentation/views/doctor.js';
import { describeError } from '../../services/presentation/views/error-text.js';
import { esc } from '../../services/presentation/views/format.js';
import { homeUnavailableView, homeView } from '../../services/presentation/views/home.js';
import { decisionNotice } from '../../services/presentation/views/home-notices.js';
import { errorMessage, noMatch, unknownSubcommand } from '../../services/presentation/views/messages.js';
import {
  moveModal,
  noOpportunity,
  pendingList,
  pickOpportunity,
  sameStage,
  unknownStage,
} from '../../services/presentation/views/move.js';
import { eventTitle, webhookCard } from '../../services/presentation/views/webhook-card.js';
import { writeCard } from '../../services/presentation/views/write-card.js';
import { pickTarget, whoami } from '../../services/presentation/views/write-messages.js';
import { checkBlocks, checkMessage } from '../../sim/slack/block-kit.js';
import { liveMarkup, parsedTexts, plainTexts } from '../../sim/slack/markup.js';
import { approvalRecord } from '../helpers/fixtures.js';

/**
 * Every view, rendered with a hostile value in every string that comes from outside the team: no mention, link or
 * formatting of theirs may survive anywhere in the message (block text, the top-level `text`, markdown blocks),
 * and no invisible or direction-changing character may reach a plain_text either.
 */
const H =
  '<!channel> <!here> <!everyone> <!subteam^S1> <@U1> <#C1> <https://x.example|y> *B* _I_ ~S~ `C` & A\u202Egnp.exe\u200b';
const FORBIDDEN_TARGETS = new Set(['channel', 'here', 'everyone', 'S1', 'U1', 'C1', 'https://x.example']);
const MARKERS = ['*B*', '_I_', '~S~', '`C`'];

type Payload = { text?: unknown; blocks?: unknown };

function expectSafe(name: string, payload: Payload) {
  const live = liveMarkup(payload).filter(
    (l) => FORBIDDEN_TARGETS.has(l.target) || l.target.includes('x.example'),
  );
  expect(live, `${name}: live markup from data`).toEqual([]);
  for (const t of parsedTexts(payload)) {
    if (t.as === 'mrkdwn') {
      for (const m of MARKERS) expect(t.text, `${name}: formatting ${m} survived`).not.toContain(m);
      expect(t.text, `${name}: a bare & in mrkdwn`).not.toMatch(/&(?!amp;|lt;|gt;)/);
    } else {
      expect(t.text, `${name}: a raw < in a markdown block`).not.toMatch(/<[!@#h]/);
    }
    expect(t.text, `${name}: invisible characters`).not.toMatch(/[\u202e\u200b]/);
  }
  for (const p of plainTexts(payload))
    expect(p, `${name}: invisible characters in plain_text`).not.toMatch(/[\u202e\u200b]/);
}

const contact: Contact = {
  id: 'CtHostile0000000001',
  locationId: 'L1',
  name: H,
  firstName: H,
  lastName: H,
  email: `${H}@x.example`,
  phone: H,
  companyName: H,
  businessName: H,
  tags: [H, H],
  assignedTo: 'u1',
  dateAdded: '2026-01-02T00:00:00Z',
};
const card: ContactCardData = {
  contact,
  ownerName: H,
  opportunities: [
    { id: 'OppH1', name: H, value: 10, pipelineId: 'P', pipelineName: H, stageId: 'S', stageName: H },
  ],
};
const params: MoveParams = {
  opportunityId: 'OppH1',
  opportunityName: H,
  contactName: H,
  value: 5,
  pipelineId: 'P',
  pipelineName: H,
  fromStageId: 'S1',
  fromStageName: H,
  toStageId: 'S2',
  toStageName: H,
};
const record = (status: ApprovalStatus, outcome?: ActionOutcome) => approvalRecord(params, status, outcome);
const opportunity: Opportunity = {
  id: 'OppH1',
  name: H,
  monetaryValue: 1,
  pipelineId: 'P',
  pipelineStageId: 'S1',
  status: 'open',
  contact: { id: 'c', name: H, companyName: H },
};
const pipeline: Pipeline = {
  id: 'P',
  name: H,
  stages: [
    { id: 'S1', name: H },
    { id: 'S2', name: `${H} 2` },
  ],
};
/** A request of each of the day's writes, every string in it hostile (the note's text as the person typed it). */
const credit = { userId: 'u1', name: H };
const writeParams: [string, Record<string, unknown>][] = [
  ['contact.note', { contactId: 'c', contactName: H, body: `${H}\n> quoted ${H}`, credit }],
  [
    'contact.task',
    {
      contactId: 'c',
      contactName: H,
      title: H,
      body: H,
      dueDate: '2026-12-04T17:00:00.000Z',
      dueZone: 'Europe/London',
      credit,
    },
  ],
  ['contact.tags', { contactId: 'c', contactName: H, add: [H], remove: [H], credit: null }],
  ['contact.task.done', { contactId: 'c', contactName: H, taskId: 't', title: H, dueDate: null, credit }],
  [
    'opportunity.status',
    {
      opportunityId: 'o',
      opportunityName: H,
      contactName: H,
      value: 1,
      fromStatus: 'open',
      toStatus: 'won',
      credit,
    },
  ],
  [
    'opportunity.assign',
    {
      opportunityId: 'o',
      opportunityName: H,
      contactName: H,
      value: 1,
      fromUserId: 'u1',
      fromName: H,
      toUserId: 'u2',
      toName: H,
      toSlackUser: 'U0BOB',
      credit,
    },
  ],
];
const writeRecord = (
  action: string,
  p: Record<string, unknown>,
  status: ApprovalStatus,
  outcome?: ActionOutcome,
) => ({
  ...approvalRecord(params, status, outcome),
  action,
  params: p,
});
const smbcrmError = errorFromStatus(422, { message: [H, `${H} again`] }, 'opportunities.update');

const views: [string, Payload][] = [
  ['contact card (private)', contactCard(card, { currency: 'USD', shareable: true, askable: true })],
  ['contact card (shared)', contactCard(card, { currency: 'USD', shareable: false, sharedBy: 'U0BOB' })],
  ['contact list', contactList([contact, contact], 2, H)],
  ['no match (name)', noMatch({ kind: 'name', text: H })],
  ['unknown subcommand', unknownSubcommand(H)],
  ['pick an opportunity', pickOpportunity([{ opportunity, draftId: 'd', stageName: H }], 'USD')],
  ['move modal', { blocks: moveModal(opportunity, pipeline, '{}').blocks }],
  ['unknown stage', unknownStage(H, H, [H, H])],
  ['same stage', sameStage(H, H)],
  ['no opportunity', noOpportunity(H)],
  ['pending list', pendingList([record('pending')], 'USD')],
  ['SMBcrm error text', errorMessage(describeError(smbcrmError).text)],
  ['agent failure', turnFailedMessage(describeError(smbcrmError).text, 'retry-id-123456')],
  ['thread root', threadRootMessage('U0ALICE', `about *${esc(H)}*`)],
  ...(['pending', 'rejected', 'expired'] as const).map((s): [string, Payload] => [
    `approval ${s}`,
    approvalCard(record(s), { currency: 'USD', approvers: '<@U0BOB>' }),
  ]),
  [
    'approval done',
    approvalCard(record('done', { kind: 'done', already: true }), { currency: 'USD', approvers: 'x' }),
  ],
  [
    'approval changed',
    approvalCard(record('failed', { kind: 'changed', now: H }), { currency: 'USD', approvers: 'x' }),
  ],
  [
    'approval failed',
    approvalCard(
      record('failed', { kind: 'failed', error: { kind: 'invalid', status: 422, reasons: [H] } }),
      { currency: 'USD', approvers: 'x' },
    ),
  ],
  ...(['card', 'compact'] as const).map((style): [string, Payload] => [
    `webhook ${style}`,
    webhookCard({
      event: H,
      payload: {
        contact_id: 'CtH1',
        contact_name: H,
        email: H,
        phone: H,
        opportunity_id: 'OppH1',
        opportunity_name: H,
        stage: H,
        value: 3,
        date: H,
      },
      card: style === 'card' ? card : undefined,
      style,
      currency: 'USD',
      askable: true,
      contactUrl: 'https://app.smbcrm.com/x',
    }),
  ]),
  [
    'webhook summary',
    webhookCard({
      event: H,
      payload: { date: H, stages: [{ name: H, count: 1, value: 2 }] },
      card: undefined,
      style: 'card',
      currency: 'USD',
      askable: false,
      contactUrl: undefined,
    }),
  ],
  ...writeParams.flatMap(([action, p]) =>
    (
      [
        ['pending', undefined],
        ['done', { kind: 'done', already: true }],
        ['failed', { kind: 'changed', now: H }],
        ['failed', { kind: 'failed', error: { kind: 'invalid', status: 422, reasons: [H] } }],
        ['rejected', undefined],
        ['expired', undefined],
      ] as [ApprovalStatus, ActionOutcome | undefined][]
    ).flatMap(([status, outcome]) =>
      (['requester', 'approvers'] as const).map((mode): [string, Payload] => [
        `${action} ${status} ${outcome?.kind ?? ''} (${mode})`,
        writeCard(writeRecord(action, p, status, outcome), { currency: 'USD', approvers: '<@U0BOB>', mode }),
      ]),
    ),
  ),
  ['pick a contact', pickTarget('Which contact?', [{ label: H, detail: H, draftId: 'd' }])],
  ['whoami', whoami({ linked: true, userId: 'u', name: H, role: H, via: 'email', tz: H })],
  [
    'setup status with SMBcrm’s words in a fix',
    doctorMessage([
      {
        name: 'SMBcrm token',
        status: 'fail',
        detail: H,
        fix: smbcrmFix(new SmbcrmError('forbidden', [H], 403, 'users.list')),
      },
    ]),
  ],
  ...answerMessages(
    `${H}\n\n[Reset your password](https://x.example/reset)`,
    { executionId: 'e', interactionId: 'i' },
    {
      contextReset: true,
      links: { allowedHosts: ['app.smbcrm.com'] },
    },
  ).map((m, i): [string, Payload] => [`agent answer ${i}`, m]),
];

/** Each person's Home tab, every list full of hostile records, and every notice a click on it can leave. */
const hostileRequests = [
  record('pending'),
  ...writeParams.map(([action, p]) => ({ ...writeRecord(action, p, 'pending'), channel: 'C0SALES' })),
  {
    ...writeRecord('contact.note', writeParams[0]![1], 'pending'),
    params: { ...writeParams[0]![1], proposedBy: 'agent' },
  },
].map((r, i) => ({ ...r, id: `${r.id.slice(0, 20)}${String(i).padStart(2, '0')}` }));
const homeViews: [string, Payload][] = [
  [
    'Home tab',
    homeView({
      who: { linked: true, userId: 'u', name: H, role: H, via: 'email', tz: 'Europe/London' },
      notice: decisionNotice(
        {
          record: writeRecord(
            'contact.task.done',
            writeParams.find(([a]) => a === 'contact.task.done')![1],
            'done',
          ),
        },
        'USD',
      ),
      waiting: hostileRequests,
      mine: hostileRequests,
      deals: {
        kind: 'ok',
        value: {
          opportunities: Array.from({ length: 30 }, (_, i) => ({ ...opportunity, id: `OppH${i}` })),
          pipelines: [pipeline],
        },
      },
      tasks: {
        kind: 'ok',
        value: Array.from({ length: 30 }, (_, i) => ({
          id: `T${i}`,
          title: H,
          body: H,
          dueDate: i % 2 ? '2020-01-01T00:00:00Z' : '2030-01-01T00:00:00Z',
          completed: false,
          assignedTo: 'u',
          contactId: 'c',
        })),
      },
      currency: 'USD',
      askable: true,
      links: { opportunities: 'https://app.smbcrm.com/o', tasks: 'https://app.smbcrm.com/t' },
      setupProblems: 2,
      now: Date.parse('2026-12-02T00:00:00Z'),
    }),
  ],
  [
    'Home tab, not linked, SMBcrm down',
    homeView({
      who: { linked: false, why: 'no_match', tz: undefined },
      waiting: [],
      mine: [],
      deals: { kind: 'error', text: describeError(new SmbcrmError('server', [H], 503)).text },
      tasks: { kind: 'unlinked' },
      currency: 'USD',
      askable: true,
      links: { opportunities: 'https://app.smbcrm.com/o', tasks: 'https://app.smbcrm.com/t' },
      now: 0,
    }),
  ],
  ['Home tab unavailable', homeUnavailableView(describeError(new SmbcrmError('invalid', [H], 422)).text)],
  ...(['done', 'rejected', 'failed', 'expired'] as ApprovalStatus[]).map((status): [string, Payload] => [
    `Home notice ${status}`,
    {
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: decisionNotice({ record: record(status) }, 'USD') },
        },
      ],
    },
  ]),
];

describe('every Home tab with hostile data', () => {
  it.each(homeViews)(
    '%s: nothing of theirs is live, and it is valid Block Kit within 100 blocks',
    (name, view) => {
      expectSafe(name, view);
      expect(checkBlocks(view.blocks as unknown[], 100).problems).toEqual([]);
    },
  );
});

describe('every view with hostile data', () => {
  it.each(views)(
    '%s: no control sequence, formatting or invisible character of theirs survives',
    (name, payload) => {
      expectSafe(name, payload);
    },
  );

  it.each(views.filter(([, p]) => Array.isArray(p.blocks) && 'text' in p))(
    '%s: still valid Block Kit',
    (_n, p) => {
      expect(checkMessage(p).problems).toEqual([]);
    },
  );

  it('the check itself catches what it must: an unescaped value fails it', () => {
    expect(() => expectSafe('raw', { text: H, blocks: [] })).toThrow();
    expect(() =>
      expectSafe('raw mrkdwn', { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*B*' } }] }),
    ).toThrow();
    expect(() =>
      expectSafe('raw markdown', { blocks: [{ type: 'markdown', text: '[a](https://x.example)' }] }),
    ).toThrow();
  });

  it('an event named like an Object property is a name like any other', () => {
    for (const event of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      expect(typeof eventTitle(event)).toBe('string');
  });

  it('the bot’s own markup stays live: its mentions and dates', () => {
    const live = liveMarkup(approvalCard(record('pending'), { currency: 'USD', approvers: '<@U0BOB>' }));
    expect(live.map((l) => l.kind)).toEqual(expect.arrayContaining(['user', 'date']));
    expect(live.find((l) => l.kind === 'user')?.target).toBe('U0ALICE');
  });

  it('an agent link to an allowed host stays a link; others show where they lead', () => {
    const [m] = answerMessages(
      '[Open](https://app.smbcrm.com/v2/c) and [Claim](https://x.example/a)',
      { executionId: 'e', interactionId: undefined },
      {
        contextReset: false,
        links: { allowedHosts: ['app.smbcrm.com'] },
      },
    );
    const md = (m?.blocks.find((b) => b.type === 'markdown') as { text: string } | undefined)?.text;
    expect(md).toContain('[Open](https://app.smbcrm.com/v2/c)');
    expect(md).toContain('Claim (x.example)');
  });
});
