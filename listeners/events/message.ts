import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { type SlackMessageLike, turnFromMessage } from '../../services/domain/conversations/events.js';
import { agentNotConfiguredText } from '../../services/presentation/views/agent.js';
import type { ListenerDeps } from '../deps.js';
import { reportFailure } from '../reply.js';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/**
 * Messages that are not mentions: a top-level DM starts a conversation (in Slack's agent view, every new
 * conversation in the Messages tab is one); a reply in a channel thread the bot is part of continues one. A mention
 * in a thread arrives here too, and as `app_mention`: the store's exactly-once claim answers it once.
 *
 * In a DM the bot shows Slack's own "is thinking…" status and titles the thread, as the agent view does; where
 * Slack refuses the status (a workspace without the agent features), the turn falls back to a placeholder message.
 * https://docs.slack.dev/reference/methods/assistant.threads.setStatus
 */
export const message =
  (s: ListenerDeps) =>
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
    const inDm = (event as SlackMessageLike).channel_type === 'im';
    let known = true;
    if (needsKnownThread) {
      try {
        known = await s.conversations.knows(turn);
      } catch (err) {
        // Without Redis the bot cannot tell whether this thread is its own. In a DM it is: said there. In a
        // channel it may be anyone's thread, so it is logged (the one error policy) and not answered.
        const described = reportFailure(
          s,
          context,
          { component: 'conversation', channel: turn.channel },
          err,
        );
        if (inDm)
          await client.chat
            .postMessage({ channel: turn.channel, thread_ts: turn.threadTs, text: described.text })
            .catch((e: Error) =>
              s.logger.warn({ component: 'conversation', err: e }, 'could not say the store is down'),
            );
        return;
      }
    }
    if (!known) {
      context.outcome = 'ignored';
      return;
    }
    if (inDm && !needsKnownThread)
      await client.assistant.threads
        .setTitle({ channel_id: turn.channel, thread_ts: turn.threadTs, title: turn.text.slice(0, 60) })
        .catch((err: unknown) => s.logger.debug({ component: 'conversation', err }, 'no thread title set'));
    context.outcome = await s.conversations.handle({
      ...turn,
      ...(inDm
        ? {
            setStatus: (status: string) =>
              client.assistant.threads.setStatus({
                channel_id: turn.channel,
                thread_ts: turn.threadTs,
                status,
              }),
          }
        : {}),
    });
  };
