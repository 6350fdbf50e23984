import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { clickedRecordId } from '../../services/slack-payloads.js';
import { ACTIONS } from '../../services/views/actions.js';
import type { AppServices } from '../../src/services.js';
import { replyWith } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Approve / Reject / Retry / Request again on an approval card. The button carries only the approval id; the
 * request itself is read from Redis. The card is updated for everyone; the clicker alone is told when the click
 * changed nothing (not allowed, already handled, unknown id).
 */
export const approvalDecision =
  (s: AppServices) =>
  async ({ ack, body, action, context }: Args) => {
    await ack();
    const respond = s.respond.for(body);
    const id = clickedRecordId(body) ?? '';
    const user = body.user.id;
    await replyWith(
      respond,
      context,
      s.logger,
      { component: 'approvals', action: action.action_id },
      async () => {
        const reply =
          action.action_id === ACTIONS.approve
            ? await s.moves.decide(id, user, 'approve')
            : action.action_id === ACTIONS.reject
              ? await s.moves.decide(id, user, 'reject')
              : action.action_id === ACTIONS.retryWrite
                ? await s.moves.retry(id, user)
                : await s.moves.requestAgain(id, user);
        if (!reply.ephemeral) return undefined;
        context.outcome = 'refused';
        return { response_type: 'ephemeral', replace_original: false, ...reply.ephemeral };
      },
    );
  };
