import type { KnownBlock } from '@slack/types';
import type { ContactCardData } from '../../domain/lookup/service.js';
import { ACTIONS } from './actions.js';
import type { SlackMessage } from './contact-card.js';
import { displayName, esc, money, truncate } from './format.js';

/**
 * The compact cards under a shared SMBcrm link. Seen by everyone in the conversation: never an email or a phone.
 * `limited` (a channel shared with another organisation, or the composer): the name and the link, nothing more.
 */
const open = (url: string) => ({
  type: 'button' as const,
  action_id: 'open_in_smbcrm',
  text: { type: 'plain_text' as const, text: 'Open in SMBcrm' },
  url,
});

function limitedCard(name: string, url: string): SlackMessage {
  return {
    text: truncate(esc(name), 150),
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*${esc(truncate(name, 150))}* · SMBcrm` },
        accessory: open(url),
      },
    ],
  };
}

export function contactUnfurl(
  card: ContactCardData,
  o: { url: string; limited: boolean; currency: string },
): SlackMessage {
  const name = displayName({ ...card.contact, email: undefined, phone: undefined });
  if (o.limited) return limitedCard(name, o.url);
  const c = card.contact;
  const company = c.companyName || c.businessName;
  const deals = card.opportunities
    .slice(0, 5)
    .map(
      (d) =>
        `• ${esc(truncate(d.name, 100))} · ${money(d.value, o.currency)} · ${esc(truncate(d.stageName, 60))}`,
    );
  const more = card.opportunities.length > 5 ? [`…and ${card.opportunities.length - 5} more`] : [];
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: [
          `*${esc(truncate(name, 150))}*${company ? ` · ${esc(truncate(company, 100))}` : ''}`,
          `Owner: ${card.ownerName ? esc(truncate(card.ownerName, 100)) : 'unassigned'}`,
          ...(deals.length
            ? [`*Open deals (${card.opportunities.length})*`, ...deals, ...more]
            : ['No open deals.']),
        ].join('\n'),
      },
    },
    {
      type: 'actions',
      block_id: 'unfurl_actions',
      elements: [
        open(o.url),
        {
          type: 'button',
          action_id: ACTIONS.askAboutContact,
          text: { type: 'plain_text', text: 'Ask the agent' },
          value: c.id,
        },
      ],
    },
  ];
  return { text: `SMBcrm contact: ${esc(truncate(name, 150))}`, blocks };
}

export interface OpportunityFacts {
  name: string;
  contactId: string | null;
  contactName: string | null;
  value: number | null;
  status: string;
  pipelineName: string | null;
  stageName: string | null;
  ownerName: string | null;
}

export function opportunityUnfurl(
  d: OpportunityFacts,
  o: { url: string; limited: boolean; currency: string },
): SlackMessage {
  if (o.limited) return limitedCard(d.name, o.url);
  const where = [d.pipelineName, d.stageName]
    .filter(Boolean)
    .map((x) => esc(truncate(x as string, 80)))
    .join(' › ');
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: [
          `*${esc(truncate(d.name, 150))}* · ${money(d.value, o.currency)}${d.status !== 'open' ? ` · ${esc(d.status)}` : ''}`,
          ...(where ? [where] : []),
          `Contact: ${d.contactName ? esc(truncate(d.contactName, 100)) : '—'} · Owner: ${d.ownerName ? esc(truncate(d.ownerName, 100)) : 'unassigned'}`,
        ].join('\n'),
      },
    },
    {
      type: 'actions',
      block_id: 'unfurl_actions',
      elements: [
        open(o.url),
        ...(d.contactId
          ? [
              {
                type: 'button' as const,
                action_id: ACTIONS.askAboutContact,
                text: { type: 'plain_text' as const, text: 'Ask the agent' },
                value: d.contactId,
              },
            ]
          : []),
      ],
    },
  ];
  return { text: `SMBcrm opportunity: ${esc(truncate(d.name, 150))}`, blocks };
}
