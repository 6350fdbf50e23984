import type { KnownBlock } from '@slack/types';
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
  const conflict =
    p.preview.kind === 'update' && p.preview.otherMatch
      ? `\n:warning: The phone belongs to ${esc(truncate(p.preview.otherMatch, 200))}: SMBcrm's duplicate setting decides which of the two is updated.`
      : '';
  const changes =
    p.preview.kind === 'unknown'
      ? '*Not checked*: SMBcrm could not be asked for the same email or phone when this was requested; it is checked when approved, and SMBcrm’s own duplicate rule decides.'
      : p.preview.kind === 'new'
        ? '*New contact* (no contact in SMBcrm has this email or phone)'
        : `*Updates ${esc(truncate(p.preview.contactName, 200))}* (matched by ${p.preview.matchedBy})${
            p.preview.changes.length
              ? `\n${p.preview.changes
                  .slice(0, 10)
                  .map((c) => `• ${c.field}: ${v(c.from, 100)}  →  ${v(c.to, 200)}`)
                  .join('\n')}`
              : '\nNothing changes but the tags and note, if any.'
          }${conflict}`;
  return {
    what:
      p.preview.kind === 'new'
        ? `add ${b(name)} to SMBcrm as a new contact`
        : `update ${b(target)} in SMBcrm`,
    // What SMBcrm did is said below (afterDone), from its answer: the headline does not presume it.
    done: `Saved ${b(name)}`,
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
      if (p.preview.kind === 'unknown')
        return leadNext(
          outcome.contactId,
          outcome.created
            ? 'SMBcrm created a new contact.'
            : `SMBcrm updated the contact it matched (${outcome.contactName ? v(outcome.contactName, 200) : 'by email or phone'}).`,
        );
      const expected = p.preview.kind === 'new';
      const previewed = p.preview.kind === 'update' ? p.preview.contactId : undefined;
      const who = outcome.contactName ? v(outcome.contactName, 200) : 'another contact';
      const said =
        outcome.created === expected && (expected || outcome.contactId === previewed)
          ? outcome.created
            ? 'SMBcrm created a new contact, as previewed.'
            : 'SMBcrm updated the contact it matched, as previewed.'
          : outcome.created
            ? `:warning: SMBcrm created a *new* contact rather than updating ${v(target, 200)}. There may now be two.`
            : expected
              ? `:warning: SMBcrm *updated an existing contact* (${who}) rather than creating one: its duplicate rule matched this email or phone.`
              : `:warning: SMBcrm updated a different contact than the ${v(target, 200)} previewed (its duplicate setting matched the other field first); that contact is now named ${who}.`;
      return leadNext(outcome.contactId, said);
    },
  };
}

/** What SMBcrm did, and what to do next with the contact. */
function leadNext(contactId: string, said: string): KnownBlock[] {
  return [
    { type: 'context', elements: [{ type: 'mrkdwn', text: said }] },
    {
      type: 'actions',
      block_id: 'lead_next',
      elements: [
        cardButton(ACTIONS.openNoteModal, 'Add note', contactId),
        cardButton(ACTIONS.openTaskModal, 'Add task', contactId),
        cardButton(ACTIONS.askAboutContact, 'Ask the agent', contactId),
      ],
    },
  ];
}
