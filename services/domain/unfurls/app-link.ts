/**
 * Which SMBcrm record a link into the web app points at, if any: HighLevel's app addresses a contact as
 * /v2/location/:locationId/contacts/detail/:contactId (as our own "Open in SMBcrm" links do) and an opportunity
 * under /v2/location/:locationId/opportunities/… with its id as the last path segment or `opportunityId` (ASSUMED:
 * no public document shows the opportunity URL). A link to another sub-account is not ours to show.
 */
export type AppRecord = { kind: 'contact' | 'opportunity'; id: string };

const ID = /^[A-Za-z0-9_-]{10,64}$/;

export function appRecordOf(url: string, o: { appHost: string; locationId: string }): AppRecord | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.hostname.toLowerCase() !== o.appHost) return undefined;
  const parts = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'v2' || parts[1] !== 'location' || parts[2] !== o.locationId) return undefined;
  if (parts[3] === 'contacts' && parts[4] === 'detail' && parts[5] && ID.test(parts[5]))
    return { kind: 'contact', id: parts[5] };
  if (parts[3] === 'opportunities') {
    const id = u.searchParams.get('opportunityId') ?? parts.at(-1);
    if (id && ID.test(id) && /\d/.test(id) && parts.length > 4) return { kind: 'opportunity', id };
    const q = u.searchParams.get('opportunityId');
    if (q && ID.test(q)) return { kind: 'opportunity', id: q };
  }
  return undefined;
}
