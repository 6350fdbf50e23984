import type { Context, SlashCommand } from '@slack/bolt';
import { agentNotConfiguredText, threadRootMessage } from '../../services/presentation/views/agent.js';
import { esc, truncate } from '../../services/presentation/views/format.js';
import { errorMessage } from '../../services/presentation/views/messages.js';
import type { ListenerDeps, Respond } from '../deps.js';
import { replyWith } from '../reply.js';

/**
 * `/smbcrm ask <question>`: posts the question in the channel and answers in its thread, which then continues like
 * a mention's. Slash commands cannot be run inside threads (reference §2), so every ask starts a new one.
 */
export async function ask(
  s: ListenerDeps,
  command: SlashCommand,
  question: string,
  respond: Respond,
  context: Context,
) {
  const conversations = s.conversations;
  const where = {
    component: 'conversation',
    command: 'ask',
    user: command.user_id,
    channel: command.channel_id,
  };
  await replyWith(s, respond, context, where, async () => {
    if (!conversations) return { response_type: 'ephemeral', ...errorMessage(agentNotConfiguredText) };
    const root = await conversations.startThread(
      command.channel_id,
      threadRootMessage(command.user_id, esc(truncate(question, 2500))),
    );
    context.outcome = await conversations.handle({
      teamId: command.team_id,
      channel: command.channel_id,
      threadTs: root,
      messageTs: root,
      userId: command.user_id,
      text: question,
    });
    return undefined;
  });
}
