import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { SlackMessage } from '../../presentation/views/contact-card.js';
import { describeError } from '../../presentation/views/error-text.js';
import { errorMessage } from '../../presentation/views/messages.js';
import { requestCard } from '../../presentation/views/request-card.js';
import { approvalsNeedAChannel, requestPosted } from '../../presentation/views/write-messages.js';
import type { IdentityService } from '../identity/identity.js';
import type { ApprovalPolicy } from './approval-policy.js';
import type { ApprovalEngine, Click, DecisionResult } from './engine.js';
import type { ApprovalRecord } from './store.js';

/**
 * Every kind of write, from a ready request to its card and back: the one place that decides where a request's
 * card goes. A kind whose policy leaves it to the requester gets a private card with Confirm (returned to the
 * caller, who shows it where the person asked); the others get a card in the channel for an approver. Who asked is
 * resolved here once (services/domain/identity) and kept in the request as `credit`, so every handler writes as
 * that SMBcrm user and every card names them.
 */
export interface Reply {
  /** A new private message for the person who typed or clicked. */
  ephemeral?: SlackMessage;
  /** The private card the click came from, as it is now (its response_url replaces it). */
  replace?: SlackMessage;
  /** The click was refused: the message it came from stays as it is (the answer is a new private message). */
  refused?: true;
}

/** Who asked, in SMBcrm: the user a write is credited to, or null when they are not linked. */
export type Credit = { userId: string; name: string } | null;

export interface ApprovalRequestsOptions {
  engine: ApprovalEngine;
  policy: ApprovalPolicy;
  identity: IdentityService;
  client: WebClient;
  currency: string;
  logger: Logger;
  /** Whether a person is in a channel: a request made there is decided from the Home tab only by its members. */
  inChannel: (channel: string, user: string) => Promise<boolean>;
}

/** The channel of a request made on the Home tab (a task marked done): no channel or DM of Slack's. */
export const HOME_CHANNEL = 'home';
/** Whether a request was made in a channel (its card, if any, is seen there) rather than privately. */
export const inAChannel = (record: { channel: string }) => /^[CG][A-Z0-9]+$/.test(record.channel);

export type ApprovalRequests = ReturnType<typeof createApprovalRequests>;

export function createApprovalRequests(options: ApprovalRequestsOptions) {
  const { engine, policy, client } = options;
  const log = options.logger.child({ component: 'approvals' });
  const card = (record: ApprovalRecord) => {
    const p = policy.forAction(record.action);
    return requestCard(record, { currency: options.currency, approvers: p.describe(), mode: p.mode });
  };

  async function refresh(result: DecisionResult): Promise<Reply> {
    if (result.kind === 'unknown' || result.kind === 'not_allowed') return {};
    const { record } = result;
    if (!record.messageTs) return { replace: card(record) }; // a private card: its own response_url updates it
    await client.chat
      .update({ channel: record.channel, ts: record.messageTs, ...card(record) })
      .catch((err: Error) => log.error({ err, approvalId: record.id }, 'could not update the approval card'));
    return {};
  }

  /** What the clicker reads privately; the card shows the rest. */
  function toClicker(result: DecisionResult): SlackMessage | undefined {
    if (result.kind === 'unknown')
      return errorMessage('That approval request no longer exists (or never did). Nothing was changed.');
    if (result.kind === 'not_allowed') return errorMessage(`:lock: ${result.reason} Nothing was changed.`);
    if (result.kind === 'already')
      return errorMessage(
        `This request was already handled (it is ${result.record.status}). Nothing more was changed.`,
      );
    return undefined;
  }

  /** Who wants to know that a request changed (each person's Home tab shows the pending ones). */
  const watchers = new Set<(record: ApprovalRecord, listed: boolean) => void>();
  const changed = (record: ApprovalRecord) => {
    // Listed: its card waits for an approver in a channel (so it is on approvers' Home tabs), not a private one.
    const listed = policy.forAction(record.action).mode === 'approvers' && inAChannel(record);
    for (const w of watchers) w(record, listed);
  };

  async function answer(result: DecisionResult): Promise<Reply> {
    // A refused click, or one on a request already handled, changed nothing to show.
    if (result.kind !== 'unknown' && result.kind !== 'not_allowed' && result.kind !== 'already')
      changed(result.record);
    const refreshed = await refresh(result);
    const ephemeral = toClicker(result);
    return { ...refreshed, ...(ephemeral ? { ephemeral } : {}) };
  }

  return {
    /** Who a Slack user is in SMBcrm, as a request keeps it. */
    async creditOf(slackUser: string): Promise<Credit> {
      const who = await options.identity.who(slackUser);
      return who.linked ? { userId: who.userId, name: who.name } : null;
    },

    /**
     * Creates the request and shows its card: privately to the requester (returned as `ephemeral`), or in the
     * channel for an approver (the requester is told it is there). `thread`: an agent's proposal, posted in the
     * conversation's thread: the channel card there, the requester's private card there too (chat.postEphemeral,
     * having no response_url to answer through); `posted` says it was.
     */
    async submit(
      r: { action: string; params: Record<string, unknown>; requester: string; channel: string },
      where: { threadTs?: string; proposedBy?: 'agent' } = {},
    ): Promise<Reply & { posted?: string }> {
      const own = policy.forAction(r.action).mode === 'requester';
      // A card for approvers in a DM with the bot would be seen by no approver: it waits for a channel.
      if (!own && r.channel.startsWith('D')) return { ephemeral: approvalsNeedAChannel(), refused: true };
      const params = {
        ...r.params,
        credit: r.params.credit ?? (await this.creditOf(r.requester)),
        ...(where.proposedBy ? { proposedBy: where.proposedBy } : {}),
      };
      const record = await engine.request({ ...r, params }, { listed: !own });
      changed(record);
      const thread = where.threadTs ? { thread_ts: where.threadTs } : {};
      if (own && !where.threadTs) return { ephemeral: card(record) };
      try {
        if (own) {
          await client.chat.postEphemeral({
            channel: r.channel,
            user: r.requester,
            ...thread,
            ...card(record),
          });
          return { posted: record.id };
        }
        const posted = await client.chat.postMessage({ channel: r.channel, ...thread, ...card(record) });
        if (posted.ts) await engine.attachCard(record.id, posted.ts);
      } catch (err) {
        // Without a card nobody can approve it: withdraw it now rather than let it sit until it expires.
        await engine
          .withdraw(record.id, r.requester)
          .catch((e: Error) =>
            log.warn({ err: e, approvalId: record.id }, 'could not withdraw a card-less request'),
          );
        return { ephemeral: errorMessage(describeError(err).text), refused: true };
      }
      return { ephemeral: requestPosted(), posted: record.id };
    },

    /** Why a request of this action cannot be made in this channel (approvers cannot see a DM), if it cannot. */
    refusedHere(action: string, channel: string): SlackMessage | undefined {
      return policy.forAction(action).mode === 'approvers' && channel.startsWith('D')
        ? approvalsNeedAChannel()
        : undefined;
    },

    /** A request by id (for a proposal: is the identical one still pending?). */
    get: (id: string) => engine.get(id),

    async decide(id: string, click: Click, decision: 'approve' | 'reject'): Promise<Reply> {
      return answer(await engine.decide(id, click, decision));
    },

    async retry(id: string, click: Click): Promise<Reply> {
      return answer(await engine.retry(id, click));
    },

    /** A "Request again" click that may go ahead (the record changed), or the reply when it may not. */
    async again(id: string, click: Click): Promise<{ record: ApprovalRecord } | Reply> {
      const result = await engine.again(id, click);
      return result.kind === 'changed' ? { record: result.record } : answer(result);
    },

    /**
     * A decision from the clicker's Home tab: the same engine and checks as the card's buttons (the click says it
     * came from the Home tab, where the channel and message do not apply); the channel card is updated. Returns
     * the request as it is now and, when the click changed nothing, what the clicker reads.
     */
    async decideFromHome(
      id: string,
      click: Click,
      decision: 'approve' | 'reject',
    ): Promise<{ record?: ApprovalRecord; refusal?: string }> {
      // A request waiting in a channel is for that channel's members: the Home tab is no way around the card.
      const asked = await engine.get(id);
      if (
        asked &&
        policy.forAction(asked.action).mode === 'approvers' &&
        !(inAChannel(asked) && (await options.inChannel(asked.channel, click.user)))
      )
        return {
          refusal: `Only people in <#${asked.channel}>, where it was asked, may decide it. Nothing was changed.`,
        };
      const result = await engine.decide(id, { ...click, fromHome: true }, decision);
      const reply = await answer(result);
      return {
        ...(result.kind === 'unknown' ? {} : { record: result.record }),
        ...(reply.ephemeral ? { refusal: reply.ephemeral.text } : {}),
      };
    },

    /**
     * The requester takes back their own pending request (the Home tab's Withdraw): its channel card says so.
     * Anyone else, or a request no longer pending, changes nothing.
     */
    async withdraw(id: string, user: string): Promise<{ record?: ApprovalRecord; refusal?: string }> {
      const record = await engine.get(id);
      if (!record || record.requester !== user)
        return {
          refusal: 'That request is not yours to withdraw (or no longer exists). Nothing was changed.',
        };
      if (record.status !== 'pending')
        return { refusal: `That request was already handled (it is ${record.status}). Nothing was changed.` };
      await engine.withdraw(id, user);
      const now = (await engine.get(id)) ?? record;
      changed(now);
      if (now.messageTs)
        await client.chat
          .update({ channel: now.channel, ts: now.messageTs, ...card(now) })
          .catch((err: Error) => log.error({ err, approvalId: id }, 'could not update the approval card'));
      return { record: now };
    },

    /**
     * A write the requester confirms in the same click that asked for it (the Home tab's Done, behind Slack's
     * confirmation dialog): created and decided at once, through the engine, its policy and its audit.
     */
    async confirmNow(
      r: { action: string; params: Record<string, unknown>; requester: string; channel: string },
      click: Click,
    ): Promise<{ record?: ApprovalRecord; refusal?: string }> {
      // Only a kind the requester confirms can be asked and confirmed in one click (SMBCRM_APPROVAL_POLICY).
      if (policy.forAction(r.action).mode !== 'requester')
        return {
          refusal:
            'This is set to need an approver (`SMBCRM_APPROVAL_POLICY`), so it cannot be done from the Home tab. Nothing was changed.',
        };
      const params = { ...r.params, credit: r.params.credit ?? (await this.creditOf(r.requester)) };
      const record = await engine.request({ ...r, params }, { listed: false });
      // Refused (a guest, a workspace not yet known) or failed: the request goes, rather than wait card-less.
      const withdraw = () =>
        engine
          .withdraw(record.id, r.requester)
          .catch((err: Error) => log.warn({ err }, 'could not withdraw'));
      let decided: { record?: ApprovalRecord; refusal?: string };
      try {
        decided = await this.decideFromHome(record.id, click, 'approve');
      } catch (err) {
        await withdraw();
        throw err;
      }
      if (decided.record?.status === 'pending' || !decided.record) await withdraw();
      return decided;
    },

    /** Whether this person may decide this request (the Home tab lists those they may). */
    mayDecide: (record: ApprovalRecord, user: string, userTeamId: string | undefined) =>
      policy.forAction(record.action).check(user, record.requester, userTeamId),

    /** Called with each request created or decided (a Home tab that shows it is refreshed). */
    onChange(watch: (record: ApprovalRecord, listed: boolean) => void): void {
      watchers.add(watch);
    },

    pendingAll: (limit?: number) => engine.pendingAll(limit),
    pendingOf: (user: string) => engine.pendingOf(user),

    /** Whether this person may approve requests of an action (e.g. who may see the setup status). */
    mayApprove: (action: string, user: string, userTeamId: string | undefined) =>
      policy.forAction(action).check(user, '', userTeamId),

    pending: (channel: string) => engine.pending(channel),
    /** The audit events kept in Redis (for operators, and the tests that prove them scrubbed). */
    auditTrail: () => engine.auditTrail(),
  };
}
