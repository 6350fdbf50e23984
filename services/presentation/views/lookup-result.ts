import type { LookupResult } from '../../domain/lookup/service.js';
import { contactCard, type SlackMessage } from './contact-card.js';
import { contactList } from './contact-list.js';
import { noMatch, queryLabel } from './messages.js';

export function renderLookup(
  result: LookupResult,
  options: { currency: string; askable: boolean; contactUrl: (id: string) => string },
): SlackMessage {
  switch (result.kind) {
    case 'none':
      return noMatch(result.query);
    case 'many':
      return contactList(result.contacts, result.total, queryLabel(result.query));
    case 'one':
      return contactCard(result.card, {
        currency: options.currency,
        askable: options.askable,
        shareable: true,
        contactUrl: options.contactUrl(result.card.contact.id),
      });
  }
}
