import type { MoveParams } from '../../services/domain/approvals/move.js';
import type { ActionOutcome } from '../../services/domain/approvals/outcome.js';
import type { ApprovalRecord, ApprovalStatus } from '../../services/domain/approvals/store.js';

/** An approval request of a stage move as the store returns it, for view tests. */
export function approvalRecord(
  params: MoveParams,
  status: ApprovalStatus,
  outcome?: ActionOutcome,
): ApprovalRecord {
  const decided = status !== 'pending';
  return {
    id: 'AbCdEfGhIjKlMnOpQrStUv',
    action: 'opportunity.move',
    params,
    requester: 'U0ALICE',
    channel: 'C0SALES',
    messageTs: '1.2',
    status,
    createdAt: 1_700_000_000_000,
    expiresAt: 1_700_086_400_000,
    decidedBy: decided ? 'U0BOB' : undefined,
    decidedAt: decided ? 1_700_000_100_000 : undefined,
    outcome,
  };
}

/**
 * Slack users linked to the test sub-account's SMBcrm users by email: Alice's Slack email is Alex Rivera's in
 * SMBcrm (case and spaces differ); Bob's is Sam Okafor's; Carol's matches no SMBcrm user; Eve and Gone must
 * never be taken for Alex or Sam.
 */
export const LINKED_USERS = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice Ames', email: ' Alex@Acme.test', tz: 'Europe/London' },
  { id: 'U0BOB', name: 'bob', realName: 'Bob Burns', email: 'sam@acme.test', tz: 'America/New_York' },
  { id: 'U0CAROL', name: 'carol', realName: 'Carol Cho', email: 'carol@elsewhere.test' },
  // A guest of another organisation in a Slack Connect channel, whose own profile claims Alex's email.
  { id: 'U0EVE', name: 'eve', realName: 'Eve Evans', email: 'alex@acme.test', teamId: 'T0OTHERORG' },
  // A deactivated account that once was Sam's.
  { id: 'U0GONE', name: 'gone', realName: 'Gone Gordon', email: 'sam@acme.test', deactivated: true },
];
