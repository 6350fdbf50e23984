import { z } from 'zod';
import { readSettingsFile } from '../../lib/settings-file.js';

/**
 * Who may approve each kind of write (SMBCRM_APPROVAL_POLICY: YAML or JSON, validated at start-up):
 *
 *   note:   { approve: requester }          # the person who asked confirms it on a private card
 *   move:   { approve: approvers }          # SMBCRM_APPROVERS (or this kind's own `approvers`)
 *   assign: { approve: approvers, approvers: [U0123ABCD, S0MANAGERS], self: false }
 *
 * `approve`: `requester` (they confirm their own), `approvers` (the named people and groups, or anyone of this
 * workspace when none are named). `self`: whether the requester may approve their own request (default
 * SMBCRM_ALLOW_SELF_APPROVAL). Defaults: stage moves, won/lost, owner changes and new leads need an approver;
 * notes, tasks and tags are confirmed by the requester. A new kind of write is one handler and one line here.
 */
export const KINDS = ['move', 'status', 'assign', 'note', 'task', 'tags', 'lead', 'task_done'] as const;
export type Kind = (typeof KINDS)[number];

const approverId = z.string().regex(/^[UWS][A-Z0-9]{2,}$/, 'must be a Slack user (U…) or user-group (S…) id');
const kindPolicy = z
  .object({
    approve: z.enum(['requester', 'approvers']),
    approvers: z.array(approverId).optional(),
    self: z.boolean().optional(),
  })
  .strict();
export type KindPolicy = z.infer<typeof kindPolicy>;
const policyFile = z.object(Object.fromEntries(KINDS.map((k) => [k, kindPolicy.optional()]))).strict();
export type PolicyFile = Partial<Record<Kind, KindPolicy>>;

export const DEFAULT_POLICY: Record<Kind, KindPolicy> = {
  move: { approve: 'approvers' },
  status: { approve: 'approvers' },
  assign: { approve: 'approvers' },
  note: { approve: 'requester' },
  task: { approve: 'requester' },
  tags: { approve: 'requester' },
  // A new lead creates (or changes) a customer record: an approver other than the requester.
  lead: { approve: 'approvers' },
  // A task of one's own, marked done from the Home tab: the person confirms it.
  task_done: { approve: 'requester' },
};

export function loadPolicyFile(file: string | undefined): PolicyFile {
  if (!file) return {};
  return readSettingsFile(
    'SMBCRM_APPROVAL_POLICY',
    file,
    policyFile,
    ` (kinds: ${KINDS.join(', ')})`,
  ) as PolicyFile;
}
