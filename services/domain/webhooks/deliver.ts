import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { webhookCard } from '../../presentation/views/webhook-card.js';
import type { LookupService } from '../lookup/service.js';
import { type WebhookPayload, webhookPayload } from './payload.js';
import type { QueuedEvent } from './queue.js';

/**
 * Posts one queued workflow event as a card. The contact is read afresh from SMBcrm by id (reusing the lookup
 * card); if SMBcrm cannot be reached the card still goes out with what the workflow sent. Slack failures are
 * thrown for the queue to retry with backoff (the client used here does not retry by itself).
 */
export function createWebhookDelivery(options: {
  client: WebClient;
  lookup: LookupService;
  currency: string;
  askable: () => boolean;
  contactUrl: (contactId: string) => string | undefined;
  logger: Logger;
}) {
  return async function deliver(event: QueuedEvent): Promise<void> {
    const raw = JSON.parse(event.payload) as WebhookPayload & { _style?: 'card' | 'compact' };
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
    await options.client.chat.postMessage({ channel: event.channel, ...message });
  };
}
