import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { clickedRecordId } from '../../services/slack-payloads.js';
import { contactCard } from '../../services/views/contact-card.js';
import { contactGone } from '../../services/views/messages.js';
import type { AppServices } from '../../src/services.js';
import { replyWith } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "View" on a list of matches: replaces the list with that contact's card. */
export const viewContact =
  (s: AppServices) =>
  async ({ ack, body, context }: Args) => {
    await ack();
    const respond = s.respond.for(body);
    const id = clickedRecordId(body);
    await replyWith(s, respond, context, { component: 'lookup', action: 'view' }, async () => {
      const card = id ? await s.lookup.cardById(id) : undefined;
      if (!card) return { response_type: 'ephemeral', replace_original: false, ...contactGone() };
      return {
        response_type: 'ephemeral',
        replace_original: true,
        ...contactCard(card, {
          currency: s.config.smbcrm.currency,
          shareable: true,
          askable: s.conversations !== undefined,
          contactUrl: s.links.contact(card.contact.id),
        }),
      };
    });
  };
