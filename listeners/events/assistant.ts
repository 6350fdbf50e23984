import { Assistant } from '@slack/bolt';
import { type SlackMessageLike, turnFromMessage } from '../../services/domain/conversations/events.js';
import {
  agentNotConfiguredText,
  assistantGreeting,
  assistantPrompts,
} from '../../services/presentation/views/agent.js';
import type { ListenerDeps } from '../deps.js';

/**
 * Slack's legacy assistant pane (`features.assistant_view`), through Bolt's Assistant. Mind that it takes every DM
 * *thread* message before the message listener sees it, so DM thread replies are answered here, in the agent view
 * too (where it only runs `userMessage`).
 * https://docs.slack.dev/tools/bolt-js/concepts/ai-apps
 */
export function assistant(s: ListenerDeps): Assistant {
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
      // A store that cannot answer is reported by handle() below, in the thread; the title is only a nicety.
      if (!(await s.conversations.knows(turn).catch(() => true)))
        await setTitle(turn.text.slice(0, 60)).catch((err: unknown) =>
          s.logger.warn({ component: 'assistant', err }, 'could not set the thread title'),
        );
      context.outcome = await s.conversations.handle({ ...turn, setStatus });
    },
  });
}
