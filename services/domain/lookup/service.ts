import type { Logger } from 'pino';
import type { SmbcrmClient } from '../../platform/smbcrm/client.js';
import { SmbcrmError } from '../../platform/smbcrm/errors.js';
import type { Contact, Pipeline, User } from '../../platform/smbcrm/schemas.js';
import type { JsonCache } from '../../platform/store/cache.js';
import { contactSearchFor, foldedMatch, foldedSearchFor, type LookupQuery } from './query.js';

export interface OpportunityLine {
  id: string;
  name: string;
  value: number | null;
  pipelineId: string;
  pipelineName: string;
  stageId: string;
  stageName: string;
}

export interface ContactCardData {
  contact: Contact;
  /** The owner's name, "unknown user" when the id is not a user of the sub-account, undefined when unassigned. */
  ownerName: string | undefined;
  opportunities: OpportunityLine[];
}

export type LookupResult =
  | { kind: 'none'; query: LookupQuery }
  | { kind: 'many'; query: LookupQuery; contacts: Contact[]; total: number }
  | { kind: 'one'; query: LookupQuery; card: ContactCardData };

export interface LookupServiceOptions {
  smbcrm: SmbcrmClient;
  cache: JsonCache;
  cacheTtlSeconds: number;
  logger: Logger;
}

export type LookupService = ReturnType<typeof createLookupService>;

export const userName = (u: User) =>
  u.name?.trim() || [u.firstName, u.lastName].filter(Boolean).join(' ') || 'unnamed user';

/**
 * Contact lookups. Warm, a lookup costs two SMBcrm calls (three when a name typed without its accents needs the folded second search): the search (whose hits already list each
 * contact's opportunity ids and statuses) and, only when the contact has open ones, the opportunity search for
 * their names. Pipelines (stage names) and users (owner names) come from Redis.
 */
export function createLookupService(options: LookupServiceOptions) {
  const { smbcrm, cache, cacheTtlSeconds } = options;
  const loc = smbcrm.locationId;
  const pipelinesKey = `${loc}:pipelines`;
  const usersKey = `${loc}:users`;

  const pipelines = () => cache.getOrLoad<Pipeline[]>(pipelinesKey, cacheTtlSeconds, smbcrm.getPipelines);
  const users = () => cache.getOrLoad<User[]>(usersKey, cacheTtlSeconds, smbcrm.listUsers);

  /** Defence in depth: never show a record of another sub-account, whatever the API returned. */
  const ours = (c: Contact) => c.locationId === loc;

  async function card(contact: Contact): Promise<ContactCardData> {
    const refs = contact.opportunities;
    const hasOpen = refs === undefined || refs === null || refs.some((o) => (o.status ?? 'open') === 'open');
    const [opps, pipes, people] = await Promise.all([
      hasOpen ? smbcrm.searchOpportunities({ contactId: contact.id, status: 'open', limit: 100 }) : undefined,
      hasOpen ? pipelines() : Promise.resolve([] as Pipeline[]),
      contact.assignedTo ? users() : Promise.resolve([] as User[]),
    ]);
    const open = (opps?.opportunities ?? []).filter((o) => o.contactId === contact.id && o.status === 'open');
    let known = pipes;
    // A stage added since the cache was filled: refresh once rather than show a raw id.
    const missing = open.some((o) => !stageOf(known, o.pipelineId, o.pipelineStageId));
    if (missing) {
      await cache
        .delete(pipelinesKey)
        .catch((err: Error) => options.logger.warn({ err }, 'could not drop the cached pipelines'));
      known = await pipelines();
    }
    const owner = contact.assignedTo ? people.find((u) => u.id === contact.assignedTo) : undefined;
    return {
      contact,
      ownerName: contact.assignedTo ? (owner ? userName(owner) : 'unknown user') : undefined,
      opportunities: open.map((o) => {
        const found = stageOf(known, o.pipelineId, o.pipelineStageId);
        return {
          id: o.id,
          name: o.name,
          value: o.monetaryValue ?? null,
          pipelineId: o.pipelineId,
          pipelineName: found?.pipeline.name ?? 'unknown pipeline',
          stageId: o.pipelineStageId,
          stageName: found?.stage.name ?? 'unknown stage',
        };
      }),
    };
  }

  /** The contacts a query matches (at most a page), without their cards: what a write names as its contact. */
  async function findContacts(query: LookupQuery): Promise<{ contacts: Contact[]; total: number }> {
    const found = await smbcrm.searchContacts(contactSearchFor(query));
    const contacts = found.contacts.filter(ours);
    // Typed without its accents or apostrophe ("chloe", "obrien"): one more search, matched by the bot itself.
    const folded = contacts.length === 0 && query.kind === 'name' ? foldedSearchFor(query) : undefined;
    if (folded && query.kind === 'name') {
      const wide = await smbcrm.searchContacts(folded);
      const matched = wide.contacts.filter((c) => ours(c) && foldedMatch(query, c)).slice(0, 10);
      return { contacts: matched, total: matched.length };
    }
    return { contacts, total: Math.max(found.total, contacts.length) };
  }

  return {
    /** The sub-account's pipelines, from the cache. */
    pipelines,
    /** The sub-account's users, from the cache (owner names, and who is who: services/domain/identity). */
    users,

    findContacts,

    async find(query: LookupQuery): Promise<LookupResult> {
      const { contacts, total } = await findContacts(query);
      const first = contacts[0];
      if (!first) return { kind: 'none', query };
      if (contacts.length === 1) return { kind: 'one', query, card: await card(first) };
      return { kind: 'many', query, contacts, total };
    },

    /** One contact of this sub-account by id, or undefined (another sub-account's id is "not found" too). */
    async contactById(contactId: string): Promise<Contact | undefined> {
      try {
        const contact = await smbcrm.getContact(contactId);
        return ours(contact) ? contact : undefined;
      } catch (err) {
        if (err instanceof SmbcrmError && (err.kind === 'not_found' || err.kind === 'forbidden'))
          return undefined;
        throw err;
      }
    },

    /** The card of one contact by id (the "View" and "Share" buttons). Undefined when it is not ours. */
    async cardById(contactId: string): Promise<ContactCardData | undefined> {
      try {
        const contact = await smbcrm.getContact(contactId);
        return ours(contact) ? await card(contact) : undefined;
      } catch (err) {
        // Another sub-account's id answers 401/403 (reference §1): to a person that is "not found".
        if (err instanceof SmbcrmError && (err.kind === 'not_found' || err.kind === 'forbidden'))
          return undefined;
        throw err;
      }
    },
  };
}

function stageOf(pipelines: Pipeline[], pipelineId: string, stageId: string) {
  const pipeline = pipelines.find((p) => p.id === pipelineId);
  const stage = pipeline?.stages.find((s) => s.id === stageId);
  return pipeline && stage ? { pipeline, stage } : undefined;
}
