import { type App, Assistant } from '@slack/bolt';
import { type SlackMessageLike, turnFromMessage } from '../../services/conversations/events.js';
import { agentNotConfiguredText, assistantGreeting, assistantPrompts } from '../../services/views/agent.js';
import type { AppServices } from '../../src/services.js';

/**
 * Slack's assistant pane (Bolt's Assistant). Mind that it takes every DM *thread* message before app.message()
 * sees it, so DM thread replies are answered here, whether or not the thread was opened in the pane.
 * https://docs.slack.dev/tools/bolt-js/concepts/ai-apps
 */
export function register(app: App, s: AppServices) {
  app.assistant(
    new Assistant({
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
        if (!found) return;
        if (!s.conversations) {
          await say(agentNotConfiguredText);
          return;
        }
        const { turn } = found;
        if (!(await s.conversations.knows(turn))) await setTitle(turn.text.slice(0, 60)).catch(() => {});
        context.outcome = await s.conversations.handle({ ...turn, setStatus });
      },
    }),
  );
}
