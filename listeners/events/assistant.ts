import { Assistant, type Middleware, type SlackEventMiddlewareArgs } from '@slack/bolt';
import { type SlackMessageLike, turnFromMessage } from '../../services/conversations/events.js';
import { agentNotConfiguredText, assistantGreeting, assistantPrompts } from '../../services/views/agent.js';
import type { AppServices } from '../../src/services.js';

/**
 * Slack's assistant pane (Bolt's Assistant), as the first middleware of the events listener (listeners/events).
 * Mind that it takes every DM *thread* message before the message handler sees it, so DM thread replies are
 * answered here, whether or not the thread was opened in the pane.
 *
 * Bolt's `app.assistant()` would make it a global middleware, run on every command, click and event; it only
 * ever takes events, so it sits in front of the one listener that receives them.
 * https://docs.slack.dev/tools/bolt-js/concepts/ai-apps
 */
export function assistantMiddleware(s: AppServices): Middleware<SlackEventMiddlewareArgs> {
  return new Assistant({
    threadContextStore: s.assistantContext,
    threadStarted: async ({ say, setSuggestedPrompts, saveThreadContext }) => {
      await say(assistantGreeting);
      await saveThreadContext();
      await setSuggestedPrompts({ prompts: assistantPrompts, title: 'Try one of these:' });
    },
    threadContextChanged: async ({ saveThreadContext }) => {
      await saveThreadContext();
    },
    userMessage: async ({ message, context, say, setStatus, setTitle }) => {
      const found = turnFromMessage(
        message as SlackMessageLike,
        { teamId: context.teamId ?? '' },
        context.botUserId,
      );
      if (!found) {
        context.outcome = 'ignored';
        return;
      }
      if (!s.conversations) {
        await say(agentNotConfiguredText);
        return;
      }
      const { turn } = found;
      if (!(await s.conversations.knows(turn)))
        await setTitle(turn.text.slice(0, 60)).catch((err: unknown) =>
          s.logger.warn({ component: 'assistant', err }, 'could not set the thread title'),
        );
      context.outcome = await s.conversations.handle({ ...turn, setStatus });
    },
  }).getMiddleware() as Middleware<SlackEventMiddlewareArgs>;
}
