import type { Context, SlashCommand } from '@slack/bolt';
import type { Respond } from '../../services/slack/response-url.js';
import { agentNotConfiguredText, threadRootMessage } from '../../services/views/agent.js';
import { describeError } from '../../services/views/error-text.js';
import { esc, truncate } from '../../services/views/format.js';
import { errorMessage } from '../../services/views/messages.js';
import type { AppServices } from '../../src/services.js';

/**
 * `/smbcrm ask <question>`: posts the question in the channel and answers in its thread, which then continues like
 * a mention's. Slash commands cannot be run inside threads (reference §2), so every ask starts a new one.
 */
export async function ask(
  s: AppServices,
  command: SlashCommand,
  question: string,
  respond: Respond,
  context: Context,
) {
  if (!s.conversations) {
    await respond({ response_type: 'ephemeral', ...errorMessage(agentNotConfiguredText) });
    return;
  }
  let root: string;
  try {
    root = await s.conversations.startThread(
      command.channel_id,
      threadRootMessage(command.user_id, esc(truncate(question, 2500))),
    );
  } catch (err) {
    context.outcome = 'error:slack';
    await respond({ response_type: 'ephemeral', ...errorMessage(describeError(err).text) });
    return;
  }
  context.outcome = await s.conversations.handle({
    teamId: command.team_id,
    channel: command.channel_id,
    threadTs: root,
    messageTs: root,
    userId: command.user_id,
    text: question,
  });
}
