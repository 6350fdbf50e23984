import type { KnownBlock } from '@slack/types';
import type { ContactCardData } from '../../domain/lookup/service.js';
import type { WebhookPayload } from '../../domain/webhooks/payload.js';
import { ACTIONS } from './actions.js';
import { contactCard, type SlackMessage } from './contact-card.js';
import { clean, esc, money, truncate } from './format.js';

/**
 * Names for the events a workflow usually sends; any other event name (the X-SMBcrm-Event header, which whoever
 * holds the webhook secret chooses) is shown in words, escaped by the caller like every other value.
 */
const TITLES: Record<string, string> = {
  new_lead: 'New lead',
  appointment_booked: 'Appointment booked',
  stage_changed: 'Stage changed',
  daily_summary: 'Daily summary',
};
export const eventTitle = (event: string) =>
  // Own keys only: an event named `constructor` or `__proto__` is a name like any other, not Object's.
  (Object.hasOwn(TITLES, event) ? TITLES[event] : undefined) ??
  truncate(
    event.replace(/[_-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase()),
    100,
  );

export interface WebhookCardOptions {
  event: string;
  payload: WebhookPayload;
  /** The contact as SMBcrm has it now (undefined: only what the workflow sent is shown). */
  card: ContactCardData | undefined;
  style: 'card' | 'compact';
  currency: string;
  askable: boolean;
  /** Link for "Open in SMBcrm". */
  contactUrl: string | undefined;
}

/** A workflow event as a card people can act on: what happened, the contact, and the buttons that exist. */
export function webhookCard(o: WebhookCardOptions): SlackMessage {
  const p = o.payload;
  if (p.stages) return summaryCard(o);
  const name = o.card ? undefined : p.contact_name;
  const title = esc(eventTitle(o.event));
  const deal =
    p.opportunity_name || p.opportunity_id
      ? `\n*${esc(truncate(p.opportunity_name ?? 'Opportunity', 200))}*${p.stage ? ` → *${esc(truncate(p.stage, 100))}*` : ''}${p.value !== undefined ? ` · ${money(p.value, o.currency)}` : ''}`
      : '';
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `:bell: *${title}* — from an SMBcrm workflow${deal}` },
    },
  ];
  if (o.card && o.style === 'card')
    blocks.push(
      ...contactCard(o.card, { currency: o.currency, shareable: false, contactUrl: o.contactUrl }).blocks,
    );
  else {
    const who = [name ?? (o.card ? o.card.contact.name : undefined), p.email, p.phone]
      .filter(Boolean)
      .map((x) => esc(truncate(String(x), 300)))
      .join(' · ');
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: truncate(who || `SMBcrm contact \`${esc(p.contact_id ?? '')}\``, 2000) },
      ],
    });
  }
  const buttons = [
    ...(o.askable && p.contact_id
      ? [
          {
            type: 'button' as const,
            action_id: ACTIONS.askAboutContact,
            text: { type: 'plain_text' as const, text: 'Ask the agent' },
            value: p.contact_id,
          },
        ]
      : []),
    ...(p.opportunity_id
      ? [
          {
            type: 'button' as const,
            action_id: ACTIONS.openMoveModal,
            text: { type: 'plain_text' as const, text: 'Move stage' },
            value: p.opportunity_id,
          },
        ]
      : []),
    ...(o.contactUrl
      ? [
          {
            type: 'button' as const,
            action_id: 'open_in_smbcrm',
            text: { type: 'plain_text' as const, text: 'Open in SMBcrm' },
            url: o.contactUrl,
          },
        ]
      : []),
  ];
  if (buttons.length) blocks.push({ type: 'actions', block_id: 'webhook_actions', elements: buttons });
  const who = o.card?.contact.name ?? p.contact_name ?? p.contact_id ?? '';
  return { text: truncate(`${title}: ${esc(truncate(who, 200))}`, 300), blocks };
}

/** A daily summary: a compact table of stages, deal counts and values. */
function summaryCard(o: WebhookCardOptions): SlackMessage {
  const rows = (o.payload.stages ?? []).map((r) => ({ ...r, name: clean(r.name) }));
  const width = Math.min(30, Math.max(5, ...rows.map((r) => r.name.length)));
  const line = (a: string, b: string, c: string) => `${a.padEnd(width)}  ${b.padStart(5)}  ${c.padStart(14)}`;
  const table = [
    line('Stage', 'Deals', 'Value'),
    ...rows.map((r) =>
      line(
        truncate(r.name, width),
        String(r.count),
        r.value === undefined ? '—' : money(r.value, o.currency),
      ),
    ),
  ];
  const total = rows.reduce((s, r) => s + r.count, 0);
  const title = esc(eventTitle(o.event));
  const date = o.payload.date ? esc(truncate(o.payload.date, 40)) : undefined;
  return {
    text: truncate(`${title}${date ? ` for ${date}` : ''}: ${total} deals`, 300),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:bar_chart: *${title}*${date ? ` — ${date}` : ''}`,
        },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `\`\`\`\n${truncate(esc(table.join('\n'), { keepNewlines: true }), 2990)}\n\`\`\``,
        },
      },
    ],
  };
}

/** A digest of workflow events for one person: one line each, newest last, at most 30 shown. */
export function digestMessage(entries: { title: string; line: string }[]): SlackMessage {
  const shown = entries.slice(-30);
  const lines = shown.map((e) => `• *${esc(truncate(e.title, 60))}*: ${e.line}`);
  const more = entries.length > shown.length ? [`…and ${entries.length - shown.length} earlier ones.`] : [];
  const text = `:bell: ${entries.length} SMBcrm update${entries.length === 1 ? '' : 's'} for you`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncate([`*${text}*`, ...lines, ...more].join('\n'), 2_900) },
      },
    ],
  };
}
