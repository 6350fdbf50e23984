import { randomUUID } from 'node:crypto';
import { ok, unknownProperties, unprocessable } from './answers.js';
import { fullContact, type Route, type RouteContext, type RouteResult } from './routes.js';
import type { SimContact } from './types.js';

/**
 * POST /contacts/upsert (apps/contacts.json `upsert-contact`, reference §4.5): create or update by the
 * sub-account's duplicate rule. With matching on, the first field of the rule's order that matches a contact wins
 * (the other is ignored) and the contact is updated (`new: false`); with no match, a contact is created (`new:
 * true`). `createNewIfDuplicateAllowed: true` skips the match where the sub-account allows duplicates (the spec's
 * scenario 1); false or absent, the normal match applies whatever the setting (scenario 3). `tags`, when sent, replace all the contact's tags (the bot never sends them).
 */
const FIELDS = [
  'firstName',
  'lastName',
  'name',
  'email',
  'phone',
  'companyName',
  'source',
  'assignedTo',
  'tags',
  'createNewIfDuplicateAllowed',
];
// The DTO's other optional fields, accepted and ignored here.
const OTHER = [
  'gender',
  'address1',
  'city',
  'state',
  'postalCode',
  'country',
  'website',
  'timezone',
  'dnd',
  'dndSettings',
  'inboundDndSettings',
  'dateOfBirth',
  'customFields',
];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

function upsert(ctx: RouteContext): RouteResult {
  const b = ctx.body;
  const errors = unknownProperties(b, ['locationId', ...FIELDS, ...OTHER]);
  if (typeof b.locationId !== 'string' || b.locationId === '') errors.push('locationId should not be empty');
  else if (b.locationId !== ctx.token.locationId)
    return {
      status: 403,
      body: {
        statusCode: 403,
        message: 'The token does not have access to this location',
        error: 'Forbidden',
      },
    };
  if (b.email !== undefined && (typeof b.email !== 'string' || !EMAIL.test(b.email)))
    errors.push('email must be an email');
  // HighLevel normalises phone numbers it can read; the simulator takes E.164 only (ASSUMED stricter than live).
  if (b.phone !== undefined && (typeof b.phone !== 'string' || !E164.test(b.phone)))
    errors.push('phone must be a valid phone number');
  if (b.createNewIfDuplicateAllowed !== undefined && typeof b.createNewIfDuplicateAllowed !== 'boolean')
    errors.push('createNewIfDuplicateAllowed must be a boolean value');
  if (b.tags !== undefined && !(Array.isArray(b.tags) && b.tags.every((t) => typeof t === 'string')))
    errors.push('each value in tags must be a string');
  if (
    b.assignedTo !== undefined &&
    !ctx.db.users.some((u) => u.id === b.assignedTo && u.locationIds.includes(ctx.token.locationId))
  )
    errors.push('assignedTo must be a user of this location'); // ASSUMED
  for (const k of ['firstName', 'lastName', 'name', 'companyName', 'source'])
    if (b[k] !== undefined && typeof b[k] !== 'string') errors.push(`${k} must be a string`);
  if (errors.length) return unprocessable(errors);

  const location = ctx.db.locations.find((l) => l.id === ctx.token.locationId);
  const rule = location?.duplicateRule ?? 'email-then-phone';
  const mine = ctx.db.contacts.filter((c) => c.locationId === ctx.token.locationId);
  const byEmail = () =>
    typeof b.email === 'string'
      ? mine.find((c) => c.email?.toLowerCase() === (b.email as string).toLowerCase())
      : undefined;
  const byPhone = () => (typeof b.phone === 'string' ? mine.find((c) => c.phone === b.phone) : undefined);
  // The spec's three scenarios: a new contact without looking only when the request asks for it
  // (createNewIfDuplicateAllowed: true) and the sub-account allows duplicates; otherwise the normal match.
  const skipMatch = rule === 'allow-duplicates' && b.createNewIfDuplicateAllowed === true;
  const match = skipMatch
    ? undefined
    : rule === 'phone-then-email'
      ? (byPhone() ?? byEmail())
      : (byEmail() ?? byPhone());

  const now = new Date().toISOString();
  const fields: Partial<SimContact> = {};
  for (const k of ['firstName', 'lastName', 'email', 'phone', 'companyName', 'source', 'assignedTo'] as const)
    if (typeof b[k] === 'string') fields[k] = b[k] as string;
  if (Array.isArray(b.tags)) fields.tags = (b.tags as string[]).map((t) => t.toLowerCase());
  if (match) {
    Object.assign(match, fields, { dateUpdated: now });
    return ok({ new: false, contact: fullContact(match), traceId: randomUUID() });
  }
  const created: SimContact = {
    id: `Ctc${randomUUID().replace(/-/g, '').slice(0, 17)}`,
    locationId: ctx.token.locationId,
    tags: [],
    ...fields,
    dateAdded: now,
    dateUpdated: now,
  };
  ctx.db.contacts.push(created);
  return ok({ new: true, contact: fullContact(created), traceId: randomUUID() });
}

export const upsertRoute: Route = {
  method: 'POST',
  pattern: '/contacts/upsert',
  scope: 'contacts.write',
  query: [],
  handle: upsert,
};
