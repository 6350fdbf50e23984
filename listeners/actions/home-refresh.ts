import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { homeClick } from '../payloads.js';
import { reportFailure } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Refresh on the Home tab: everything read again (within the per-person throttle). */
export const homeRefresh =
  (s: ListenerDeps) =>
  async ({ ack, body, context }: Args) => {
    await ack();
    const where = homeClick.safeParse(body);
    if (!where.success) {
      context.outcome = 'bad-input';
      return;
    }
    try {
      context.result = await s.home.reload(where.data.user.id);
    } catch (err) {
      reportFailure(s, context, { component: 'home', action: 'refresh', user: where.data.user.id }, err);
    }
  };
