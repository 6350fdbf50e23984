import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { askAboutPrompt, threadRootMessage } from '../../services/presentation/views/agent.js';
import { displayName, esc } from '../../services/presentation/views/format.js';
import { contactGone, errorMessage } from '../../services/presentation/views/messages.js';
import type { ListenerDeps } from '../deps.js';
import { clickedMessage, clickedRecordId } from '../payloads.js';
import { replyWith } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Ask the agent" on a lookup card: a new thread about that contact, with its id given to the agent. */
export const askAboutContact =
  (s: ListenerDeps) =>
  async ({ ack, body, context, respond }: Args) => {
    await ack();
    const id = clickedRecordId(body);
    const where = clickedMessage.safeParse(body);
    const conversations = s.conversations;
    const ids = { component: 'conversation', action: 'ask-about-contact', user: body.user.id };
    await replyWith(s, respond, context, ids, async () => {
      if (!conversations || !id || !where.success) {
        context.outcome = 'bad-input';
        return {
          response_type: 'ephemeral',
          replace_original: false,
          ...errorMessage('That button is no longer valid.'),
        };
      }
      const card = await s.lookup.cardById(id);
      if (!card) return { response_type: 'ephemeral', replace_original: false, ...contactGone() };
      const name = displayName(card.contact);
      const summary = askAboutPrompt(card, s.settings.currency);
      const channel = where.data.container.channel_id;
      const root = await conversations.startThread(
        channel,
        threadRootMessage(body.user.id, `about *${esc(name)}*`),
      );
      context.outcome = await conversations.handle({
        teamId: where.data.team?.id ?? body.user.team_id ?? '',
        channel,
        threadTs: root,
        messageTs: root,
        userId: body.user.id,
        text: summary,
        contactId: card.contact.id,
      });
      return undefined;
    });
  };
