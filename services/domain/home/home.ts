import type { HomeView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { SmbcrmClient } from '../../platform/smbcrm/client.js';
import type { Opportunity, Pipeline, Task } from '../../platform/smbcrm/schemas.js';
import type { Redis } from '../../platform/store/redis.js';
import { describeError } from '../../presentation/views/error-text.js';
import {
  type HomeData,
  type HomePart,
  homeUnavailableView,
  homeView,
} from '../../presentation/views/home.js';
import type { Click } from '../approvals/engine.js';
import type { ApprovalRequests } from '../approvals/requests.js';
import type { ApprovalRecord } from '../approvals/store.js';
import type { IdentityService } from '../identity/identity.js';
import { TASK_DONE_ACTION, type TaskDoneParams } from '../writes/task-done.js';
import { createHomeRefresh } from './refresh.js';

/**
 * Each person's Home tab (views.publish on app_home_opened, tab "home"): what waits for them (requests they may
 * approve, their own pending ones), their open deals and their open tasks.
 *
 * SMBcrm cost: two calls per build at most (the opportunity search by owner and the task search; pipelines come
 * from the shared cache), kept per person in Redis. Opening the tab or Refresh reloads them when older than
 * FRESH_MS; a refresh because of someone else's change (an approval decided) reuses them up to KEEP_MS, so a busy
 * approval channel does not turn into SMBcrm calls for everyone who once opened the tab. A person's own write
 * drops theirs. A part that cannot be loaded says so in the view.
 * https://docs.slack.dev/reference/methods/views.publish
 */
const FRESH_MS = 60_000;
const KEEP_MS = 15 * 60_000;
/** How long the outcome of a click stays on top of the tab. */
const NOTICE_MS = 120_000;
/** Who opened the tab lately: the people a change to the pending requests is republished for. */
const SEEN_MS = 24 * 3_600_000;
const MAX_SEEN = 200;

interface Parts {
  at: number;
  deals: HomePart<{ opportunities: Opportunity[]; pipelines: Pipeline[] }>;
  tasks: HomePart<Task[]>;
}

export interface HomeOptions {
  requests: ApprovalRequests;
  identity: IdentityService;
  smbcrm: SmbcrmClient;
  pipelines: () => Promise<Pipeline[]>;
  client: WebClient;
  redis: Redis;
  prefix: string;
  currency: string;
  links: { opportunities: () => string; tasks: () => string };
  workspace: () => string | undefined;
  /** How many setup checks fail (the doctor's), for approvers; cached by the caller. */
  /** How many setup checks fail (the doctor's last summary), for approvers; undefined while not known. */
  setupProblems?: () => number | undefined;
  logger: Logger;
  now?: () => number;
}

export type Home = ReturnType<typeof createHome>;

export function createHome(options: HomeOptions) {
  const { smbcrm, requests, redis, prefix } = options;
  const log = options.logger.child({ component: 'home' });
  const now = options.now ?? Date.now;
  const partsKey = (user: string) => `${prefix}home:parts:${user}`;
  const noticeKey = (user: string) => `${prefix}home:notice:${user}`;
  const seenKey = `${prefix}home:seen`;

  async function loadParts(userId: string): Promise<Parts> {
    const failed = (err: unknown) => ({ kind: 'error' as const, text: describeError(err).text });
    const [deals, tasks] = await Promise.all([
      Promise.all([
        smbcrm.searchOpportunities({ assignedTo: userId, status: 'open', limit: 100 }),
        options.pipelines(),
      ]).then(
        ([found, pipelines]) => ({
          kind: 'ok' as const,
          value: { opportunities: found.opportunities, pipelines },
        }),
        failed,
      ),
      smbcrm
        .searchTasks(smbcrm.locationId, { assignedTo: [userId], completed: false, limit: 100 })
        .then((value) => ({ kind: 'ok' as const, value }), failed),
    ]);
    return { at: now(), deals, tasks };
  }

  /** The person's deals and tasks: kept ones when fresh enough for this reason, else read from SMBcrm. */
  async function parts(user: string, userId: string, maxAgeMs: number): Promise<Parts> {
    const kept = await redis.get(partsKey(user));
    if (kept) {
      const p = JSON.parse(kept) as Parts;
      if (now() - p.at <= maxAgeMs) return p;
    }
    const p = await loadParts(userId);
    // A part that failed is not kept: the next build tries again.
    if (p.deals.kind === 'ok' && p.tasks.kind === 'ok')
      await redis.set(partsKey(user), JSON.stringify(p), 'PX', KEEP_MS);
    return p;
  }

  async function build(user: string, maxAgeMs = FRESH_MS): Promise<HomeData> {
    const workspace = options.workspace();
    const [who, all, mine, notice] = await Promise.all([
      options.identity.who(user),
      requests.pendingAll(50),
      requests.pendingOf(user),
      redis.get(noticeKey(user)),
    ]);
    const waiting: ApprovalRecord[] = [];
    for (const r of all)
      if (r.requester !== user && (await requests.mayDecide(r, user, workspace)).allowed) waiting.push(r);
    const base: HomeData = {
      who,
      ...(notice ? { notice } : {}),
      waiting,
      mine,
      deals: { kind: 'unlinked' },
      tasks: { kind: 'unlinked' },
      currency: options.currency,
      links: { opportunities: options.links.opportunities(), tasks: options.links.tasks() },
      now: now(),
    };
    if (!who.linked) return base;
    const [p, mayApprove] = await Promise.all([
      parts(user, who.userId, maxAgeMs),
      requests.mayApprove('opportunity.move', user, workspace),
    ]);
    const setupProblems = mayApprove.allowed ? options.setupProblems?.() : undefined;
    return {
      ...base,
      deals: p.deals,
      tasks: p.tasks,
      ...(setupProblems !== undefined ? { setupProblems } : {}),
    };
  }

  const refresh = createHomeRefresh({
    redis,
    prefix,
    logger: log,
    publish: async (user, maxAgeMs) => {
      let view: HomeView;
      try {
        view = homeView(await build(user, maxAgeMs));
      } catch (err) {
        log.error({ err, user }, 'could not build a Home tab');
        view = homeUnavailableView(describeError(err).text);
      }
      await options.client.views.publish({ user_id: user, view });
    },
  });

  /** A change to a request: its requester's tab, and, for a listed one, the tab of everyone who opened it lately. */
  async function changed(record: ApprovalRecord): Promise<void> {
    if (record.status === 'done') await redis.del(partsKey(record.requester));
    const since = now() - SEEN_MS;
    const seen = await redis.zrangebyscore(seenKey, since, '+inf', 'LIMIT', 0, MAX_SEEN);
    const who = new Set(seen.filter((u) => u === record.requester || !record.channel.startsWith('D')));
    for (const user of who) refresh.soon(user, KEEP_MS);
  }
  requests.onChange((record) => {
    changed(record).catch((err: Error) =>
      log.warn({ err }, 'could not refresh the Home tabs a request is on'),
    );
  });

  return {
    build,

    /** The person opened their Home tab: published now (or within the throttle), SMBcrm parts if not fresh. */
    async opened(user: string): Promise<'published' | 'later'> {
      await redis.zadd(seenKey, now(), user);
      await redis.zremrangebyscore(seenKey, '-inf', now() - SEEN_MS);
      await redis.pexpire(seenKey, SEEN_MS);
      return refresh.now(user, FRESH_MS);
    },

    /** Refresh pressed: everything read again. */
    async reload(user: string): Promise<'published' | 'later'> {
      await redis.del(partsKey(user));
      return refresh.now(user, FRESH_MS);
    },

    /** The outcome of the person's click, shown on top of their tab for a while, and the tab refreshed. */
    async tell(user: string, mrkdwn: string, options: { dropParts?: boolean } = {}): Promise<void> {
      await redis.set(noticeKey(user), mrkdwn, 'PX', NOTICE_MS);
      if (options.dropParts) await redis.del(partsKey(user));
      await refresh.answer(user, FRESH_MS);
    },

    /**
     * A task of theirs marked done from the Home tab: a request they confirm in the same click (Slack's
     * confirmation dialog was the Confirm), through the engine, its policy and its audit.
     */
    async completeTask(user: string, click: Click, ref: { contactId: string; taskId: string }) {
      // Its title from the tasks this tab showed (no SMBcrm call), else from the contact's tasks.
      const kept = await redis.get(partsKey(user));
      const shown = kept ? (JSON.parse(kept) as Parts).tasks : undefined;
      // A button's value is what the client sent back: only a task assigned to this person is theirs to close.
      const who = await options.identity.who(user);
      const task = who.linked
        ? ((shown?.kind === 'ok' ? shown.value : []).find(
            (t) => t.id === ref.taskId && t.contactId === ref.contactId,
          ) ??
          (await smbcrm.listTasks(ref.contactId)).find(
            (t) => t.id === ref.taskId && t.assignedTo === who.userId,
          ))
        : undefined;
      if (!task) return { refusal: ':mag: That task is no longer in SMBcrm. Nothing was changed.' };
      const params: TaskDoneParams = {
        ...ref,
        contactName: '',
        title: task.title,
        dueDate: task.dueDate ?? null,
      };
      return requests.confirmNow(
        { action: TASK_DONE_ACTION, params, requester: user, channel: `D${user.slice(1)}` },
        click,
      );
    },

    stop: () => refresh.stop(),
  };
}
