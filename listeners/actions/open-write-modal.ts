import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTIONS } from '../../services/presentation/views/actions.js';
import { errorMessage } from '../../services/presentation/views/messages.js';
import { noteModal, statusModal, taskModal } from '../../services/presentation/views/write-modals.js';
import type { ListenerDeps } from '../deps.js';
import { clickedMessage, clickedRecordId } from '../payloads.js';
import { replyWith } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The contact's name as the clicked card shows it (its header): the modal opens without an SMBcrm call. */
function cardHeader(body: BlockButtonAction): string {
  const blocks = (body as { message?: { blocks?: { type: string; text?: { text?: string } }[] } }).message
    ?.blocks;
  return blocks?.find((b) => b.type === 'header')?.text?.text ?? 'this contact';
}

/**
 * "Add note", "Add task" (a contact of a lookup card) and "Won / Lost" (one of its opportunities): open the
 * modal at once (the trigger_id lasts 3 seconds). A note or task needs no SMBcrm call to open; won / lost reads
 * the opportunity (its current status).
 */
export const openWriteModal =
  (s: ListenerDeps) =>
  async ({ ack, body, action, client, context, respond }: Args) => {
    await ack();
    const id = clickedRecordId(body);
    const where = clickedMessage.safeParse(body);
    await replyWith(s, respond, context, { component: 'writes', action: action.action_id }, async () => {
      if (!id || !where.success) {
        context.outcome = 'bad-input';
        return {
          response_type: 'ephemeral',
          replace_original: false,
          ...errorMessage('That button is no longer valid.'),
        };
      }
      const metadata = JSON.stringify({ i: id, c: where.data.container.channel_id, r: body.response_url });
      if (action.action_id === ACTIONS.openStatusModal) {
        const [opportunity] = await s.moves.findById(id);
        if (!opportunity) {
          context.outcome = 'gone';
          return {
            response_type: 'ephemeral',
            replace_original: false,
            ...errorMessage(':mag: That opportunity is no longer in SMBcrm.'),
          };
        }
        await client.views.open({ trigger_id: body.trigger_id, view: statusModal(opportunity, metadata) });
        return undefined;
      }
      const name = cardHeader(body);
      const view =
        action.action_id === ACTIONS.openNoteModal ? noteModal(name, metadata) : taskModal(name, metadata);
      await client.views.open({ trigger_id: body.trigger_id, view });
      return undefined;
    });
  };
