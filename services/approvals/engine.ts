import type { Logger } from '../../src/logger.js';
import type { ApproverPolicy } from './policy.js';
import type { ApprovalRecord, ApprovalStore } from './store.js';

/**
 * The approval engine: nothing is written to SMBcrm until a person allowed to approve clicks Approve. It is generic:
 * each kind of write is an ActionHandler registered under its action name (the first: `opportunity.move`), so later
 * writes reuse the engine unchanged.
 */
export type ActionOutcome =
  | { kind: 'done'; note: string }
  /** The record is no longer in the state the request expected; nothing was written. */
  | { kind: 'changed'; note: string }
  | { kind: 'failed'; reason: string };

export interface ActionHandler {
  /** Runs the approved write; re-checks the expected state first and never writes when it changed. */
  execute(params: Record<string, unknown>): Promise<ActionOutcome>;
}

export type DecisionResult =
  | { kind: 'unknown' }
  | { kind: 'not_allowed'; reason: string; record: ApprovalRecord }
  | { kind: 'expired' | 'already' | 'rejected' | 'done' | 'failed' | 'changed'; record: ApprovalRecord };

export interface ApprovalEngineOptions {
  store: ApprovalStore;
  policy: ApproverPolicy;
  handlers: Record<string, ActionHandler>;
  ttlMs: number;
  logger: Logger;
}

export type ApprovalEngine = ReturnType<typeof createApprovalEngine>;

export function createApprovalEngine(options: ApprovalEngineOptions) {
  const { store, policy } = options;
  const log = options.logger.child({ component: 'approvals' });

  /** One structured audit event per decision and per write, logged and kept in Redis. */
  async function audit(
    record: ApprovalRecord,
    event: string,
    actor: string,
    extra: Record<string, unknown> = {},
  ) {
    const entry = {
      approvalId: record.id,
      action: record.action,
      event,
      requester: record.requester,
      actor,
      channel: record.channel,
      ...record.params,
      ...extra,
    };
    log.info(entry, 'approval audit');
    await store.audit(entry).catch((err: Error) => log.warn({ err }, 'could not keep an audit event'));
  }

  async function reload(id: string, fallback: ApprovalRecord): Promise<ApprovalRecord> {
    return (await store.get(id)) ?? fallback;
  }

  async function run(record: ApprovalRecord, actor: string): Promise<DecisionResult> {
    const handler = options.handlers[record.action];
    let outcome: ActionOutcome;
    try {
      if (!handler) throw new Error(`no handler for ${record.action}`);
      outcome = await handler.execute(record.params);
    } catch (err) {
      outcome = { kind: 'failed', reason: err instanceof Error ? err.message : String(err) };
    }
    if (outcome.kind === 'done') {
      await store.transition(record.id, 'done', { outcome: outcome.note });
    } else {
      const note = outcome.kind === 'changed' ? outcome.note : outcome.reason;
      await store.transition(record.id, 'failed', {
        outcome: note,
        changed: outcome.kind === 'changed' ? '1' : '',
      });
    }
    await audit(
      record,
      outcome.kind === 'done'
        ? 'written'
        : outcome.kind === 'changed'
          ? 'not-written-state-changed'
          : 'write-failed',
      actor,
      {
        outcome:
          outcome.kind === 'done' ? outcome.note : outcome.kind === 'changed' ? outcome.note : outcome.reason,
      },
    );
    return { kind: outcome.kind, record: await reload(record.id, record) };
  }

  return {
    async request(r: {
      action: string;
      params: Record<string, unknown>;
      requester: string;
      channel: string;
    }): Promise<ApprovalRecord> {
      const record = await store.create({ ...r, expiresAt: Date.now() + options.ttlMs });
      await audit(record, 'requested', r.requester);
      return record;
    },

    attachCard: (id: string, messageTs: string) => store.setMessage(id, messageTs),

    get: (id: string) => store.get(id),

    async decide(id: string, user: string, decision: 'approve' | 'reject'): Promise<DecisionResult> {
      const record = await store.get(id);
      if (!record) return { kind: 'unknown' };
      // The requester may withdraw their own request; approving needs an approver.
      if (!(decision === 'reject' && user === record.requester)) {
        const verdict = await policy.check(user, record.requester);
        if (!verdict.allowed) return { kind: 'not_allowed', reason: verdict.reason, record };
      }
      const now = String(Date.now());
      const t = await store.transition(id, decision === 'approve' ? 'approved' : 'rejected', {
        decidedBy: user,
        decidedAt: now,
      });
      if (t.kind === 'missing') return { kind: 'unknown' };
      if (t.kind === 'expired') {
        await store.unlistPending(record.channel, id);
        await audit(record, 'expired', user);
        return { kind: 'expired', record: await reload(id, record) };
      }
      if (t.kind === 'conflict') return { kind: 'already', record: await reload(id, record) };
      await store.unlistPending(record.channel, id);
      await audit(record, decision === 'approve' ? 'approved' : 'rejected', user);
      const decided = await reload(id, record);
      return decision === 'approve' ? run(decided, user) : { kind: 'rejected', record: decided };
    },

    /** Re-runs a failed write (the request stays approved-but-not-done until this succeeds). */
    async retry(id: string, user: string): Promise<DecisionResult> {
      const record = await store.get(id);
      if (!record) return { kind: 'unknown' };
      const verdict = await policy.check(user, record.requester);
      if (!verdict.allowed) return { kind: 'not_allowed', reason: verdict.reason, record };
      if (record.status !== 'failed' || !(await store.claimRetry(id))) return { kind: 'already', record };
      try {
        return await run(record, user);
      } finally {
        await store.releaseRetry(id);
      }
    },

    pending: (channel: string) => store.pending(channel),
    auditTrail: () => store.auditTrail(),
  };
}
