import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorMessage } from '../../services/presentation/views/messages.js';
import type { ListenerDeps } from '../deps.js';
import { clickedMessage, clickedRecordId } from '../payloads.js';
import { replyWith } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Move stage" on an opportunity of a lookup card: opens a modal to pick the target stage. The trigger_id is valid
 * for 3 seconds (reference §4), so this does only the reads it must (the opportunity; pipelines are cached).
 * SMBcrm being down, or Slack refusing the modal (`expired_trigger_id`), is told to the person and logged.
 */
export const openMoveModal =
  (s: ListenerDeps) =>
  async ({ ack, body, client, context, respond }: Args) => {
    await ack();
    const id = clickedRecordId(body);
    const where = clickedMessage.safeParse(body);
    await replyWith(s, respond, context, { component: 'move', action: 'open-modal' }, async () => {
      if (!id || !where.success) {
        context.outcome = 'bad-input';
        return {
          response_type: 'ephemeral',
          replace_original: false,
          ...errorMessage('That button is no longer valid.'),
        };
      }
      const view = await s.moves.modalFor(id, where.data.container.channel_id);
      if (!view) {
        context.outcome = 'gone';
        return {
          response_type: 'ephemeral',
          replace_original: false,
          ...errorMessage(':mag: That opportunity is no longer open in SMBcrm.'),
        };
      }
      await client.views.open({ trigger_id: body.trigger_id, view });
      return undefined;
    });
  };
