import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { clickedMessage, clickedRecordId } from '../../services/slack-payloads.js';
import { errorMessage } from '../../services/views/messages.js';
import type { AppServices } from '../../src/services.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Move stage" on an opportunity of a lookup card: opens a modal to pick the target stage. The trigger_id is valid
 * for 3 seconds (reference §4), so this does only the reads it must (the opportunity; pipelines are cached).
 */
export const openMoveModal =
  (s: AppServices) =>
  async ({ ack, body, client, context }: Args) => {
    await ack();
    const respond = s.respond.for(body);
    const id = clickedRecordId(body);
    const where = clickedMessage.safeParse(body);
    const view =
      id && where.success
        ? await s.moves.modalFor(id, where.data.container.channel_id).catch(() => undefined)
        : undefined;
    if (!view) {
      context.outcome = 'bad-input';
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...errorMessage('That opportunity is no longer open in SMBcrm.'),
      }).catch(() => {});
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view });
  };
