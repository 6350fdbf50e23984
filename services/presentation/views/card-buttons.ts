import type { KnownBlock } from '@slack/types';
import { ACTIONS } from './actions.js';

/** A card's (or the Home tab's) button; it carries only an id, never what the request is about. */
export const cardButton = (actionId: string, text: string, value: string, style?: 'primary' | 'danger') => ({
  type: 'button' as const,
  action_id: actionId,
  text: { type: 'plain_text' as const, text },
  value,
  ...(style ? { style } : {}),
});

/**
 * The buttons of a pending request: Confirm / Cancel on the requester's own private card, Approve / Reject on the
 * channel's (the same action ids: the engine decides by the request's policy, not by the label).
 */
export function decisionButtons(approvalId: string, own: boolean): KnownBlock {
  return {
    type: 'actions',
    block_id: 'approval',
    elements: own
      ? [
          cardButton(ACTIONS.approve, 'Confirm', approvalId, 'primary'),
          cardButton(ACTIONS.reject, 'Cancel', approvalId),
        ]
      : [
          cardButton(ACTIONS.approve, 'Approve', approvalId, 'primary'),
          cardButton(ACTIONS.reject, 'Reject', approvalId, 'danger'),
        ],
  };
}
