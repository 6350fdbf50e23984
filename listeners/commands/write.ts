import type { Context, SlashCommand } from '@slack/bolt';
import type { SmbcrmCommand } from '../../services/presentation/commands/parse.js';
import type { ListenerDeps, Respond } from '../deps.js';
import { replyWith } from '../reply.js';

/**
 * `/smbcrm note|task|tag|won|lost|abandon|reopen|assign …` and `/smbcrm whoami`: acked at once, answered privately
 * through the response_url: the private card to confirm, "posted for approval", a list to pick from, or what to
 * type instead (bad input is UserInputError, answered by the one error policy with nothing written).
 */
export async function writeCommand(
  s: ListenerDeps,
  command: SlashCommand,
  cmd: Extract<SmbcrmCommand, { kind: 'write' | 'whoami' }>,
  respond: Respond,
  context: Context,
) {
  const where = {
    component: 'writes',
    write: cmd.kind === 'write' ? cmd.write.kind : 'whoami',
    user: command.user_id,
  };
  await replyWith(s, respond, context, where, async () => {
    if (cmd.kind === 'whoami')
      return { response_type: 'ephemeral', ...(await s.writes.whoami(command.user_id)) };
    const reply = await s.writes.command(cmd.write, command.user_id, command.channel_id);
    return { response_type: 'ephemeral', ...(reply.ephemeral ?? { text: 'Done.' }) };
  });
}
