import type { Contact, Opportunity } from '../../platform/smbcrm/schemas.js';
import { displayName } from '../../presentation/views/format.js';
import type { createMoveAction } from '../approvals/move.js';
import { parseLookupQuery } from '../lookup/query.js';
import type { LookupService } from '../lookup/service.js';

/**
 * What a write is about, named as a person names it: a contact as `/smbcrm lookup` takes it (email, phone, name,
 * company), an opportunity as `/smbcrm move` takes it (name or id). One match goes ahead; several are offered to
 * pick from; none is said.
 */
export interface ContactTarget {
  contactId: string;
  contactName: string;
}

export interface OpportunityTarget {
  opportunityId: string;
  opportunityName: string;
  contactName: string | null;
  value: number | null;
}

export type Found<T> = { kind: 'one'; item: T } | { kind: 'many'; items: T[] } | { kind: 'none' };

export const contactTarget = (c: Contact): ContactTarget => ({
  contactId: c.id,
  contactName: displayName(c),
});

export const opportunityTarget = (o: Opportunity): OpportunityTarget => ({
  opportunityId: o.id,
  opportunityName: o.name,
  contactName: o.contact?.name ?? null,
  value: o.monetaryValue ?? null,
});

export function createTargets(options: {
  lookup: LookupService;
  move: ReturnType<typeof createMoveAction>;
  defaultPhoneRegion: string;
}) {
  const found = <T>(items: T[]): Found<T> =>
    items.length === 0
      ? { kind: 'none' }
      : items.length === 1
        ? { kind: 'one', item: items[0] as T }
        : { kind: 'many', items };
  return {
    /** Throws UserInputError (what to type instead) when the text is not a lookup the bot can run. */
    async contact(text: string): Promise<Found<Contact>> {
      const { contacts } = await options.lookup.findContacts(
        parseLookupQuery(text, options.defaultPhoneRegion),
      );
      return found(contacts);
    },
    contactById: (id: string) => options.lookup.contactById(id),
    /** Open ones by name (won/lost/abandon/assign); `any` status too for reopen. */
    async opportunity(text: string, status: 'open' | 'any' = 'open'): Promise<Found<Opportunity>> {
      return found(await options.move.findOpportunities(text, status));
    },
    opportunityById: async (id: string) => (await options.move.findOpportunities(id, 'any'))[0],
  };
}

export type Targets = ReturnType<typeof createTargets>;
