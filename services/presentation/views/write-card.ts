import type { KnownBlock } from '@slack/types';
import type { ApprovalRecord } from '../../domain/approvals/store.js';
import { ACTIONS } from './actions.js';
import { cardButton, decisionButtons } from './card-buttons.js';
import type { SlackMessage } from './contact-card.js';
import { describeFailure } from './error-text.js';
import { mention, slackDateTime, truncate } from './format.js';
import { requestedBy, summarise } from './write-summary.js';

export interface CardOptions {
  currency: string;
  /** Who may approve, in mrkdwn. */
  approvers: string;
  /** `requester`: the private card the requester confirms; `approvers`: the card in the channel. */
  mode: 'requester' | 'approvers';
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/**
 * The card of a note, a task, tags, a status or an owner change: exactly what will change, who asked (and who that
 * is in SMBcrm), until when, and while pending the buttons its policy calls for: Confirm / Cancel on the
 * requester's private card, Approve / Reject on the channel's. It follows the request through every status, and
 * its buttons carry only the approval id.
 */
export function writeCard(record: ApprovalRecord, options: CardOptions): SlackMessage {
  const s = summarise(record, options.currency);
  const facts: KnownBlock = { type: 'section', fields: s.fields.map((text) => ({ type: 'mrkdwn', text })) };
  const change = section(truncate(s.change, 2_900));
  const by = requestedBy(record);
  const decider = record.decidedBy && record.decidedAt ? mention(record.decidedBy) : 'someone';
  const decided = record.decidedBy === record.requester && options.mode === 'requester' ? 'you' : decider;
  const own = options.mode === 'requester';
  const blocks: KnownBlock[] = [];
  let text: string;
  switch (record.status) {
    case 'pending':
      text = own ? `Confirm: ${s.what}` : `Approval needed: ${s.what}`;
      blocks.push(
        section(own ? `*Confirm:* ${s.what}?` : `*Approval needed:* ${s.what}`),
        facts,
        change,
        context(
          `${by} · expires ${slackDateTime(record.expiresAt)}${own ? ' · nothing is written until you confirm' : ` · approvers: ${options.approvers}`}`,
        ),
        decisionButtons(record.id, own),
      );
      break;
    case 'done': {
      const already = record.outcome?.kind === 'done' && record.outcome.already;
      text = already ? `Already done in SMBcrm: ${s.what}` : `${s.done} in SMBcrm`;
      blocks.push(
        section(
          `:white_check_mark: ${already ? `Already so in SMBcrm (nothing needed writing): ${s.what}` : `${s.done} in SMBcrm`} — ${by}, ${own ? 'confirmed' : 'approved'} by ${decided}.`,
        ),
        facts,
        change,
        ...(s.afterDone?.(record.outcome) ?? []),
      );
      break;
    }
    case 'failed': {
      const outcome = record.outcome;
      if (outcome?.kind === 'changed') {
        text = `Not written: it changed in SMBcrm since it was asked`;
        blocks.push(
          section(
            `:warning: Not written: the record is ${s.changedTo(outcome.now)}. Nothing was written; ask again if it should still change.`,
          ),
          facts,
        );
        break;
      }
      const why = describeFailure(
        outcome?.kind === 'failed' ? outcome.error : { kind: 'unexpected', reasons: [] },
      );
      text = `SMBcrm did not accept it: ${s.what}`;
      blocks.push(
        section(
          `:x: ${capital(s.what)}: SMBcrm did not accept it (${own ? 'confirmed' : 'approved'} by ${decided}). ${truncate(why.text, 1_500)}`,
        ),
        facts,
        change,
        {
          type: 'actions',
          block_id: 'approval',
          elements: [cardButton(ACTIONS.retryWrite, 'Retry', record.id, 'primary')],
        },
      );
      break;
    }
    case 'rejected':
      text = own ? `Cancelled: ${s.what}` : `Rejected: ${s.what}`;
      blocks.push(
        section(
          `:no_entry: ${own ? 'Cancelled' : `Rejected by ${decided}`}: ${s.what} (${by}). Nothing was written.`,
        ),
        facts,
      );
      break;
    case 'expired':
      text = `Expired: ${s.what}`;
      blocks.push(
        section(
          `:hourglass: This request expired at ${slackDateTime(record.expiresAt)}: ${s.what} (${by}). Nothing was written.`,
        ),
        facts,
      );
      break;
    default:
      text = capital(s.what);
      blocks.push(facts, change);
  }
  return { text: truncate(text, 300), blocks };
}
