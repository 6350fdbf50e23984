import { UserInputError } from '../../lib/errors.js';
import type { SmbcrmClient } from '../../platform/smbcrm/client.js';
import type { Opportunity } from '../../platform/smbcrm/schemas.js';
import type { ActionHandler, ActionOutcome } from '../approvals/engine.js';
import type { Credit } from '../approvals/requests.js';
import type { OpportunityTarget } from './targets.js';
import { isUncertain } from './uncertain.js';

/**
 * Hand an opportunity to a colleague: PUT /opportunities/:id `{ assignedTo }`, the SMBcrm user their Slack
 * account maps to (services/domain/identity). Freshness: the owner it had when asked.
 */
export const ASSIGN_ACTION = 'opportunity.assign';

export interface AssignParams extends OpportunityTarget, Record<string, unknown> {
  fromUserId: string | null;
  fromName: string | null;
  toUserId: string;
  toName: string;
  /** The Slack user it goes to, for the card (absent when named by their SMBcrm name, as an agent does). */
  toSlackUser?: string;
  credit?: Credit;
}

/** `… to <@U0123|maya>` (Slack's escaped mention) or `… to <@U0123>` → the text before and the Slack user id. */
export function parseAssign(text: string): { opportunity: string; slackUser: string } | undefined {
  const m = /^(.*\S)\s+to\s+<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s*$/i.exec(text.trim());
  return m?.[1] && m[2] ? { opportunity: m[1].trim(), slackUser: m[2] } : undefined;
}

export function planAssign(
  target: OpportunityTarget,
  opportunity: Opportunity,
  to: { userId: string; name: string; slackUser?: string },
  ownerName: (id: string) => string,
): AssignParams {
  const from = opportunity.assignedTo ?? null;
  if (from === to.userId)
    throw new UserInputError('That person already owns that opportunity; nothing to change.');
  return {
    ...target,
    fromUserId: from,
    fromName: from ? ownerName(from) : null,
    toUserId: to.userId,
    toName: to.name,
    ...(to.slackUser ? { toSlackUser: to.slackUser } : {}),
  };
}

export function createAssignHandler(
  smbcrm: SmbcrmClient,
  nameOf: (userId: string) => Promise<string>,
): ActionHandler {
  return {
    async execute(params): Promise<ActionOutcome> {
      const p = params as AssignParams;
      for (let attempt = 0; ; attempt++) {
        const now = (await smbcrm.getOpportunity(p.opportunityId)).assignedTo ?? null;
        if (now === p.toUserId) return { kind: 'done', already: attempt === 0 };
        if (now !== p.fromUserId) return { kind: 'changed', now: now ? await nameOf(now) : 'nobody' };
        try {
          await smbcrm.updateOpportunity(p.opportunityId, { assignedTo: p.toUserId });
          return { kind: 'done' };
        } catch (err) {
          if (!isUncertain(err) || attempt > 0) throw err;
        }
      }
    },
  };
}
