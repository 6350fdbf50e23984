import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { unknownCommand } from '../../services/presentation/views/messages.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** A slash command this app does not define: says which one it does, and what an admin should check. */
export async function otherCommand({ command, ack, context }: Args) {
  context.outcome = 'unknown-command';
  await ack({ response_type: 'ephemeral', ...unknownCommand(command.command) });
}
