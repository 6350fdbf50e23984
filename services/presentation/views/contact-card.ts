import type { KnownBlock } from '@slack/types';
import type { ContactCardData } from '../../domain/lookup/service.js';
import { ACTIONS } from './actions.js';
import { displayName, esc, mention, money, plain, slackDate, truncate } from './format.js';

export interface SlackMessage {
  /** Notification and screen-reader fallback; not rendered when blocks are present. */
  text: string;
  blocks: KnownBlock[];
}

/** Cards stay below Block Kit's 50 blocks (15 deals × 2 + 8) and ~12 k characters however many deals a contact has. */
export const MAX_OPPORTUNITIES_SHOWN = 15;

const button = (actionId: string, label: string, value: string) => ({
  type: 'button' as const,
  action_id: actionId,
  text: { type: 'plain_text' as const, text: label },
  value,
});

const field = (label: string, value: string) => ({ type: 'mrkdwn' as const, text: `*${label}*\n${value}` });

export function contactCard(
  data: ContactCardData,
  options: {
    currency: string;
    shareable: boolean;
    askable?: boolean;
    sharedBy?: string;
    /** The contact in the SMBcrm app, linked from the card instead of its raw id. */
    contactUrl?: string;
  },
): SlackMessage {
  const c = data.contact;
  const name = displayName(c);
  const opps = data.opportunities;
  const shown = opps.slice(0, MAX_OPPORTUNITIES_SHOWN);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: plain(name, 150), emoji: false } },
    {
      type: 'section',
      fields: [
        field('Email', c.email ? esc(truncate(c.email, 300)) : '—'),
        field('Phone', c.phone ? esc(truncate(c.phone, 100)) : '—'),
        field('Company', esc(truncate(c.companyName || c.businessName || '—', 300))),
        field('Owner', data.ownerName ? esc(truncate(data.ownerName, 200)) : 'Unassigned'),
        field('Added', slackDate(c.dateAdded)),
        field('Tags', c.tags?.length ? esc(truncate(c.tags.join(', '), 500)) : '—'),
      ],
    },
    { type: 'divider' },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: opps.length ? `*Open opportunities (${opps.length})*` : '_No open opportunities._',
      },
    },
  ];
  for (const o of shown) {
    blocks.push({
      type: 'section',
      block_id: `opp_${o.id}`.slice(0, 255),
      text: {
        type: 'mrkdwn',
        text: `*${esc(truncate(o.name, 200))}* · ${money(o.value, options.currency)}\n${esc(truncate(o.pipelineName, 100))} › ${esc(truncate(o.stageName, 100))}`,
      },
    });
    // The private card offers the approved writes; a card shared in the channel is for reading.
    if (options.shareable)
      blocks.push({
        type: 'actions',
        block_id: `opp_actions_${o.id}`.slice(0, 255),
        elements: [
          button(ACTIONS.openMoveModal, 'Move stage', o.id),
          button(ACTIONS.openStatusModal, 'Won / Lost', o.id),
        ],
      });
  }
  if (opps.length > shown.length) {
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `…and ${opps.length - shown.length} more open opportunities in SMBcrm.` },
      ],
    });
  }
  const footer = [
    options.contactUrl ? `<${options.contactUrl}|Open in SMBcrm>` : `SMBcrm contact \`${esc(c.id)}\``,
  ];
  if (options.sharedBy) footer.push(`shared by ${mention(options.sharedBy)}`);
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: footer.join(' · ') }] });
  if (options.shareable) {
    blocks.push({
      type: 'actions',
      block_id: 'contact_actions',
      elements: [
        button(ACTIONS.shareCard, 'Share in channel', c.id),
        button(ACTIONS.openNoteModal, 'Add note', c.id),
        button(ACTIONS.openTaskModal, 'Add task', c.id),
        ...(options.askable ? [button(ACTIONS.askAboutContact, 'Ask the agent', c.id)] : []),
      ],
    });
  }
  return { text: `SMBcrm contact: ${esc(truncate(name, 200))}`, blocks };
}
