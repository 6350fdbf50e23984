import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { clickedMessage, clickedRecordId } from '../../services/slack-payloads.js';
import { threadRootMessage } from '../../services/views/agent.js';
import { describeError } from '../../services/views/error-text.js';
import { displayName, esc, money } from '../../services/views/format.js';
import { contactGone, errorMessage } from '../../services/views/messages.js';
import type { AppServices } from '../../src/services.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Ask the agent" on a lookup card: a new thread about that contact, with its id given to the agent. */
export const askAboutContact =
  (s: AppServices) =>
  async ({ ack, body, context }: Args) => {
    await ack();
    const respond = s.respond.for(body);
    const id = clickedRecordId(body);
    const where = clickedMessage.safeParse(body);
    if (!s.conversations || !id || !where.success) {
      context.outcome = 'bad-input';
      return;
    }
    const card = await s.lookup.cardById(id).catch((err: unknown) => {
      void respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...errorMessage(describeError(err).text),
      }).catch((e: unknown) => s.logger.warn({ err: e }, 'could not post to the response_url'));
      return null;
    });
    if (card === null) return;
    if (!card) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...contactGone() });
      return;
    }
    const name = displayName(card.contact);
    const open = card.opportunities;
    const value = open.reduce((sum, o) => sum + (o.value ?? 0), 0);
    const summary = `Tell me about ${name}${card.contact.companyName ? ` (${card.contact.companyName})` : ''}: ${open.length} open ${open.length === 1 ? 'opportunity' : 'opportunities'} worth ${money(value, s.config.smbcrm.currency)}.`;
    const channel = where.data.container.channel_id;
    let root: string;
    try {
      root = await s.conversations.startThread(
        channel,
        threadRootMessage(body.user.id, `about *${esc(name)}*`),
      );
    } catch (err) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...errorMessage(describeError(err).text),
      });
      return;
    }
    context.outcome = await s.conversations.handle({
      teamId: where.data.team?.id ?? body.user.team_id ?? '',
      channel,
      threadTs: root,
      messageTs: root,
      userId: body.user.id,
      text: summary,
      contactId: card.contact.id,
    });
  };
