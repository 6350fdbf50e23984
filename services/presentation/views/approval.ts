import type { KnownBlock } from '@slack/types';
import type { MoveParams } from '../../domain/approvals/move.js';
import type { ApprovalRecord } from '../../domain/approvals/store.js';
import { ACTIONS } from './actions.js';
import { cardButton, decisionButtons } from './card-buttons.js';
import type { SlackMessage } from './contact-card.js';
import { describeFailure } from './error-text.js';
import { esc, mention, money, slackDateTime, truncate } from './format.js';
import { requestedBy } from './write-summary.js';

const when = slackDateTime;

/**
 * The approval card of an opportunity move: exactly what will change, who asked, until when, and (while pending)
 * Approve / Reject. It follows the request through every status; buttons carry only the approval id.
 */
export function approvalCard(
  record: ApprovalRecord,
  options: { currency: string; approvers: string; mode?: 'requester' | 'approvers' },
): SlackMessage {
  const own = options.mode === 'requester';
  const p = record.params as MoveParams;
  // Every value from SMBcrm, escaped once: block text and the top-level `text` (parsed as mrkdwn) use these.
  const name = esc(truncate(p.opportunityName, 200));
  const from = esc(truncate(p.fromStageName, 100));
  const to = esc(truncate(p.toStageName, 100));
  const opp = `*${name}*`;
  const outcome = record.outcome;
  const facts: KnownBlock = {
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*Opportunity*\n${esc(truncate(p.opportunityName, 300))}` },
      { type: 'mrkdwn', text: `*Contact*\n${p.contactName ? esc(truncate(p.contactName, 300)) : '—'}` },
      { type: 'mrkdwn', text: `*Value*\n${money(p.value, options.currency)}` },
      { type: 'mrkdwn', text: `*Pipeline*\n${esc(truncate(p.pipelineName, 300))}` },
    ],
  };
  const change: KnownBlock = {
    type: 'section',
    text: { type: 'mrkdwn', text: `*Stage:* ${from}  →  *${to}*` },
  };
  const by = requestedBy(record);
  const decided =
    record.decidedBy && record.decidedAt
      ? `${mention(record.decidedBy)} at ${when(record.decidedAt)}`
      : 'someone';
  const blocks: KnownBlock[] = [];
  let text: string;
  switch (record.status) {
    case 'pending':
      text = `Approval needed: move ${name} to ${to}`;
      blocks.push(
        { type: 'header', text: { type: 'plain_text', text: 'Approval needed: move an opportunity' } },
        facts,
        change,
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: `${by} · expires ${when(record.expiresAt)} · ${own ? 'nothing is written until you confirm' : `approvers: ${options.approvers}`}`,
            },
          ],
        },
        decisionButtons(record.id, own),
      );
      break;
    case 'done':
      text = `Moved ${name} from ${from} to ${to}`;
      blocks.push(
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:white_check_mark: Moved ${opp} from *${from}* to *${to}* — ${by}, approved by ${decided}.`,
          },
        },
        facts,
      );
      if (outcome?.kind === 'done' && outcome.already) {
        blocks.push({
          type: 'context',
          elements: [{ type: 'mrkdwn', text: `SMBcrm: it was already in ${to}; nothing needed writing.` }],
        });
      }
      break;
    case 'failed': {
      if (outcome?.kind === 'changed') {
        const now = esc(truncate(outcome.now, 100));
        text = `Not moved: ${name} is now in ${now}`;
        blocks.push(
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: `:warning: Not moved: ${opp} is now in *${now}*, not ${from} as when it was asked. Nothing was written. (Approved by ${decided}.)`,
            },
          },
          facts,
          {
            type: 'actions',
            block_id: 'approval',
            elements: [cardButton(ACTIONS.requestAgain, 'Request again', record.id)],
          },
        );
      } else {
        // The same mapped (and escaped) words as any other failure, from the kept kind and scrubbed reasons.
        const why =
          outcome?.kind === 'failed'
            ? describeFailure(outcome.error).text
            : describeFailure({ kind: 'unexpected', reasons: [] }).text;
        text = `Approved, but SMBcrm did not accept the move of ${name}`;
        blocks.push(
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: `:x: Approved by ${decided}, but the move of ${opp} to *${to}* did not go through. ${truncate(why, 1500)}`,
            },
          },
          facts,
          change,
          {
            type: 'actions',
            block_id: 'approval',
            elements: [cardButton(ACTIONS.retryWrite, 'Retry', record.id, 'primary')],
          },
        );
      }
      break;
    }
    case 'rejected':
      text = `Rejected: move ${name} to ${to}`;
      blocks.push(
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:no_entry: Rejected by ${decided}: move ${opp} to *${to}* (${by}). Nothing was written.`,
          },
        },
        facts,
      );
      break;
    case 'expired':
      text = `Expired: move ${name} to ${to}`;
      blocks.push(
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:hourglass: This request expired at ${when(record.expiresAt)}: move ${opp} to *${to}* (${by}). Nothing was written.`,
          },
        },
        facts,
      );
      break;
    default:
      text = `Approval request for ${name}`;
      blocks.push(facts, change);
  }
  return { text: truncate(text, 300), blocks };
}
