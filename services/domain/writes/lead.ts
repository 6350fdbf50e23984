import type { SmbcrmClient } from '../../platform/smbcrm/client.js';
import type { Contact } from '../../platform/smbcrm/schemas.js';
import type { ActionHandler, ActionOutcome } from '../approvals/engine.js';
import type { Credit } from '../approvals/requests.js';
import { isEmail } from './lead-input.js';
import { contactTarget } from './targets.js';
import { isUncertain } from './uncertain.js';

/**
 * A lead captured from Slack: POST /contacts/upsert, which SMBcrm's own duplicate rule decides (create, or update
 * the contact it matches by email and/or phone), then its tags *added* (POST /contacts/:id/tags: the upsert's
 * `tags` would replace them all), then optionally a first note. Before anything is written, the bot looks for the
 * same email or phone and shows the outcome it expects ("new contact", or "updates Jordan Lee, matched by email",
 * with the fields that would change); the card then reports what SMBcrm actually did.
 */
export const LEAD_ACTION = 'contact.upsert';

export interface LeadFields {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  companyName: string | null;
  tags: string[];
  /** The SMBcrm user who will own it (default: the requester's). */
  ownerId: string | null;
  ownerName: string | null;
  /** A first note (the message it came from, and its link). */
  note: string | null;
}

export type LeadPreview =
  | { kind: 'new' }
  /** SMBcrm could not be asked when the request was made: checked when it is approved. */
  | { kind: 'unknown' }
  | {
      kind: 'update';
      contactId: string;
      contactName: string;
      matchedBy: 'email' | 'phone';
      changes: { field: string; from: string | null; to: string }[];
      /** Its owner now (an update keeps it unless another owner was chosen). */
      currentOwner: string | null;
      /** The email found one contact and the phone another: SMBcrm's configured order decides which is updated. */
      otherMatch?: string;
    };

export interface LeadParams extends LeadFields, Record<string, unknown> {
  source: 'Slack';
  preview: LeadPreview;
  credit?: Credit;
}

/** The fields a lead's modal asks again for when they are missing or do not read (field → what to type). */
export function leadProblems(f: {
  name: string;
  email: string;
  phone: string | undefined;
  phoneTyped: string;
}) {
  const problems: Record<string, string> = {};
  if (f.name.trim() === '') problems.first_name = 'Type a first or last name.';
  if (f.email === '' && f.phoneTyped === '') problems.email = 'Give an email or a phone number (or both).';
  if (f.email !== '' && !isEmail(f.email))
    problems.email = `“${f.email.slice(0, 60)}” is not an email address.`;
  if (f.phoneTyped !== '' && f.phone === undefined)
    problems.phone = `“${f.phoneTyped.slice(0, 40)}” cannot be read as a phone number; include the country code (+44 …).`;
  return problems;
}

/**
 * What SMBcrm is expected to do: the contact the email (then the phone) finds, and what would change on it. Both
 * are looked up: when they find two different contacts, SMBcrm's configured order decides which one is updated, and
 * the preview says so rather than guess.
 */
export async function previewLead(
  lead: LeadFields,
  find: (query: string) => Promise<Contact[]>,
  ownerName: (id: string) => string,
): Promise<LeadPreview> {
  const [byEmail, byPhone] = await Promise.all([
    lead.email
      ? find(lead.email).then((cs) => cs.find((c) => c.email?.toLowerCase() === lead.email))
      : undefined,
    lead.phone ? find(lead.phone).then((cs) => cs.find((c) => c.phone === lead.phone)) : undefined,
  ]);
  const match = byEmail ?? byPhone;
  if (!match) return { kind: 'new' };
  const changes: { field: string; from: string | null; to: string }[] = [];
  const compare = (
    field: string,
    from: string | null | undefined,
    to: string | null,
    same = (a: string, b: string) => a === b,
  ) => {
    if (to && !same(from ?? '', to)) changes.push({ field, from: from || null, to });
  };
  compare('First name', match.firstName, lead.firstName || null);
  compare('Last name', match.lastName, lead.lastName || null);
  compare('Email', match.email, lead.email, (a, b) => a.toLowerCase() === b.toLowerCase());
  compare('Phone', match.phone, lead.phone);
  compare('Company', match.companyName, lead.companyName);
  if (lead.ownerId && match.assignedTo !== lead.ownerId)
    changes.push({
      field: 'Owner',
      from: match.assignedTo ? ownerName(match.assignedTo) : null,
      to: lead.ownerName ?? lead.ownerId,
    });
  const added = lead.tags.filter((t) => !(match.tags ?? []).map((x) => x.toLowerCase()).includes(t));
  if (added.length) changes.push({ field: 'Tags added', from: null, to: added.join(', ') });
  const other = byEmail && byPhone && byEmail.id !== byPhone.id ? byPhone : undefined;
  return {
    kind: 'update',
    contactId: match.id,
    contactName: contactTarget(match).contactName,
    matchedBy: byEmail ? 'email' : 'phone',
    changes,
    currentOwner: match.assignedTo ?? null,
    ...(other ? { otherMatch: contactTarget(other).contactName } : {}),
  };
}

/** Does SMBcrm, now, still look as the preview the approver saw? (Else: what it looks like, in words.) */
function stillAsPreviewed(before: LeadPreview, now: LeadPreview): string | undefined {
  if (before.kind === 'unknown') return undefined;
  if (before.kind === 'new' && now.kind === 'update')
    return `a contact with this ${now.matchedBy} now exists in SMBcrm (${now.contactName})`;
  if (before.kind === 'update' && now.kind === 'new')
    return `${before.contactName} no longer has this email or phone`;
  if (before.kind === 'update' && now.kind === 'update' && before.contactId !== now.contactId)
    return `this ${now.matchedBy} now belongs to ${now.contactName}`;
  return undefined;
}

export function createLeadHandler(options: {
  smbcrm: SmbcrmClient;
  /** Contacts an email or phone finds (the lookup's search). */
  find: (query: string) => Promise<Contact[]>;
}): ActionHandler {
  const { smbcrm } = options;

  /** A contact with this lead's email or phone added since the request: an earlier attempt's, written after all. */
  async function madeSince(p: LeadParams, since: number): Promise<Contact | undefined> {
    for (const q of [p.email, p.phone]) {
      if (!q) continue;
      const hit = (await options.find(q)).find(
        (c) =>
          (c.email?.toLowerCase() === q || c.phone === q) &&
          !!c.dateAdded &&
          Date.parse(c.dateAdded) >= since - 60_000,
      );
      if (hit) return hit;
    }
    return undefined;
  }

  /**
   * The upsert. `createNewIfDuplicateAllowed: false`: the normal match applies whatever the sub-account's duplicate
   * setting (the spec's scenario 3), so the bot never makes a duplicate on purpose. A contact it updates keeps its
   * lead source (only a new one is "Slack").
   */
  async function upsert(
    p: LeadParams,
    creating: boolean,
  ): Promise<{ id: string; created: boolean; name: string }> {
    const res = await smbcrm.upsertContact({
      locationId: smbcrm.locationId,
      ...(p.firstName ? { firstName: p.firstName } : {}),
      ...(p.lastName ? { lastName: p.lastName } : {}),
      ...(p.email ? { email: p.email } : {}),
      ...(p.phone ? { phone: p.phone } : {}),
      ...(p.companyName ? { companyName: p.companyName } : {}),
      ...(creating ? { source: p.source } : {}),
      ...(p.ownerId ? { assignedTo: p.ownerId } : {}),
      createNewIfDuplicateAllowed: false,
    });
    return { id: res.contact.id, created: res.new, name: contactTarget(res.contact).contactName };
  }

  return {
    // The preview the approver saw is checked again first: a contact that appeared (or went) since is not
    // overwritten behind their back. After an uncertain answer, and before every retry, the bot looks for the
    // contact an earlier attempt may have made. Tags and the note follow (tags are idempotent; the note is re-read
    // first), so a retry after a half-done write finishes it.
    async execute(params, run): Promise<ActionOutcome> {
      const p = params as LeadParams;
      let contact: { id: string; created: boolean; name?: string } | undefined;
      const earlier = run.retry ? await madeSince(p, run.requestedAt) : undefined;
      if (earlier) contact = { id: earlier.id, created: true };
      else {
        const now = await previewLead(p, options.find, () => '');
        const changed = stillAsPreviewed(p.preview, now);
        if (changed) return { kind: 'changed', now: changed };
        try {
          contact = await upsert(p, now.kind === 'new');
        } catch (err) {
          const made = isUncertain(err)
            ? await madeSince(p, run.requestedAt).catch(() => undefined)
            : undefined;
          if (!made) throw err;
          contact = { id: made.id, created: true };
        }
      }
      if (p.tags.length) await smbcrm.changeTags(contact.id, 'add', p.tags);
      if (p.note) {
        const written = run.retry && (await smbcrm.listNotes(contact.id)).some((n) => n.body === p.note);
        if (!written)
          await smbcrm.addNote(contact.id, {
            body: p.note,
            ...(p.credit ? { userId: p.credit.userId } : {}),
          });
      }
      return {
        kind: 'done',
        contactId: contact.id,
        created: contact.created,
        ...(contact.name ? { contactName: contact.name } : {}),
      };
    },
  };
}
