import type { MoveParams } from '../../domain/approvals/move.js';
import type { ApprovalRecord } from '../../domain/approvals/store.js';
import { approvalCard } from './approval.js';
import type { SlackMessage } from './contact-card.js';
import { type CardOptions, writeCard } from './write-card.js';

/** The card of any request: a stage move keeps its own (with Request again); every other kind the generic one. */
export function requestCard(
  record: ApprovalRecord<Record<string, unknown>>,
  options: CardOptions,
): SlackMessage {
  return record.action === 'opportunity.move'
    ? approvalCard(record as ApprovalRecord<MoveParams>, options)
    : writeCard(record, options);
}
