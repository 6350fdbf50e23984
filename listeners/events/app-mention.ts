import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { turnFromMention } from '../../services/domain/conversations/events.js';
import { agentNotConfiguredText } from '../../services/presentation/views/agent.js';
import type { ListenerDeps } from '../deps.js';

type Args = SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs;

/** `@smbcrm …` in a channel: a turn of the conversation of the thread under the mention. */
export const appMention =
  (s: ListenerDeps) =>
  async ({ event, context, client }: Args) => {
    const turn = turnFromMention(event, { teamId: context.teamId ?? event.team ?? '' }, context.botUserId);
    if (!turn) {
      context.outcome = 'ignored';
      return;
    }
    if (!s.conversations) {
      await client.chat.postMessage({
        channel: turn.channel,
        thread_ts: turn.threadTs,
        text: agentNotConfiguredText,
      });
      return;
    }
    context.outcome = await s.conversations.handle(turn);
  };
