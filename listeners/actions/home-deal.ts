import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { HOME_ACTIONS } from '../../services/presentation/views/actions.js';
import { statusModal, withChannelPicker } from '../../services/presentation/views/write-modals.js';
import type { ListenerDeps } from '../deps.js';
import { clickedRecordId, homeClicker } from '../payloads.js';
import { replyOnHome } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Move stage and Won / Lost on a deal of the Home tab: the lookup card's modals, plus the channel where the
 * request's card is to go (the Home tab has none); the submission is the card's (listeners/views). The trigger_id
 * lasts 3 seconds, so only the opportunity is read (pipelines are cached).
 */
export const homeDeal =
  (s: ListenerDeps) =>
  async ({ ack, body, action, client, context }: Args) => {
    await ack();
    const id = clickedRecordId(body);
    const home = homeClicker(body);
    if (!home) {
      context.outcome = 'bad-input'; // a Home tab button always comes from a home view
      return;
    }
    const { user } = home;
    await replyOnHome(s, context, user, { component: 'home', action: action.action_id, user }, async () => {
      const gone = { notice: ':mag: That opportunity is no longer open in SMBcrm.', dropParts: true };
      if (!id) {
        context.outcome = 'bad-input';
        return { notice: 'That button is no longer valid. Nothing was changed.' };
      }
      if (action.action_id === HOME_ACTIONS.move) {
        const view = await s.moves.modalFor(id, undefined);
        if (!view) return gone;
        await client.views.open({ trigger_id: body.trigger_id, view });
        return undefined;
      }
      const [opportunity] = await s.moves.findById(id);
      if (!opportunity) return gone;
      const view = withChannelPicker(statusModal(opportunity, JSON.stringify({ i: id })));
      await client.views.open({ trigger_id: body.trigger_id, view });
      return undefined;
    });
  };
