import { randomUUID } from 'node:crypto';
import { type AgentState, agentRoutes } from './agent-routes.js';
import { notFound, ok, otherLocation, unprocessable } from './answers.js';
import { runContactSearch, searchDocument, validateSearchBody } from './contact-search.js';
import type { SimContact, SimOpportunity, SimSeed, SimToken, SimUser } from './types.js';
import { writeRoutes } from './write-routes.js';

export { unprocessable };

/**
 * The SMBcrm routes the bot uses, with the envelopes of reference §11.8. Each route names its scope (§9) and the
 * query parameters it accepts: NestJS's whitelist answers anything else with 422 "property X should not exist".
 */
export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  token: SimToken;
  db: SimSeed;
  notFoundStatus: 400 | 404;
  baseUrl: string;
  agents: AgentState;
}

export interface RouteResult {
  status: number;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  pattern: string;
  scope: string;
  /** The documented `Version` value (checked in strict mode); CRM routes use 2021-07-28. */
  version?: string;
  /** Query parameters the route accepts; anything else is a 422. */
  query: string[];
  /** Query parameters that must be present (422 when missing, as NestJS validation does). */
  requiredQuery?: string[];
  handle(ctx: RouteContext): RouteResult;
}

export function fullContact(c: SimContact) {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
  const out: Record<string, unknown> = {
    id: c.id,
    locationId: c.locationId,
    ...(name ? { name, fullNameLowerCase: name.toLowerCase() } : {}),
    firstName: c.firstName,
    lastName: c.lastName,
    firstNameLowerCase: c.firstName?.toLowerCase(),
    lastNameLowerCase: c.lastName?.toLowerCase(),
    email: c.email,
    emailLowerCase: c.email?.toLowerCase(),
    phone: c.phone,
    companyName: c.companyName,
    timezone: c.timezone,
    dnd: false,
    type: c.type,
    source: c.source,
    assignedTo: c.assignedTo,
    city: c.city,
    state: c.state,
    country: c.country,
    tags: c.tags,
    dateAdded: c.dateAdded,
    dateUpdated: c.dateUpdated,
    customFields: [],
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

export function fullOpportunity(o: SimOpportunity, db: SimSeed) {
  const c = db.contacts.find((x) => x.id === o.contactId);
  return {
    id: o.id,
    name: o.name,
    monetaryValue: o.monetaryValue,
    pipelineId: o.pipelineId,
    pipelineStageId: o.pipelineStageId,
    ...(o.assignedTo ? { assignedTo: o.assignedTo } : {}),
    status: o.status,
    source: o.source ?? '',
    lastStatusChangeAt: o.lastStatusChangeAt,
    lastStageChangeAt: o.lastStageChangeAt,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    contactId: o.contactId,
    locationId: o.locationId,
    ...(c
      ? {
          contact: {
            id: c.id,
            name: [c.firstName, c.lastName].filter(Boolean).join(' '),
            companyName: c.companyName ?? '',
            email: c.email ?? '',
            phone: c.phone ?? '',
            tags: c.tags,
          },
        }
      : {}),
    customFields: [],
    followers: [],
  };
}

export function fullUser(u: SimUser) {
  return {
    id: u.id,
    name: `${u.firstName} ${u.lastName}`,
    firstName: u.firstName,
    lastName: u.lastName,
    email: u.email,
    phone: u.phone ?? '',
    extension: '',
    roles: { type: 'account', role: u.role, locationIds: u.locationIds, restrictSubAccount: false },
    deleted: false,
  };
}

const OPP_SEARCH_QUERY = [
  'q',
  'location_id',
  'pipeline_id',
  'pipeline_stage_id',
  'contact_id',
  'status',
  'assigned_to',
  'campaignId',
  'id',
  'order',
  'endDate',
  'startAfter',
  'startAfterId',
  'date',
  'country',
  'page',
  'limit',
  'getTasks',
  'getNotes',
  'getCalendarEvents',
];
const OPP_STATUSES = ['open', 'won', 'lost', 'abandoned'];

function searchOpportunities(ctx: RouteContext): RouteResult {
  const q = ctx.query;
  const errors: string[] = [];
  const limit = q.has('limit') ? Number(q.get('limit')) : 20;
  const page = q.has('page') ? Number(q.get('page')) : 1;
  if (!Number.isInteger(limit) || limit < 1) errors.push('limit must be a positive number');
  else if (limit > 100) errors.push('limit must not be greater than 100');
  if (!Number.isInteger(page) || page < 1) errors.push('page must be a positive number');
  const status = q.get('status');
  if (status !== null && ![...OPP_STATUSES, 'all'].includes(status)) {
    errors.push('status must be one of the following values: open, won, lost, abandoned, all');
  }
  if (errors.length) return unprocessable(errors);
  const text = q.get('q')?.toLowerCase();
  const hits = ctx.db.opportunities
    .filter((o) => o.locationId === ctx.token.locationId)
    .filter((o) => !q.get('contact_id') || o.contactId === q.get('contact_id'))
    .filter((o) => !q.get('pipeline_id') || o.pipelineId === q.get('pipeline_id'))
    .filter((o) => !q.get('pipeline_stage_id') || o.pipelineStageId === q.get('pipeline_stage_id'))
    .filter((o) => !q.get('assigned_to') || o.assignedTo === q.get('assigned_to'))
    .filter((o) => !q.get('id') || o.id === q.get('id'))
    .filter((o) => !status || status === 'all' || o.status === status)
    .filter((o) => {
      if (!text) return true;
      const c = ctx.db.contacts.find((x) => x.id === o.contactId);
      const hay = [o.name, c?.firstName, c?.lastName, c?.email, c?.companyName].map(
        (s) => s?.toLowerCase() ?? '',
      );
      return hay.some((h) => h.includes(text)) || `${hay[1]} ${hay[2]}`.includes(text);
    })
    .sort((a, b) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? 1 : -1,
    );
  let start = (page - 1) * limit;
  const afterId = q.get('startAfterId');
  if (afterId) {
    const idx = hits.findIndex((o) => o.id === afterId);
    start = idx === -1 ? hits.length : idx + 1;
  }
  const pageItems = hits.slice(start, start + limit);
  const last = pageItems.at(-1);
  const hasNext = start + limit < hits.length;
  const currentPage = Math.floor(start / limit) + 1;
  const next = new URL('/opportunities/search', ctx.baseUrl);
  if (last && hasNext) {
    next.search = new URLSearchParams({
      location_id: ctx.token.locationId,
      startAfter: String(Date.parse(last.createdAt)),
      startAfterId: last.id,
      limit: String(limit),
      page: String(currentPage + 1),
    }).toString();
  }
  return ok({
    opportunities: pageItems.map((o) => fullOpportunity(o, ctx.db)),
    meta: {
      total: hits.length,
      nextPageUrl: hasNext ? next.toString() : null,
      startAfterId: last?.id ?? null,
      startAfter: last ? Date.parse(last.createdAt) : null,
      currentPage,
      nextPage: hasNext ? currentPage + 1 : null,
      prevPage: currentPage > 1 ? currentPage - 1 : null,
    },
    aggregations: {},
  });
}

function updateOpportunity(ctx: RouteContext): RouteResult {
  const o = ctx.db.opportunities.find((x) => x.id === ctx.params.id);
  if (!o) return notFound(ctx, 'Opportunity');
  if (o.locationId !== ctx.token.locationId) return otherLocation();
  const allowed = [
    'pipelineId',
    'pipelineStageId',
    'name',
    'status',
    'monetaryValue',
    'assignedTo',
    'customFields',
  ];
  const errors = Object.keys(ctx.body)
    .filter((k) => !allowed.includes(k))
    .map((k) => `property ${k} should not exist`);
  const b = ctx.body as Partial<SimOpportunity>;
  if (b.status !== undefined && !OPP_STATUSES.includes(b.status)) {
    errors.push('status must be one of the following values: open, won, lost, abandoned');
  }
  const pipelineId = b.pipelineId ?? o.pipelineId;
  const pipeline = ctx.db.pipelines.find((p) => p.id === pipelineId && p.locationId === o.locationId);
  if (!pipeline) errors.push('pipelineId is invalid');
  const stageId = b.pipelineStageId ?? o.pipelineStageId;
  if (pipeline && !pipeline.stages.some((s) => s.id === stageId)) {
    errors.push('pipelineStageId does not belong to the pipeline'); // ASSUMED (reference §5.4)
  }
  if (errors.length) return unprocessable(errors);
  const now = new Date().toISOString();
  if (stageId !== o.pipelineStageId || pipelineId !== o.pipelineId) o.lastStageChangeAt = now;
  if (b.status !== undefined && b.status !== o.status) o.lastStatusChangeAt = now;
  Object.assign(o, { ...b, pipelineId, pipelineStageId: stageId, updatedAt: now });
  return ok({ opportunity: fullOpportunity(o, ctx.db) });
}

const crmRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/contacts/search',
    scope: 'contacts.readonly',
    query: [],
    handle(ctx) {
      const errors = validateSearchBody(ctx.body);
      if (errors.length) return unprocessable(errors);
      const docs = ctx.db.contacts
        .filter((c) => c.locationId === ctx.token.locationId)
        .map((c) => searchDocument(c, ctx.db.opportunities));
      return ok(runContactSearch(docs, ctx.body));
    },
  },
  {
    method: 'GET',
    pattern: '/contacts/:contactId',
    scope: 'contacts.readonly',
    query: [],
    handle(ctx) {
      const c = ctx.db.contacts.find((x) => x.id === ctx.params.contactId);
      if (!c) return notFound(ctx, 'Contact');
      if (c.locationId !== ctx.token.locationId) return otherLocation();
      return ok({ contact: fullContact(c) });
    },
  },
  {
    method: 'GET',
    pattern: '/opportunities/search',
    scope: 'opportunities.readonly',
    query: OPP_SEARCH_QUERY,
    requiredQuery: ['location_id'],
    handle: searchOpportunities,
  },
  {
    method: 'GET',
    pattern: '/opportunities/pipelines',
    scope: 'opportunities.readonly',
    query: ['locationId'],
    requiredQuery: ['locationId'],
    handle: (ctx) =>
      ok({
        pipelines: ctx.db.pipelines
          .filter((p) => p.locationId === ctx.token.locationId)
          .map((p) => ({
            id: p.id,
            name: p.name,
            stages: p.stages.map((s) => ({ ...s, showInFunnel: true, showInPieChart: true })),
            showInFunnel: true,
            showInPieChart: true,
            locationId: p.locationId,
          })),
      }),
  },
  {
    method: 'GET',
    pattern: '/opportunities/:id',
    scope: 'opportunities.readonly',
    query: [],
    handle(ctx) {
      const o = ctx.db.opportunities.find((x) => x.id === ctx.params.id);
      if (!o) return notFound(ctx, 'Opportunity');
      if (o.locationId !== ctx.token.locationId) return otherLocation();
      return ok({ opportunity: fullOpportunity(o, ctx.db) });
    },
  },
  {
    method: 'PUT',
    pattern: '/opportunities/:id',
    scope: 'opportunities.write',
    query: [],
    handle: updateOpportunity,
  },
  {
    method: 'GET',
    pattern: '/users/',
    scope: 'users.readonly',
    query: ['locationId'],
    requiredQuery: ['locationId'],
    handle: (ctx) =>
      ok({ users: ctx.db.users.filter((u) => u.locationIds.includes(ctx.token.locationId)).map(fullUser) }),
  },
  {
    method: 'GET',
    pattern: '/users/:userId',
    scope: 'users.readonly',
    query: [],
    handle(ctx) {
      const u = ctx.db.users.find(
        (x) => x.id === ctx.params.userId && x.locationIds.includes(ctx.token.locationId),
      );
      return u ? ok(fullUser(u)) : notFound(ctx, 'User');
    },
  },
  {
    method: 'GET',
    pattern: '/locations/:locationId',
    scope: 'locations.readonly',
    query: [],
    handle(ctx) {
      const l = ctx.db.locations.find((x) => x.id === ctx.params.locationId);
      if (!l) return notFound(ctx, 'Location');
      return ok({
        location: {
          ...l,
          business: { name: l.name, country: l.country, timezone: l.timezone },
          settings: {
            allowDuplicateContact: false,
            allowDuplicateOpportunity: false,
            allowFacebookNameMerge: false,
            disableContactTimezone: false,
          },
        },
      });
    },
  },
];

export const routes: Route[] = [...crmRoutes, ...writeRoutes, ...agentRoutes];

/** Matches `/a/:b` patterns segment by segment; trailing slashes are significant (reference §11.1). */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  const segs = path.split('/');
  for (const route of routes) {
    if (route.method !== method) continue;
    const pat = route.pattern.split('/');
    if (pat.length !== segs.length) continue;
    const params: Record<string, string> = {};
    const hit = pat.every((p, i) => {
      const s = segs[i] ?? '';
      if (p.startsWith(':')) {
        if (s === '') return false;
        params[p.slice(1)] = decodeURIComponent(s);
        return true;
      }
      return p === s;
    });
    if (hit) return { route, params };
  }
  return undefined;
}

export const newId = () => randomUUID().replace(/-/g, '').slice(0, 20);
