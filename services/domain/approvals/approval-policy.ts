import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { JsonCache } from '../../platform/store/cache.js';
import { ASSIGN_ACTION } from '../writes/assign.js';
import { LEAD_ACTION } from '../writes/lead.js';
import { NOTE_ACTION } from '../writes/note.js';
import { STATUS_ACTION } from '../writes/status.js';
import { TAGS_ACTION } from '../writes/tags.js';
import { TASK_ACTION } from '../writes/task.js';
import { TASK_DONE_ACTION } from '../writes/task-done.js';
import { MOVE_ACTION } from './move.js';
import { createApproverPolicy, type Verdict } from './policy.js';
import { DEFAULT_POLICY, type Kind, type PolicyFile } from './policy-file.js';

/** The engine's action names, by kind of write. */
export const ACTION_OF: Record<Kind, string> = {
  move: MOVE_ACTION,
  status: STATUS_ACTION,
  assign: ASSIGN_ACTION,
  note: NOTE_ACTION,
  task: TASK_ACTION,
  tags: TAGS_ACTION,
  lead: LEAD_ACTION,
  task_done: TASK_DONE_ACTION,
};
const KIND_OF = Object.fromEntries(Object.entries(ACTION_OF).map(([k, a]) => [a, k])) as Record<string, Kind>;

export interface ActionPolicy {
  /** `requester`: a private card the requester confirms; `approvers`: a card in the channel for an approver. */
  mode: 'requester' | 'approvers';
  /** Who may approve, in mrkdwn (for the card). */
  describe(): string;
  check(user: string, requester: string, userTeamId: string | undefined): Promise<Verdict>;
}

/**
 * The approval policy of every kind of write: SMBCRM_APPROVERS and SMBCRM_ALLOW_SELF_APPROVAL, refined per kind by
 * SMBCRM_APPROVAL_POLICY (policy-file.ts).
 */
export function createApprovalPolicy(options: {
  approvers: string[];
  allowSelfApproval: boolean;
  file: PolicyFile;
  client: WebClient;
  cache: JsonCache;
  logger: Logger;
  workspace: () => string | undefined;
}) {
  const byKind = new Map<Kind, ActionPolicy>();
  for (const kind of Object.keys(DEFAULT_POLICY) as Kind[]) {
    const p = options.file[kind] ?? DEFAULT_POLICY[kind];
    if (p.approve === 'requester') {
      byKind.set(kind, {
        mode: 'requester',
        describe: () => 'the person who asked',
        check: async (user, requester, userTeamId) => {
          if (user !== requester)
            return { allowed: false, reason: 'Only the person who asked can confirm this.' };
          // As for approvers: a guest of another organisation (Slack Connect) does not change this team's CRM.
          const workspace = options.workspace();
          return workspace !== undefined && userTeamId === workspace
            ? { allowed: true }
            : { allowed: false, reason: 'Only people of this workspace may change SMBcrm.' };
        },
      });
      continue;
    }
    const approvers = createApproverPolicy({
      approvers: p.approvers ?? options.approvers,
      allowSelfApproval: p.self ?? options.allowSelfApproval,
      client: options.client,
      cache: options.cache,
      logger: options.logger,
      workspace: options.workspace,
    });
    byKind.set(kind, {
      mode: 'approvers',
      describe: () => approvers.describe(),
      check: approvers.check.bind(approvers),
    });
  }
  return {
    /** The policy of an engine action (`opportunity.move`, `contact.note`, …). */
    forAction(action: string): ActionPolicy {
      const kind = KIND_OF[action];
      const p = kind ? byKind.get(kind) : undefined;
      if (!p) throw new Error(`no approval policy for ${action}`);
      return p;
    },
  };
}

export type ApprovalPolicy = ReturnType<typeof createApprovalPolicy>;
