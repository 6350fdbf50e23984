import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { homeClicker } from '../payloads.js';
import { reportFailure } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Refresh on the Home tab: everything read again (within the per-person throttle). */
export const homeRefresh =
  (s: ListenerDeps) =>
  async ({ ack, body, context }: Args) => {
    await ack();
    const home = homeClicker(body);
    if (!home) {
      context.outcome = 'bad-input'; // a Home tab button always comes from a home view
      return;
    }
    const { user } = home;
    try {
      context.result = await s.home.reload(user);
    } catch (err) {
      reportFailure(s, context, { component: 'home', action: 'refresh', user }, err);
    }
  };
