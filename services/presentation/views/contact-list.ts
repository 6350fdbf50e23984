import type { KnownBlock } from '@slack/types';
import type { Contact } from '../../platform/smbcrm/schemas.js';
import { ACTIONS } from './actions.js';
import type { SlackMessage } from './contact-card.js';
import { displayName, esc, truncate } from './format.js';

/** Several matches: a short list, each with a "View" button that opens that contact's card. */
export function contactList(contacts: Contact[], total: number, label: string): SlackMessage {
  const more =
    total > contacts.length
      ? ` Showing the first ${contacts.length}; add more of the name to narrow it down.`
      : '';
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${total} contacts match* “${esc(truncate(label, 100))}”.${more}` },
    },
  ];
  for (const [i, c] of contacts.entries()) {
    const detail = [c.email, c.companyName || c.businessName, c.phone].filter(Boolean).join(' · ');
    blocks.push({
      type: 'section',
      block_id: `contact_${i}`,
      text: {
        type: 'mrkdwn',
        text: `*${esc(truncate(displayName(c), 150))}*\n${esc(truncate(detail || '—', 400))}`,
      },
      accessory: {
        type: 'button',
        action_id: ACTIONS.viewContact,
        text: { type: 'plain_text', text: 'View' },
        value: c.id,
      },
    });
  }
  return { text: `${total} SMBcrm contacts match`, blocks };
}
