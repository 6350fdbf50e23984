import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { HOME_ACTIONS } from '../../services/presentation/views/actions.js';
import { decisionNotice } from '../../services/presentation/views/home-notices.js';
import type { ListenerDeps } from '../deps.js';
import { clickedRecordId, homeClicker } from '../payloads.js';
import { replyOnHome } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Approve / Reject (a request this person may decide) and Withdraw (their own) on the Home tab: the same engine
 * and checks as the buttons on the card, which is updated for everyone; the outcome is shown on the tab.
 */
export const homeDecision =
  (s: ListenerDeps) =>
  async ({ ack, body, action, context }: Args) => {
    await ack();
    const id = clickedRecordId(body) ?? '';
    const home = homeClicker(body);
    if (!home) {
      context.outcome = 'bad-input'; // a Home tab button always comes from a home view
      return;
    }
    const { user, click } = home;
    await replyOnHome(s, context, user, { component: 'home', action: action.action_id, user }, async () => {
      if (action.action_id === HOME_ACTIONS.withdraw) {
        const r = await s.requests.withdraw(id, user);
        if (r.refusal) context.outcome = 'refused';
        return { notice: decisionNotice(r, s.settings.currency, 'withdrew') };
      }
      const decision = action.action_id === HOME_ACTIONS.approve ? 'approve' : 'reject';
      const r = await s.requests.decideFromHome(id, click, decision);
      if (r.refusal) context.outcome = 'refused';
      return { notice: decisionNotice(r, s.settings.currency), dropParts: r.record?.status === 'done' };
    });
  };
