import type { Logger } from 'pino';
import { scrubDeep } from '../../lib/scrub.js';
import { SmbcrmError } from '../../platform/smbcrm/errors.js';
import type { ActionOutcome, FailureInfo } from './outcome.js';
import type { Verdict } from './policy.js';
import type { ApprovalRecord, ApprovalStore } from './store.js';

export type { ActionOutcome, FailureInfo } from './outcome.js';

/**
 * The approval engine: nothing is written to SMBcrm until a person allowed to approve clicks Approve (or, for the
 * kinds the policy leaves to the requester, Confirm). It is generic: each kind of write is an ActionHandler
 * registered under its action name (`opportunity.move`, `contact.note`, …) with one line of policy
 * (approval-policy.ts), so a new kind of write leaves the engine unchanged.
 */
export interface ActionHandler {
  /**
   * Runs the approved write; re-checks the expected state first and never writes when it changed. `retry` is set
   * when an earlier attempt failed: a write that is not idempotent (a note, a task) re-reads first, since the
   * failed attempt may have been written after all.
   */
  execute(
    params: Record<string, unknown>,
    run: { retry: boolean; requestedAt: number },
  ): Promise<ActionOutcome>;
}

/** Who may approve a request of one action (approval-policy.ts). */
export interface EnginePolicy {
  forAction(action: string): {
    check(user: string, requester: string, userTeamId: string | undefined): Promise<Verdict>;
  };
}

/**
 * Where a click on a card came from. A button's value (the approval id) is all it carries, so the engine checks
 * that the click came from the card itself: this workspace, the request's channel and message.
 */
export interface Click {
  user: string;
  /** The clicker's own workspace (`user.team_id`): another organisation's in a Slack Connect channel. */
  userTeamId: string | undefined;
  /** The workspace the click was made in (`team.id`). */
  teamId: string | undefined;
  channel: string;
  messageTs: string;
  /**
   * From the clicker's own Home tab (a view only they see, where Slack put the bot's buttons for them): the
   * request's channel and message do not apply, this workspace still does.
   */
  fromHome?: boolean;
}

export type DecisionResult =
  | { kind: 'unknown' }
  | { kind: 'not_allowed'; reason: string; record: ApprovalRecord }
  | { kind: 'expired' | 'already' | 'rejected' | 'done' | 'failed' | 'changed'; record: ApprovalRecord };

export interface ApprovalEngineOptions {
  store: ApprovalStore;
  policy: EnginePolicy;
  handlers: Record<string, ActionHandler>;
  ttlMs: number;
  logger: Logger;
  /** The workspace the bot is installed in (from auth.test), once known. */
  workspace: () => string | undefined;
}

export type ApprovalEngine = ReturnType<typeof createApprovalEngine>;

/** What went wrong, as data: SMBcrm's kind, status and scrubbed reasons, or "unexpected" for our own bugs. */
export function failureOf(err: unknown): FailureInfo {
  if (err instanceof SmbcrmError)
    return {
      kind: err.kind,
      reasons: err.reasons,
      ...(err.status ? { status: err.status } : {}),
      ...(err.operation ? { operation: err.operation } : {}),
    };
  return { kind: 'unexpected', reasons: [] };
}

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
    // A note's text or a task's title is whatever the person typed: scrubbed like every log line, so an email or
    // a phone number in it reaches neither the logs nor the audit kept in Redis.
    const params = scrubDeep(record.params, 8);
    const entry = {
      approvalId: record.id,
      action: record.action,
      event,
      requester: record.requester,
      actor,
      channel: record.channel,
      ...params,
      ...scrubDeep(extra, 8),
    };
    log.info(entry, 'approval audit');
    await store.audit(entry).catch((err: Error) => log.warn({ err }, 'could not keep an audit event'));
  }

  /** A click that did not come from this request's card in this workspace changes nothing. */
  function misplaced(record: ApprovalRecord, click: Click): boolean {
    const workspace = options.workspace();
    if (click.fromHome) return workspace === undefined || click.teamId !== workspace;
    return (
      click.channel !== record.channel ||
      (record.messageTs !== undefined && click.messageTs !== record.messageTs) ||
      workspace === undefined ||
      click.teamId !== workspace
    );
  }
  const elsewhere = (record: ApprovalRecord): DecisionResult => ({
    kind: 'not_allowed',
    reason: 'That button does not belong to this request here.',
    record,
  });

  async function reload(id: string, fallback: ApprovalRecord): Promise<ApprovalRecord> {
    return (await store.get(id)) ?? fallback;
  }

  async function run(record: ApprovalRecord, actor: string, retry: boolean): Promise<DecisionResult> {
    const handler = options.handlers[record.action];
    let outcome: ActionOutcome;
    try {
      if (!handler) throw new Error(`no handler for ${record.action}`);
      outcome = await handler.execute(record.params, { retry, requestedAt: record.createdAt });
    } catch (err) {
      // A read before the write (or the write) failed: kept as what failed and SMBcrm's scrubbed reasons, never as
      // an error message (which could quote anything), and logged once here with the request's id.
      outcome = { kind: 'failed', error: failureOf(err) };
      if (outcome.error.kind === 'unexpected')
        log.error({ err, approvalId: record.id }, 'approved write failed unexpectedly');
    }
    await store.transition(record.id, outcome.kind === 'done' ? 'done' : 'failed', {
      outcome: JSON.stringify(outcome),
    });
    await audit(
      record,
      outcome.kind === 'done'
        ? 'written'
        : outcome.kind === 'changed'
          ? 'not-written-state-changed'
          : 'write-failed',
      actor,
      { outcome },
    );
    return { kind: outcome.kind, record: await reload(record.id, record) };
  }

  return {
    async request(
      r: { action: string; params: Record<string, unknown>; requester: string; channel: string },
      listing: { listed: boolean } = { listed: true },
    ): Promise<ApprovalRecord> {
      const record = await store.create({ ...r, expiresAt: Date.now() + options.ttlMs }, listing);
      await audit(record, 'requested', r.requester);
      return record;
    },

    attachCard: (id: string, messageTs: string) => store.setMessage(id, messageTs),

    get: (id: string) => store.get(id),

    /**
     * The request behind a "Request again" click, when that click may make a new one: from this request's card,
     * after a write that did not happen because the record had changed, by someone of this workspace.
     */
    async again(id: string, click: Click): Promise<DecisionResult> {
      const record = await store.get(id);
      if (!record) return { kind: 'unknown' };
      if (misplaced(record, click)) return elsewhere(record);
      if (record.status !== 'failed' || record.outcome?.kind !== 'changed')
        return { kind: 'already', record };
      if (click.userTeamId !== options.workspace())
        return { kind: 'not_allowed', reason: 'Only people of this workspace may request changes.', record };
      return { kind: 'changed', record };
    },

    async decide(id: string, click: Click, decision: 'approve' | 'reject'): Promise<DecisionResult> {
      const record = await store.get(id);
      if (!record) return { kind: 'unknown' };
      if (misplaced(record, click)) return elsewhere(record);
      const user = click.user;
      // The requester may withdraw their own request; approving needs an approver.
      if (!(decision === 'reject' && user === record.requester)) {
        const verdict = await policy.forAction(record.action).check(user, record.requester, click.userTeamId);
        if (!verdict.allowed) return { kind: 'not_allowed', reason: verdict.reason, record };
      }
      const now = String(Date.now());
      const t = await store.transition(id, decision === 'approve' ? 'approved' : 'rejected', {
        decidedBy: user,
        decidedAt: now,
      });
      if (t.kind === 'missing') return { kind: 'unknown' };
      if (t.kind === 'expired') {
        await store.unlistPending(record);
        await audit(record, 'expired', user);
        return { kind: 'expired', record: await reload(id, record) };
      }
      if (t.kind === 'conflict') return { kind: 'already', record: await reload(id, record) };
      await store.unlistPending(record);
      await audit(record, decision === 'approve' ? 'approved' : 'rejected', user);
      const decided = await reload(id, record);
      return decision === 'approve' ? run(decided, user, false) : { kind: 'rejected', record: decided };
    },

    /** The bot withdraws a request nobody can see (its card could not be posted). */
    async withdraw(id: string, actor: string): Promise<void> {
      const record = await store.get(id);
      if (!record) return;
      const t = await store.transition(id, 'rejected', { decidedBy: actor, decidedAt: String(Date.now()) });
      await store.unlistPending(record);
      if (t.kind === 'ok') await audit(record, 'withdrawn', actor);
    },

    /** Re-runs a failed write (the request stays approved-but-not-done until this succeeds). */
    async retry(id: string, click: Click): Promise<DecisionResult> {
      const record = await store.get(id);
      if (!record) return { kind: 'unknown' };
      if (misplaced(record, click)) return elsewhere(record);
      const verdict = await policy
        .forAction(record.action)
        .check(click.user, record.requester, click.userTeamId);
      if (!verdict.allowed) return { kind: 'not_allowed', reason: verdict.reason, record };
      if (record.status !== 'failed' || !(await store.claimRetry(id))) return { kind: 'already', record };
      try {
        return await run(record, click.user, true);
      } finally {
        await store.releaseRetry(id);
      }
    },

    pending: (channel: string) => store.pending(channel),
    pendingAll: (limit?: number) => store.pendingAll(limit),
    pendingOf: (user: string) => store.pendingOf(user),
    auditTrail: () => store.auditTrail(),
  };
}
