import type { Contact, User } from '../../platform/smbcrm/schemas.js';
import type { ApprovalRequests, Reply } from '../approvals/requests.js';
import type { IdentityService } from '../identity/identity.js';
import { userName } from '../lookup/service.js';
import { LEAD_ACTION, type LeadFields, type LeadParams, type LeadPreview, previewLead } from './lead.js';
import { type LeadDraft, leadFromCommand, leadFromMessage } from './lead-input.js';

/**
 * Capturing a lead, from a draft (a command's words or a message) to the approval card: who would own it (the
 * requester's SMBcrm user by default), the outcome SMBcrm is expected to give (looked up before anything is
 * written), and the request on the engine with its own line of policy (`lead`).
 */
export interface LeadRequestsOptions {
  requests: ApprovalRequests;
  identity: IdentityService;
  users: () => Promise<User[]>;
  /** Contacts an email or phone finds. */
  find: (query: string) => Promise<Contact[]>;
  defaultPhoneRegion: string;
}

export type LeadRequests = ReturnType<typeof createLeadRequests>;

export function createLeadRequests(options: LeadRequestsOptions) {
  const nameOf = async () => {
    const people = await options.users();
    return (id: string) => {
      const u = people.find((x) => x.id === id);
      return u ? userName(u) : 'an unknown user';
    };
  };

  return {
    /** The lead read from the text, with nothing looked up: what the modal opens with at once. */
    read(text: string, from: 'command' | 'message'): LeadDraft {
      return from === 'command'
        ? leadFromCommand(text, options.defaultPhoneRegion)
        : leadFromMessage(text, options.defaultPhoneRegion);
    },

    /** Who may own it, and the default owner (the requester's SMBcrm user): filled in once the modal is open. */
    async owners(requester: string) {
      const [people, me] = await Promise.all([options.users(), options.identity.who(requester)]);
      const owners = people.filter((u) => !u.deleted).map((u) => ({ id: u.id, name: userName(u) }));
      return { owners, owner: me.linked ? { id: me.userId, name: me.name } : undefined };
    },

    /** A request for approvers cannot be made here (a DM with the bot): what to say instead, before any typing. */
    refusedHere: (channel: string) => options.requests.refusedHere(LEAD_ACTION, channel),

    /** The outcome SMBcrm is expected to give, for the modal and the card. */
    async preview(lead: Pick<LeadFields, 'email' | 'phone'> & Partial<LeadFields>): Promise<LeadPreview> {
      const full: LeadFields = {
        firstName: '',
        lastName: '',
        companyName: null,
        tags: [],
        ownerId: null,
        ownerName: null,
        note: null,
        ...lead,
      };
      return previewLead(full, options.find, await nameOf());
    },

    /** The modal submitted: the request, with the preview made now (the fields may have been edited). */
    async submit(lead: LeadFields, requester: string, channel: string): Promise<Reply> {
      const names = await nameOf();
      // SMBcrm unreachable now: the request is still made (what the person typed is not lost), said unchecked; the
      // write checks when it is approved.
      let preview: LeadPreview = await previewLead(lead, options.find, names).catch(
        (): LeadPreview => ({ kind: 'unknown' }),
      );
      // An update keeps the contact's owner unless the person chose another: the modal's default (the requester)
      // is for a new contact, not a reason to take someone else's.
      if (preview.kind === 'update' && preview.currentOwner && lead.ownerId !== preview.currentOwner) {
        const me = await options.identity.who(requester);
        if (me.linked && lead.ownerId === me.userId) {
          lead = { ...lead, ownerId: preview.currentOwner, ownerName: names(preview.currentOwner) };
          preview = await previewLead(lead, options.find, names).catch(
            (): LeadPreview => ({ kind: 'unknown' }),
          );
        }
      }
      const params: LeadParams = { ...lead, source: 'Slack', preview };
      return options.requests.submit({ action: LEAD_ACTION, params, requester, channel });
    },
  };
}
