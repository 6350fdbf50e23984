import type { Context, SlashCommand } from '@slack/bolt';
import { MOVE_ACTION } from '../../services/domain/approvals/move.js';
import { doctorMessage } from '../../services/presentation/views/doctor.js';
import { errorMessage } from '../../services/presentation/views/messages.js';
import type { ListenerDeps, Respond } from '../deps.js';
import { replyWith } from '../reply.js';

/**
 * `/smbcrm status`: the setup doctor's checks, for approvers only (they are the admins of the bot's writes; the
 * results name settings and scopes). Answered privately through the response_url: the checks take a few seconds.
 */
export async function status(s: ListenerDeps, command: SlashCommand, respond: Respond, context: Context) {
  const where = { component: 'doctor', user: command.user_id };
  await replyWith(s, respond, context, where, async () => {
    const verdict = await s.requests.mayApprove(MOVE_ACTION, command.user_id, command.team_id);
    if (!verdict.allowed) {
      context.outcome = 'refused';
      return {
        response_type: 'ephemeral',
        ...errorMessage(
          `:lock: \`/smbcrm status\` is for the people who may approve SMBcrm changes. ${verdict.reason}`,
        ),
      };
    }
    return { response_type: 'ephemeral', ...doctorMessage(await s.doctor()) };
  });
}
