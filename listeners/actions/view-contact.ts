import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { contactCard } from '../../services/presentation/views/contact-card.js';
import { contactGone } from '../../services/presentation/views/messages.js';
import type { ListenerDeps } from '../deps.js';
import { clickedRecordId } from '../payloads.js';
import { replyWith } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "View" on a list of matches: replaces the list with that contact's card. */
export const viewContact =
  (s: ListenerDeps) =>
  async ({ ack, body, context, respond }: Args) => {
    await ack();
    const id = clickedRecordId(body);
    await replyWith(s, respond, context, { component: 'lookup', action: 'view' }, async () => {
      const card = id ? await s.lookup.cardById(id) : undefined;
      if (!card) return { response_type: 'ephemeral', replace_original: false, ...contactGone() };
      return {
        response_type: 'ephemeral',
        replace_original: true,
        ...contactCard(card, {
          currency: s.settings.currency,
          shareable: true,
          askable: s.conversations !== undefined,
          contactUrl: s.links.contact(card.contact.id),
        }),
      };
    });
  };
