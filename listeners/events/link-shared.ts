import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { reportFailure } from '../reply.js';

type Args = SlackEventMiddlewareArgs<'link_shared'> & AllMiddlewareArgs;

/** `link_shared`: links into the SMBcrm app unfurl into a compact card (services/domain/unfurls). */
export const linkShared =
  (s: ListenerDeps) =>
  async ({ event, context }: Args) => {
    try {
      const count = await s.unfurls.unfurl(event);
      context.result = `unfurled:${count}`;
      if (count === 0) context.outcome = 'ignored';
    } catch (err) {
      // Nobody asked for the unfurl, so nobody is told: logged once, and the link stays a plain link.
      reportFailure(s, context, { component: 'unfurls', channel: event.channel }, err);
    }
  };
