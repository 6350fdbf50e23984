import type { ActionOutcome } from '../../domain/approvals/outcome.js';
import type { LeadParams } from '../../domain/writes/lead.js';
import { ACTIONS } from './actions.js';
import { cardButton } from './card-buttons.js';
import { esc, truncate } from './format.js';
import type { WriteSummary } from './write-summary.js';

const b = (s: string) => `*${esc(truncate(s, 200))}*`;
const v = (s: string | null | undefined, max = 300) => (s ? esc(truncate(s, max)) : '—');

/** A lead's card, in words: the expected outcome before, what SMBcrm did after (and when that differs). */
export function leadSummary(p: LeadParams): WriteSummary {
  const name = [p.firstName, p.lastName].filter(Boolean).join(' ') || p.email || p.phone || 'a contact';
  const target = p.preview.kind === 'update' ? p.preview.contactName : name;
  const changes =
    p.preview.kind === 'new'
      ? '*New contact* (no contact in SMBcrm has this email or phone)'
      : `*Updates ${esc(truncate(p.preview.contactName, 200))}* (matched by ${p.preview.matchedBy})${
          p.preview.changes.length
            ? `\n${p.preview.changes
                .slice(0, 10)
                .map((c) => `• ${c.field}: ${v(c.from, 100)}  →  ${v(c.to, 200)}`)
                .join('\n')}`
            : '\nNothing changes but the source.'
        }`;
  return {
    what:
      p.preview.kind === 'new'
        ? `add ${b(name)} to SMBcrm as a new contact`
        : `update ${b(target)} in SMBcrm`,
    done: p.preview.kind === 'new' ? `Added ${b(name)}` : `Updated ${b(target)}`,
    fields: [
      `*Name*\n${v(name)}`,
      `*Email*\n${v(p.email)}`,
      `*Phone*\n${v(p.phone, 40)}`,
      `*Company*\n${v(p.companyName)}`,
      `*Owner*\n${v(p.ownerName, 100)}`,
      `*Tags*\n${p.tags.length ? v(p.tags.join(', '), 300) : '—'}`,
    ],
    change: `${changes}${p.note ? `\n*First note*\n${esc(truncate(p.note, 1_000), { keepNewlines: true })}` : ''}`,
    changedTo: (now) => esc(now),
    afterDone: (outcome: ActionOutcome | undefined) => {
      if (outcome?.kind !== 'done' || !outcome.contactId) return [];
      const expected = p.preview.kind === 'new';
      const differs = outcome.created !== undefined && outcome.created !== expected;
      const said = !differs
        ? outcome.created
          ? 'SMBcrm created a new contact, as previewed.'
          : 'SMBcrm updated the contact it matched, as previewed.'
        : outcome.created
          ? `:warning: SMBcrm created a *new* contact rather than updating ${v(target, 200)}: its duplicate rule did not match them (the sub-account may allow duplicate contacts). There may now be two.`
          : ':warning: SMBcrm *updated an existing contact* rather than creating one: its duplicate rule matched this email or phone.';
      return [
        { type: 'context', elements: [{ type: 'mrkdwn', text: said }] },
        {
          type: 'actions',
          block_id: 'lead_next',
          elements: [
            cardButton(ACTIONS.openNoteModal, 'Add note', outcome.contactId),
            cardButton(ACTIONS.openTaskModal, 'Add task', outcome.contactId),
            cardButton(ACTIONS.askAboutContact, 'Ask the agent', outcome.contactId),
          ],
        },
      ];
    },
  };
}
