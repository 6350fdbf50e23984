import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { type SlackMessageLike, turnFromMessage } from '../../services/conversations/events.js';
import { agentNotConfiguredText } from '../../services/views/agent.js';
import type { AppServices } from '../../src/services.js';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/**
 * Messages that are not mentions: a top-level DM starts a conversation; a reply in a channel thread the bot is
 * part of continues one. A mention in a thread arrives here too, and as `app_mention`: the store's exactly-once
 * claim answers it once.
 */
export const message =
  (s: AppServices) =>
  async ({ message: event, context, client }: Args) => {
    const found = turnFromMessage(
      event as SlackMessageLike,
      { teamId: context.teamId ?? '' },
      context.botUserId,
    );
    if (!found) {
      context.outcome = 'ignored';
      return;
    }
    const { turn, needsKnownThread } = found;
    if (!s.conversations) {
      if (!needsKnownThread)
        await client.chat.postMessage({
          channel: turn.channel,
          thread_ts: turn.threadTs,
          text: agentNotConfiguredText,
        });
      return;
    }
    if (needsKnownThread && !(await s.conversations.knows(turn))) {
      context.outcome = 'ignored';
      return;
    }
    context.outcome = await s.conversations.handle(turn);
  };
