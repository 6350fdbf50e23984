import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { contactCard } from '../../services/presentation/views/contact-card.js';
import { contactGone } from '../../services/presentation/views/messages.js';
import type { ListenerDeps } from '../deps.js';
import { clickedRecordId } from '../payloads.js';
import { replyWith } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Share in channel": posts the card, read afresh from SMBcrm, for everyone in the channel, then removes the
 * private copy. Posting first means a failure never loses the card the person already has.
 */
export const shareContact =
  (s: ListenerDeps) =>
  async ({ ack, body, context, respond }: Args) => {
    await ack();
    const id = clickedRecordId(body);
    let shared = false;
    await replyWith(s, respond, context, { component: 'lookup', action: 'share' }, async () => {
      const card = id ? await s.lookup.cardById(id) : undefined;
      if (!card) return { response_type: 'ephemeral', replace_original: false, ...contactGone() };
      shared = true;
      return {
        response_type: 'in_channel',
        replace_original: false,
        ...contactCard(card, {
          currency: s.settings.currency,
          shareable: false,
          sharedBy: body.user.id,
          contactUrl: s.links.contact(card.contact.id),
        }),
      };
    });
    if (shared && context.outcome === undefined) {
      await respond({ delete_original: true }).catch((err: unknown) =>
        s.logger.warn({ err }, 'could not remove the private copy of a shared card'),
      );
    }
  };
