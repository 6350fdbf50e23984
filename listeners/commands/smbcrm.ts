import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { type LookupQuery, parseLookupQuery } from '../../services/domain/lookup/query.js';
import { parseCommand } from '../../services/presentation/commands/parse.js';
import { helpMessage } from '../../services/presentation/views/help.js';
import { renderLookup } from '../../services/presentation/views/lookup-result.js';
import { errorMessage, unknownSubcommand } from '../../services/presentation/views/messages.js';
import { writeUsage } from '../../services/presentation/views/write-messages.js';
import type { ListenerDeps } from '../deps.js';
import { openLeadModal } from '../lead-modal.js';
import { replyWith, reportFailure } from '../reply.js';
import { ask } from './ask.js';
import { status } from './status.js';
import { writeCommand } from './write.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/smbcrm …`. Help and bad input are answered in the ack itself (nothing is looked up); a lookup is acked at
 * once and answered through the response_url, so Slack's 3-second limit never depends on SMBcrm.
 * https://docs.slack.dev/interactivity/implementing-slash-commands#responding_to_commands
 */
export const smbcrmCommand = (s: ListenerDeps) => {
  // Help is the same for every request of this instance.
  const help = {
    response_type: 'ephemeral' as const,
    ...helpMessage({ agent: s.conversations !== undefined }),
  };
  return async ({ command, ack, context, respond, client }: Args) => {
    const cmd = parseCommand(command.text);
    if (cmd.kind === 'help') return ack(help);
    if (cmd.kind === 'unknown') return ack({ response_type: 'ephemeral', ...unknownSubcommand(cmd.word) });
    if (cmd.kind === 'move' || cmd.kind === 'approvals') {
      await ack();
      await replyWith(s, respond, context, { component: 'move', user: command.user_id }, async () => {
        const message =
          cmd.kind === 'approvals'
            ? await s.moves.pending(command.channel_id)
            : (await s.moves.fromCommand(cmd.text, command.user_id, command.channel_id)).ephemeral;
        return { response_type: 'ephemeral', ...(message ?? { text: 'Done.' }) };
      });
      return;
    }
    if (cmd.kind === 'write_usage') return ack({ response_type: 'ephemeral', ...writeUsage(cmd.of) });
    if (cmd.kind === 'write' || cmd.kind === 'whoami') {
      await ack();
      await writeCommand(s, command, cmd, respond, context);
      return;
    }
    if (cmd.kind === 'add') {
      await ack();
      await replyWith(s, respond, context, { component: 'leads', user: command.user_id }, async () => {
        await openLeadModal(s, client, {
          triggerId: command.trigger_id,
          text: cmd.text,
          from: 'command',
          requester: command.user_id,
          channel: command.channel_id,
          responseUrl: command.response_url,
          note: '',
        });
        return undefined;
      });
      return;
    }
    if (cmd.kind === 'status') {
      await ack();
      await status(s, command, respond, context);
      return;
    }
    if (cmd.kind === 'ask') {
      await ack();
      await ask(s, command, cmd.text, respond, context);
      return;
    }

    let query: LookupQuery;
    try {
      query = parseLookupQuery(cmd.text, s.settings.defaultPhoneRegion);
    } catch (err) {
      const described = reportFailure(s, context, { component: 'lookup', user: command.user_id }, err);
      return ack({ response_type: 'ephemeral', ...errorMessage(described.text) });
    }
    await ack();
    const where = { component: 'lookup', lookup: query.kind, user: command.user_id };
    await replyWith(s, respond, context, where, async () => {
      const result = await s.lookup.find(query);
      context.result = result.kind; // in the request's log line: none, one or many
      return {
        response_type: 'ephemeral',
        ...renderLookup(result, {
          currency: s.settings.currency,
          askable: s.conversations !== undefined,
          contactUrl: s.links.contact,
        }),
      };
    });
  };
};
