import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTIONS } from '../../services/presentation/views/actions.js';
import type { ListenerDeps } from '../deps.js';
import { clickedMessage, clickedRecordId } from '../payloads.js';
import { replyWith } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Approve / Reject / Retry / Request again on an approval card, and Confirm / Cancel on a requester's private card
 * (the same action ids). The button carries only the approval id; the
 * request itself is read from Redis. The card is updated for everyone; the clicker alone is told when the click
 * changed nothing (not allowed, already handled, unknown id).
 */
export const approvalDecision =
  (s: ListenerDeps) =>
  async ({ ack, body, action, context, respond }: Args) => {
    await ack();
    const id = clickedRecordId(body) ?? '';
    const where = clickedMessage.safeParse(body);
    if (!where.success) {
      context.outcome = 'bad-input'; // not a click on a message (a card always is one)
      return;
    }
    const click = {
      user: body.user.id,
      userTeamId: where.data.user.team_id,
      teamId: where.data.team?.id,
      channel: where.data.container.channel_id,
      messageTs: where.data.container.message_ts,
    };
    await replyWith(s, respond, context, { component: 'approvals', action: action.action_id }, async () => {
      const reply =
        action.action_id === ACTIONS.approve
          ? await s.requests.decide(id, click, 'approve')
          : action.action_id === ACTIONS.reject
            ? await s.requests.decide(id, click, 'reject')
            : action.action_id === ACTIONS.retryWrite
              ? await s.requests.retry(id, click)
              : await s.moves.requestAgain(id, click);
      // A private card (the requester's Confirm) is replaced through this click's own response_url.
      if (reply.replace)
        await respond({ response_type: 'ephemeral', replace_original: true, ...reply.replace });
      if (!reply.ephemeral) return undefined;
      context.outcome = 'refused';
      return { response_type: 'ephemeral', replace_original: false, ...reply.ephemeral };
    });
  };
