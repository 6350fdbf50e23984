import type { KnownBlock } from '@slack/types';
import type { MoveParams } from '../approvals/move.js';
import type { ApprovalRecord } from '../approvals/store.js';
import { ACTIONS } from './actions.js';
import type { SlackMessage } from './contact-card.js';
import { esc, money, truncate } from './format.js';

const when = (ms: number) =>
  `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} at {time}|${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC>`;

const button = (actionId: string, text: string, value: string, style?: 'primary' | 'danger') => ({
  type: 'button' as const,
  action_id: actionId,
  text: { type: 'plain_text' as const, text },
  value,
  ...(style ? { style } : {}),
});

/**
 * The approval card of an opportunity move: exactly what will change, who asked, until when, and (while pending)
 * Approve / Reject. It follows the request through every status; buttons carry only the approval id.
 */
export function approvalCard(
  record: ApprovalRecord,
  options: { currency: string; approvers: string },
): SlackMessage {
  const p = record.params as MoveParams;
  const opp = `*${esc(truncate(p.opportunityName, 200))}*`;
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
    text: { type: 'mrkdwn', text: `*Stage:* ${esc(p.fromStageName)}  →  *${esc(p.toStageName)}*` },
  };
  const by = `requested by <@${record.requester}>`;
  const decided =
    record.decidedBy && record.decidedAt ? `<@${record.decidedBy}> at ${when(record.decidedAt)}` : 'someone';
  const blocks: KnownBlock[] = [];
  let text: string;
  switch (record.status) {
    case 'pending':
      text = `Approval needed: move ${p.opportunityName} to ${p.toStageName}`;
      blocks.push(
        { type: 'header', text: { type: 'plain_text', text: 'Approval needed: move an opportunity' } },
        facts,
        change,
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: `${by} · expires ${when(record.expiresAt)} · approvers: ${options.approvers}`,
            },
          ],
        },
        {
          type: 'actions',
          block_id: 'approval',
          elements: [
            button(ACTIONS.approve, 'Approve', record.id, 'primary'),
            button(ACTIONS.reject, 'Reject', record.id, 'danger'),
          ],
        },
      );
      break;
    case 'done':
      text = `Moved ${p.opportunityName} from ${p.fromStageName} to ${p.toStageName}`;
      blocks.push(
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:white_check_mark: Moved ${opp} from *${esc(p.fromStageName)}* to *${esc(p.toStageName)}* — ${by}, approved by ${decided}.`,
          },
        },
        facts,
      );
      if (record.outcome && record.outcome !== 'moved') {
        blocks.push({
          type: 'context',
          elements: [{ type: 'mrkdwn', text: `SMBcrm: ${esc(record.outcome)}` }],
        });
      }
      break;
    case 'failed': {
      if (record.changed) {
        text = `Not moved: ${p.opportunityName} is now in ${record.outcome}`;
        blocks.push(
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: `:warning: Not moved: ${opp} is now in *${esc(record.outcome ?? '')}*, not ${esc(p.fromStageName)} as when it was asked. Nothing was written. (Approved by ${decided}.)`,
            },
          },
          facts,
          {
            type: 'actions',
            block_id: 'approval',
            elements: [button(ACTIONS.requestAgain, 'Request again', record.id)],
          },
        );
      } else {
        text = `Approved, but SMBcrm did not accept the move of ${p.opportunityName}`;
        blocks.push(
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: `:x: Approved by ${decided}, but the move of ${opp} to *${esc(p.toStageName)}* did not go through. ${truncate(record.outcome ?? '', 1500)}`,
            },
          },
          facts,
          change,
          {
            type: 'actions',
            block_id: 'approval',
            elements: [button(ACTIONS.retryWrite, 'Retry', record.id, 'primary')],
          },
        );
      }
      break;
    }
    case 'rejected':
      text = `Rejected: move ${p.opportunityName} to ${p.toStageName}`;
      blocks.push(
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:no_entry: Rejected by ${decided}: move ${opp} to *${esc(p.toStageName)}* (${by}). Nothing was written.`,
          },
        },
        facts,
      );
      break;
    case 'expired':
      text = `Expired: move ${p.opportunityName} to ${p.toStageName}`;
      blocks.push(
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:hourglass: This request expired at ${when(record.expiresAt)}: move ${opp} to *${esc(p.toStageName)}* (${by}). Nothing was written.`,
          },
        },
        facts,
      );
      break;
    default:
      text = `Approval request for ${p.opportunityName}`;
      blocks.push(facts, change);
  }
  return { text: truncate(text, 300), blocks };
}
