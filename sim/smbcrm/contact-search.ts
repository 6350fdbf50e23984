import type { SimContact, SimOpportunity } from './types.js';

/**
 * POST /contacts/search as the "Contacts Search API" doc describes it (reference §4.1): filters with per-field
 * operators, AND/OR groups that nest, `query` free text, up to two sort fields, `page`+`pageLimit` up to 10,000
 * records or `searchAfter` beyond. Hits are index documents: lower-cased name fields, snake_case opportunities.
 */
type Ops = 'E' | 'C' | 'X' | 'R';
const FIELD_OPS: Record<string, Ops[]> = {
  id: ['E'],
  firstNameLowerCase: ['E', 'C', 'X'],
  lastNameLowerCase: ['E', 'C', 'X'],
  contactName: ['E', 'X'],
  email: ['E', 'X'],
  phone: ['E', 'C', 'X'],
  companyName: ['E', 'C', 'X'],
  businessName: ['E', 'C', 'X'],
  tags: ['E', 'C', 'X'],
  assignedTo: ['E', 'X'],
  source: ['E', 'C', 'X'],
  city: ['E', 'C', 'X'],
  state: ['E', 'C', 'X'],
  country: ['E', 'X'],
  timezone: ['E', 'X'],
  type: ['E', 'X'],
  dateAdded: ['R', 'X'],
  dateUpdated: ['R', 'X'],
};
const OPERATOR_KIND: Record<string, Ops> = {
  eq: 'E',
  not_eq: 'E',
  contains: 'C',
  not_contains: 'C',
  exists: 'X',
  not_exists: 'X',
  range: 'R',
};
const SORT_FIELDS = [
  'firstNameLowerCase',
  'lastNameLowerCase',
  'businessName',
  'dateAdded',
  'dateUpdated',
  'email',
  'dnd',
  'source',
];
const BODY_KEYS = ['locationId', 'page', 'pageLimit', 'searchAfter', 'filters', 'sort', 'query'];
const MAX_TEXT = 75;

type Doc = Record<string, unknown>;

export function searchDocument(c: SimContact, opportunities: SimOpportunity[]): Doc {
  const doc: Doc = {
    id: c.id,
    locationId: c.locationId,
    firstName: c.firstName,
    lastName: c.lastName,
    firstNameLowerCase: c.firstName?.toLowerCase(),
    lastNameLowerCase: c.lastName?.toLowerCase(),
    email: c.email,
    phone: c.phone,
    companyName: c.companyName,
    businessName: c.businessName,
    tags: c.tags,
    assignedTo: c.assignedTo,
    source: c.source,
    type: c.type,
    city: c.city,
    state: c.state,
    country: c.country,
    timezone: c.timezone,
    dnd: false,
    dndSettings: {},
    validEmail: c.email !== undefined,
    followers: [],
    customFields: [],
    dateAdded: c.dateAdded,
    dateUpdated: c.dateUpdated,
    opportunities: opportunities
      .filter((o) => o.contactId === c.id)
      .map((o) => ({
        id: o.id,
        pipeline_id: o.pipelineId,
        pipeline_stage_id: o.pipelineStageId,
        monetary_value: o.monetaryValue,
        status: o.status,
      })),
  };
  for (const k of Object.keys(doc)) if (doc[k] === undefined) delete doc[k];
  return doc;
}

/** Validation problems in NestJS's words; an empty list means the body is acceptable. */
export function validateSearchBody(body: Record<string, unknown>): string[] {
  const errors: string[] = [];
  for (const k of Object.keys(body))
    if (!BODY_KEYS.includes(k)) errors.push(`property ${k} should not exist`);
  if (typeof body.locationId !== 'string' || body.locationId === '') {
    errors.push('locationId should not be empty', 'locationId must be a string');
  }
  if (typeof body.pageLimit !== 'number' || !Number.isInteger(body.pageLimit) || body.pageLimit < 1) {
    errors.push('pageLimit must be a positive integer');
  } else if (body.pageLimit > 500) errors.push('pageLimit must not be greater than 500');
  if (body.page !== undefined && body.searchAfter !== undefined)
    errors.push('page and searchAfter cannot be used together');
  if (body.page !== undefined) {
    if (typeof body.page !== 'number' || !Number.isInteger(body.page) || body.page < 1)
      errors.push('page must be a positive integer');
    else if (typeof body.pageLimit === 'number' && body.page * body.pageLimit > 10_000) {
      errors.push('page * pageLimit must not exceed 10000; use searchAfter');
    }
  }
  if (body.searchAfter !== undefined && !Array.isArray(body.searchAfter))
    errors.push('searchAfter must be an array');
  if (body.query !== undefined && (typeof body.query !== 'string' || body.query.length > MAX_TEXT)) {
    errors.push(`query must be a string of at most ${MAX_TEXT} characters`);
  }
  if (body.sort !== undefined) {
    if (!Array.isArray(body.sort) || body.sort.length > 2)
      errors.push('sort must be an array of at most 2 items');
    else
      for (const s of body.sort as Doc[]) {
        if (!SORT_FIELDS.includes(String(s?.field)))
          errors.push(`sort field ${String(s?.field)} is not supported`);
        if (s?.direction !== 'asc' && s?.direction !== 'desc')
          errors.push('sort direction must be one of asc, desc');
      }
  }
  if (body.filters !== undefined) {
    if (!Array.isArray(body.filters)) errors.push('filters must be an array');
    else for (const f of body.filters) validateFilter(f, errors);
  }
  return errors;
}

function validateFilter(f: unknown, errors: string[]) {
  const filter = f as Doc;
  if (filter && typeof filter === 'object' && 'group' in filter) {
    if (filter.group !== 'AND' && filter.group !== 'OR') errors.push('group must be one of AND, OR');
    if (!Array.isArray(filter.filters)) errors.push('group filters must be an array');
    else for (const g of filter.filters) validateFilter(g, errors);
    return;
  }
  const field = String(filter?.field);
  const kind = OPERATOR_KIND[String(filter?.operator)];
  const allowed = FIELD_OPS[field];
  if (!allowed) return void errors.push(`field ${field} is not supported`);
  if (!kind) return void errors.push(`operator ${String(filter?.operator)} is not supported`);
  if (!allowed.includes(kind))
    return void errors.push(`operator ${String(filter.operator)} is not supported for ${field}`);
  if (kind === 'X' && filter.value !== undefined)
    errors.push(`value should not exist for operator ${String(filter.operator)}`);
  if (kind !== 'X' && filter.value === undefined)
    errors.push(`value is required for operator ${String(filter.operator)}`);
  if (typeof filter.value === 'string' && filter.value.length > MAX_TEXT) {
    errors.push(`value must be at most ${MAX_TEXT} characters`);
  }
}

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

function matches(doc: Doc, f: Doc): boolean {
  if ('group' in f) {
    const subs = (f.filters as Doc[]).map((g) => matches(doc, g));
    return f.group === 'AND' ? subs.every(Boolean) : subs.some(Boolean);
  }
  const actual = doc[String(f.field)];
  const values = Array.isArray(actual) ? actual.map(lower) : actual === undefined ? [] : [lower(actual)];
  const want = lower(f.value);
  switch (f.operator) {
    case 'exists':
      return values.length > 0 && values[0] !== '';
    case 'not_exists':
      return values.length === 0 || values[0] === '';
    case 'eq':
      return values.some((v) => v === want);
    case 'not_eq':
      return !values.some((v) => v === want);
    case 'contains':
      return values.some((v) => typeof v === 'string' && v.includes(String(want)));
    case 'not_contains':
      return !values.some((v) => typeof v === 'string' && v.includes(String(want)));
    case 'range': {
      const r = f.value as Record<string, string>;
      const v = typeof actual === 'string' ? Date.parse(actual) : Number.NaN;
      return (
        !Number.isNaN(v) &&
        (r.gte === undefined || v >= Date.parse(r.gte)) &&
        (r.gt === undefined || v > Date.parse(r.gt)) &&
        (r.lte === undefined || v <= Date.parse(r.lte)) &&
        (r.lt === undefined || v < Date.parse(r.lt))
      );
    }
    default:
      return false;
  }
}

/** `query` runs over the "searchable" fields; which ones is not documented, so names, email, phone, company. */
function matchesQuery(doc: Doc, query: string): boolean {
  const q = query.toLowerCase().trim();
  if (q === '') return true;
  const fullName = `${doc.firstNameLowerCase ?? ''} ${doc.lastNameLowerCase ?? ''}`.trim();
  const hay = [fullName, doc.email, doc.phone, doc.companyName, doc.businessName].map(lower);
  return hay.some((h) => typeof h === 'string' && h.includes(q));
}

const sortValue = (doc: Doc, field: string): number | string => {
  const v = doc[field];
  if (field.startsWith('date')) return typeof v === 'string' ? Date.parse(v) : 0;
  return typeof v === 'string' ? v.toLowerCase() : typeof v === 'boolean' ? Number(v) : '';
};

export function runContactSearch(
  docs: Doc[],
  body: Record<string, unknown>,
): { contacts: Doc[]; total: number } {
  const filters = (body.filters as Doc[] | undefined) ?? [];
  const hits = docs.filter(
    (d) => filters.every((f) => matches(d, f)) && matchesQuery(d, String(body.query ?? '')),
  );
  // Default order (ASSUMED): newest first. searchAfter carries [first sort value, id].
  const sort = (body.sort as { field: string; direction: string }[] | undefined)?.length
    ? (body.sort as { field: string; direction: string }[])
    : [{ field: 'dateAdded', direction: 'desc' }];
  const cmp = (a: Doc, b: Doc) => {
    for (const s of sort) {
      const x = sortValue(a, s.field);
      const y = sortValue(b, s.field);
      if (x !== y) return (x < y ? -1 : 1) * (s.direction === 'desc' ? -1 : 1);
    }
    return String(a.id) < String(b.id) ? -1 : 1;
  };
  hits.sort(cmp);
  const first = sort[0]?.field ?? 'dateAdded';
  const withCursor: Doc[] = hits.map((d) => ({ ...d, searchAfter: [sortValue(d, first), d.id] }));
  const limit = Number(body.pageLimit);
  let start = 0;
  if (Array.isArray(body.searchAfter)) {
    const afterId = body.searchAfter[1];
    const idx = withCursor.findIndex((d) => d.id === afterId);
    start = idx === -1 ? withCursor.length : idx + 1;
  } else start = (Number(body.page ?? 1) - 1) * limit;
  return { contacts: withCursor.slice(start, start + limit), total: hits.length };
}
