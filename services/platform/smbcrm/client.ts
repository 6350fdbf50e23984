import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { createSmbcrmHttp, type SmbcrmHttp } from './http.js';
import {
  contactResponse,
  contactSearchResponse,
  opportunityResponse,
  opportunitySearchResponse,
  pipelinesResponse,
  usersResponse,
} from './schemas.js';
import { smbcrmWrites } from './writes.js';

/** One condition of POST /contacts/search (reference §4.1). */
export type ContactFilter =
  | {
      field: string;
      operator: 'eq' | 'not_eq' | 'contains' | 'not_contains';
      value: string | number | boolean;
    }
  | { field: string; operator: 'exists' | 'not_exists' }
  | { group: 'AND' | 'OR'; filters: ContactFilter[] };

export interface ContactSearch {
  filters?: ContactFilter[];
  query?: string;
  pageLimit: number;
  page?: number;
  sort?: { field: string; direction: 'asc' | 'desc' }[];
}

export interface OpportunitySearch {
  contactId?: string;
  /** The owner (SMBcrm user id): the Home tab's "Your open deals". */
  assignedTo?: string;
  pipelineId?: string;
  status?: 'open' | 'won' | 'lost' | 'abandoned' | 'all';
  q?: string;
  limit?: number;
}

export interface SmbcrmClientOptions {
  baseUrl: string;
  token: string;
  locationId: string;
  logger: Logger;
  timeoutMs?: number;
  maxRetries?: number;
  dispatcher?: Dispatcher;
  /** Tests pass a recorder or a pre-built transport. */
  http?: SmbcrmHttp;
}

export type SmbcrmClient = ReturnType<typeof createSmbcrmClient>;

/** Typed SMBcrm endpoints for one sub-account. Every call carries that sub-account's id. */
export function createSmbcrmClient(options: SmbcrmClientOptions) {
  const http =
    options.http ??
    createSmbcrmHttp({
      baseUrl: options.baseUrl,
      token: options.token,
      logger: options.logger,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxRetries: options.maxRetries ?? 3,
      dispatcher: options.dispatcher,
    });
  const locationId = options.locationId;
  const enc = encodeURIComponent;

  return {
    locationId,
    /** POST /contacts/search: a read, so safe to retry. */
    searchContacts: (search: ContactSearch) =>
      http.call({
        operation: 'contacts.search',
        method: 'POST',
        path: '/contacts/search',
        body: { locationId, ...search },
        schema: contactSearchResponse,
        idempotent: true,
      }),
    getContact: async (contactId: string) =>
      (
        await http.call({
          operation: 'contacts.get',
          method: 'GET',
          path: `/contacts/${enc(contactId)}`,
          schema: contactResponse,
          idempotent: true,
        })
      ).contact,
    /** GET /opportunities/search takes snake_case query parameters (reference §5.1). */
    searchOpportunities: (s: OpportunitySearch) =>
      http.call({
        operation: 'opportunities.search',
        method: 'GET',
        path: '/opportunities/search',
        query: {
          location_id: locationId,
          contact_id: s.contactId,
          assigned_to: s.assignedTo,
          pipeline_id: s.pipelineId,
          status: s.status,
          q: s.q,
          limit: s.limit,
        },
        schema: opportunitySearchResponse,
        idempotent: true,
      }),
    getOpportunity: async (id: string) =>
      (
        await http.call({
          operation: 'opportunities.get',
          method: 'GET',
          path: `/opportunities/${enc(id)}`,
          schema: opportunityResponse,
          idempotent: true,
        })
      ).opportunity,
    /** PUT /opportunities/:id (scope opportunities.write). Only after an approval; see services/approvals. */
    updateOpportunity: async (
      id: string,
      body: { pipelineId?: string; pipelineStageId?: string; assignedTo?: string },
    ) =>
      (
        await http.call({
          operation: 'opportunities.update',
          method: 'PUT',
          path: `/opportunities/${enc(id)}`,
          body,
          schema: opportunityResponse,
          // The caller decides about re-sending (after re-reading), not the transport.
          idempotent: false,
        })
      ).opportunity,
    getPipelines: async () =>
      (
        await http.call({
          operation: 'opportunities.pipelines',
          method: 'GET',
          path: '/opportunities/pipelines',
          query: { locationId },
          schema: pipelinesResponse,
          idempotent: true,
        })
      ).pipelines,
    /** GET /users/ is deprecated but is the only user list a sub-account token can read (reference §6). */
    listUsers: async () =>
      (
        await http.call({
          operation: 'users.list',
          method: 'GET',
          path: '/users/',
          query: { locationId },
          schema: usersResponse,
          idempotent: true,
        })
      ).users,
    ...smbcrmWrites(http),
    close: () => http.close(),
  };
}
