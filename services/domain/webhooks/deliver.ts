import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { eventTitle, webhookCard } from '../../presentation/views/webhook-card.js';
import type { LookupService } from '../lookup/service.js';
import type { Digests } from './digest.js';
import { type WebhookPayload, webhookPayload } from './payload.js';
import type { QueuedEvent } from './queue.js';
import type { OwnerDelivery } from './routes.js';

/**
 * Posts one queued workflow event as a card. The contact is read afresh from SMBcrm by id (reusing the lookup
 * card); if SMBcrm cannot be reached the card still goes out with what the workflow sent. Slack failures are
 * thrown for the queue to retry with backoff (the client used here does not retry by itself).
 */
export function createWebhookDelivery(options: {
  client: WebClient;
  lookup: LookupService;
  /** Routes with `to: owner`: the record's owner, and who that is in Slack (services/domain/identity). */
  owners?: {
    opportunityOwner: (opportunityId: string) => Promise<string | undefined>;
    slackUserOf: (smbcrmUserId: string) => Promise<string | undefined>;
    digests: Digests;
  };
  currency: string;
  askable: () => boolean;
  contactUrl: (contactId: string) => string | undefined;
  logger: Logger;
}) {
  return async function deliver(event: QueuedEvent): Promise<void> {
    const raw = JSON.parse(event.payload) as WebhookPayload & {
      _style?: 'card' | 'compact';
      _owner?: OwnerDelivery;
    };
    const payload = webhookPayload.parse(raw);
    const style = raw._style ?? 'card';
    const card =
      payload.contact_id && !payload.stages
        ? await options.lookup.cardById(payload.contact_id).catch((err: unknown) => {
            options.logger.warn(
              { component: 'webhooks', err, entry: event.id },
              'could not read the contact from SMBcrm; posting what the workflow sent',
            );
            return undefined;
          })
        : undefined;
    const message = webhookCard({
      event: event.event,
      payload,
      card,
      style,
      currency: options.currency,
      askable: options.askable(),
      contactUrl: payload.contact_id ? options.contactUrl(payload.contact_id) : undefined,
    });
    let target = event.channel;
    if (raw._owner && options.owners) {
      const o = options.owners;
      // The opportunity's owner when the event names one, else the contact's.
      const ownerId =
        (payload.opportunity_id
          ? await o.opportunityOwner(payload.opportunity_id).catch(() => undefined)
          : undefined) ??
        card?.contact.assignedTo ??
        undefined;
      const slackUser = ownerId ? await o.slackUserOf(ownerId) : undefined;
      if (slackUser) target = slackUser;
      else if (raw._owner.onlyLinked) {
        options.logger.info(
          { component: 'webhooks', entry: event.id, event: event.event },
          'not posted: its owner is not linked to a Slack user (owner_linked)',
        );
        return;
      }
      if (slackUser && raw._owner.digestMs) {
        await o.digests.add(slackUser, raw._owner.digestMs, {
          title: eventTitle(event.event),
          line: message.text,
        });
        options.logger.info(
          { component: 'webhooks', entry: event.id, event: event.event },
          "added to its owner's digest",
        );
        return;
      }
    }
    await options.client.chat.postMessage({ channel: target, ...message });
  };
}
