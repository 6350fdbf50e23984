import { UserInputError } from '../../lib/errors.js';
import type { SmbcrmClient } from '../../platform/smbcrm/client.js';
import type { Opportunity } from '../../platform/smbcrm/schemas.js';
import type { OpportunityStatus } from '../../platform/smbcrm/writes.js';
import type { ActionHandler, ActionOutcome } from '../approvals/engine.js';
import type { Credit } from '../approvals/requests.js';
import type { OpportunityTarget } from './targets.js';
import { isUncertain } from './uncertain.js';

/**
 * Won, lost, abandoned, or open again: PUT /opportunities/:id/status (reference §5.5). The freshness check is the
 * status it had when asked: if someone changed it since, nothing is written.
 */
export const STATUS_ACTION = 'opportunity.status';

/** The words of the commands, and the status each sets. */
export const STATUS_WORDS = { won: 'won', lost: 'lost', abandon: 'abandoned', reopen: 'open' } as const;
export type StatusWord = keyof typeof STATUS_WORDS;

export interface StatusParams extends OpportunityTarget, Record<string, unknown> {
  fromStatus: OpportunityStatus;
  toStatus: OpportunityStatus;
  credit?: Credit;
}

const statusOf = (o: Opportunity): OpportunityStatus => (o.status ?? 'open') as OpportunityStatus;

export function planStatus(
  target: OpportunityTarget,
  opportunity: Opportunity,
  to: OpportunityStatus,
): StatusParams {
  const from = statusOf(opportunity);
  if (from === to)
    throw new UserInputError(
      to === 'open'
        ? 'That opportunity is already open; nothing to reopen.'
        : `That opportunity is already ${to}; nothing to change. (\`/smbcrm reopen\` opens it again.)`,
    );
  return { ...target, fromStatus: from, toStatus: to };
}

export function createStatusHandler(smbcrm: SmbcrmClient): ActionHandler {
  return {
    // Setting a status twice is setting it once, so after an uncertain answer: re-read, send again if needed.
    async execute(params): Promise<ActionOutcome> {
      const p = params as StatusParams;
      for (let attempt = 0; ; attempt++) {
        const now = statusOf(await smbcrm.getOpportunity(p.opportunityId));
        if (now === p.toStatus) return { kind: 'done', already: attempt === 0 };
        if (now !== p.fromStatus) return { kind: 'changed', now };
        try {
          await smbcrm.setOpportunityStatus(p.opportunityId, p.toStatus);
          return { kind: 'done' };
        } catch (err) {
          if (!isUncertain(err) || attempt > 0) throw err;
        }
      }
    },
  };
}
