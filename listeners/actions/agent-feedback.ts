import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTIONS } from '../../services/presentation/views/actions.js';
import type { ListenerDeps } from '../deps.js';
import { clickedFeedback } from '../payloads.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** 👍/👎 on an answer: recorded in the logs with the execution and interaction ids, and thanked privately. */
export const agentFeedback =
  (s: ListenerDeps) =>
  async ({ ack, body, action, context, respond }: Args) => {
    await ack();
    const ids = clickedFeedback(body);
    if (!ids) {
      context.outcome = 'bad-input';
      return;
    }
    s.logger.info(
      {
        component: 'feedback',
        rating: action.action_id === ACTIONS.agentFeedbackUp ? 'up' : 'down',
        executionId: ids.executionId,
        interactionId: ids.interactionId,
        user: body.user.id,
        channel: body.channel?.id,
      },
      'agent feedback',
    );
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: 'Thanks, your feedback was recorded.',
    }).catch((err: unknown) =>
      s.logger.warn({ component: 'feedback', user: body.user.id, err }, 'could not post to the response_url'),
    );
  };
