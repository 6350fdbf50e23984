import type { HomeView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Channels } from '../../platform/slack/channels.js';
import type { SmbcrmClient } from '../../platform/smbcrm/client.js';
import type { Pipeline } from '../../platform/smbcrm/schemas.js';
import type { Redis } from '../../platform/store/redis.js';
import { describeError } from '../../presentation/views/error-text.js';
import { type HomeData, homeUnavailableView, homeView } from '../../presentation/views/home.js';
import type { Click } from '../approvals/engine.js';
import { type ApprovalRequests, HOME_CHANNEL, inAChannel } from '../approvals/requests.js';
import type { ApprovalRecord } from '../approvals/store.js';
import type { IdentityService } from '../identity/identity.js';
import { TASK_DONE_ACTION, type TaskDoneParams } from '../writes/task-done.js';
import { createHomeParts, KEPT_ANY_AGE } from './parts.js';
import { createHomeRefresh } from './refresh.js';

/**
 * Each person's Home tab (views.publish on app_home_opened, tab "home"): what waits for them (requests they may
 * decide, made in channels they are in; their own pending ones), their open deals and their open tasks.
 *
 * SMBcrm cost (parts.ts): two calls when the person opens the tab or presses Refresh and their deals and tasks are
 * older than FRESH_MS; none when the tab is republished because of someone else's change (the kept ones are shown,
 * whatever their age). A change is republished only to the tabs it is on: its requester's, and, for a request
 * waiting for an approver, the tabs of those lately seen who are in its channel and may decide it.
 * https://docs.slack.dev/reference/methods/views.publish
 */
const FRESH_MS = 60_000;
/** How long the outcome of a click stays on top of the tab. */
const NOTICE_MS = 120_000;
/** Who opened the tab lately: the people a change to the pending requests is republished for. */
export const SEEN_MS = 24 * 3_600_000;
const MAX_SEEN = 200;

export interface HomeOptions {
  requests: ApprovalRequests;
  identity: IdentityService;
  channels: Pick<Channels, 'membersOf'>;
  smbcrm: SmbcrmClient;
  pipelines: () => Promise<Pipeline[]>;
  client: WebClient;
  redis: Redis;
  prefix: string;
  currency: string;
  /** Whether an agent is set up (Ask the agent on each deal). */
  askable: boolean;
  links: { opportunities: () => string; tasks: () => string };
  workspace: () => string | undefined;
  /**
   * How many setup checks fail (the doctor's last summary), for approvers; undefined while not known. `start`: the
   * person opened the tab themselves, so a stale summary may be refreshed in the background.
   */
  setupProblems?: (start: boolean) => Promise<number | undefined>;
  logger: Logger;
  now?: () => number;
}

export type Home = ReturnType<typeof createHome>;

export function createHome(options: HomeOptions) {
  const { smbcrm, requests, redis, prefix, channels } = options;
  const log = options.logger.child({ component: 'home' });
  const now = options.now ?? Date.now;
  const noticeKey = (user: string) => `${prefix}home:notice:${user}`;
  const seenKey = `${prefix}home:seen`;
  const parts = createHomeParts({
    smbcrm,
    pipelines: options.pipelines,
    redis,
    prefix,
    keepMs: SEEN_MS,
    now,
  });

  /** The pending requests this person may decide from their tab: made in a channel they are in, not by them. */
  async function waitingFor(user: string): Promise<ApprovalRecord[]> {
    const workspace = options.workspace();
    const out: ApprovalRecord[] = [];
    const members = new Map<string, Set<string>>(); // each channel's read once per build
    for (const r of await requests.pendingAll(200)) {
      if (r.requester === user || !inAChannel(r)) continue;
      const inIt = members.get(r.channel) ?? (await channels.membersOf(r.channel));
      members.set(r.channel, inIt);
      if (!inIt.has(user)) continue;
      if ((await requests.mayDecide(r, user, workspace)).allowed) out.push(r);
    }
    return out;
  }

  async function build(user: string, maxAgeMs: number): Promise<HomeData> {
    const workspace = options.workspace();
    const [who, member, mine, notice] = await Promise.all([
      options.identity.who(user),
      // A guest of another organisation, a bot or a deactivated account sees no one else's requests.
      options.identity.isMember(user),
      requests.pendingOf(user),
      redis.get(noticeKey(user)),
    ]);
    const base: HomeData = {
      who,
      ...(notice ? { notice } : {}),
      waiting: member ? await waitingFor(user) : [],
      mine,
      deals: { kind: 'unlinked' },
      tasks: { kind: 'unlinked' },
      currency: options.currency,
      askable: options.askable,
      links: { opportunities: options.links.opportunities(), tasks: options.links.tasks() },
      now: now(),
    };
    const mayApprove = member && (await requests.mayApprove('opportunity.move', user, workspace)).allowed;
    const setupProblems = mayApprove
      ? await options.setupProblems?.(maxAgeMs !== KEPT_ANY_AGE).catch(() => undefined)
      : undefined;
    const withSetup = { ...base, ...(setupProblems !== undefined ? { setupProblems } : {}) };
    if (!who.linked) return withSetup;
    const p = await parts.get(user, who.userId, maxAgeMs);
    return { ...withSetup, deals: p.deals, tasks: p.tasks };
  }

  const refresh = createHomeRefresh({
    redis,
    prefix,
    logger: log,
    publish: async (user, maxAgeMs) => {
      // Builds are numbered per person across instances: one overtaken by a later build (a slow SMBcrm read
      // here, a click answered meanwhile there) is dropped rather than published over the newer view.
      const seqKey = `${prefix}home:seq:${user}`;
      const mine = await redis.incr(seqKey);
      await redis.pexpire(seqKey, SEEN_MS);
      let view: HomeView;
      try {
        view = homeView(await build(user, maxAgeMs));
      } catch (err) {
        log.error({ err, user }, 'could not build a Home tab');
        view = homeUnavailableView(describeError(err).text);
      }
      if (Number(await redis.get(seqKey)) !== mine) {
        log.info({ user }, 'a Home tab build was overtaken by a later one');
        return false;
      }
      try {
        await options.client.views.publish({ user_id: user, view });
      } catch (err) {
        // Slack refused the view itself (a limit this code missed): say so on the tab rather than keep a stale one.
        if ((err as { data?: { error?: string } }).data?.error !== 'invalid_arguments') throw err;
        log.error({ err, user }, 'Slack refused a Home tab; publishing the fallback');
        await options.client.views.publish({
          user_id: user,
          view: homeUnavailableView('Slack refused it; an operator can find why in the logs.'),
        });
      }
      return true;
    },
  });

  /**
   * A request created or decided: republished for its requester (their own change: deals and tasks may be read
   * again), and, for one waiting for an approver in a channel, for those lately seen who are in that channel and
   * may decide it (the kept deals and tasks, no SMBcrm call).
   */
  async function changed(record: ApprovalRecord, listed: boolean): Promise<void> {
    if (record.status === 'done') await parts.drop(record.requester);
    const since = now() - SEEN_MS;
    // The most recently seen first: a busy workspace's regular users keep their refreshes.
    const seen = await redis.zrevrangebyscore(seenKey, '+inf', since, 'LIMIT', 0, MAX_SEEN);
    if (seen.includes(record.requester)) refresh.soon(record.requester, FRESH_MS);
    if (!listed) return;
    const workspace = options.workspace();
    const inIt = await channels.membersOf(record.channel);
    for (const user of seen) {
      if (user === record.requester || !inIt.has(user)) continue;
      if ((await requests.mayDecide(record, user, workspace)).allowed) refresh.soon(user, KEPT_ANY_AGE);
    }
  }
  requests.onChange((record, listed) => {
    changed(record, listed).catch((err: Error) =>
      log.warn({ err }, 'could not refresh the Home tabs a request is on'),
    );
  });

  return {
    /** The person opened their Home tab: published now (or within the throttle), SMBcrm parts if not fresh. */
    async opened(user: string): Promise<'published' | 'later'> {
      await redis.zadd(seenKey, now(), user);
      await redis.zremrangebyscore(seenKey, '-inf', now() - SEEN_MS);
      await redis.pexpire(seenKey, SEEN_MS);
      return refresh.now(user, FRESH_MS);
    },

    /** Refresh pressed: everything read again. */
    async reload(user: string): Promise<'published' | 'later'> {
      await parts.drop(user);
      return refresh.answer(user, FRESH_MS);
    },

    /** The outcome of the person's click, shown on top of their tab for a while, and the tab refreshed. */
    async tell(user: string, mrkdwn: string, o: { dropParts?: boolean } = {}): Promise<void> {
      await redis.set(noticeKey(user), mrkdwn, 'PX', NOTICE_MS);
      if (o.dropParts) await parts.drop(user);
      await refresh.answer(user, FRESH_MS);
    },

    /**
     * A task of theirs marked done from the Home tab: a request they confirm in the same click (Slack's
     * confirmation dialog was the Confirm), through the engine, its policy and its audit trail.
     */
    async completeTask(user: string, click: Click, ref: { contactId: string; taskId: string }) {
      const who = await options.identity.who(user);
      if (!who.linked)
        return {
          refusal: 'You are not linked to an SMBcrm user: run `/smbcrm whoami`. Nothing was changed.',
        };
      // A button's value is what the client sent back: only a task assigned to this person is theirs to close.
      const task =
        (await parts.shownTask(user, ref)) ??
        (await smbcrm.listTasks(ref.contactId)).find(
          (t) => t.id === ref.taskId && t.assignedTo === who.userId,
        );
      if (!task)
        return { refusal: ':mag: That task is not among your open tasks in SMBcrm. Nothing was changed.' };
      const params: TaskDoneParams = {
        ...ref,
        contactName: '',
        title: task.title,
        dueDate: task.dueDate ?? null,
      };
      return requests.confirmNow(
        { action: TASK_DONE_ACTION, params, requester: user, channel: HOME_CHANNEL },
        click,
      );
    },

    stop: () => refresh.stop(),
  };
}
