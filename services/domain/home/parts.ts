import type { SmbcrmClient } from '../../platform/smbcrm/client.js';
import type { Pipeline, Task } from '../../platform/smbcrm/schemas.js';
import type { Redis } from '../../platform/store/redis.js';
import { describeError } from '../../presentation/views/error-text.js';
import type { HomeData } from '../../presentation/views/home.js';

/** Any age will do: a refresh for someone else's change never reads SMBcrm. */
export const KEPT_ANY_AGE = Number.POSITIVE_INFINITY;

type Parts = Pick<HomeData, 'deals' | 'tasks'> & { at: number };

/**
 * A person's open deals and tasks for their Home tab: two SMBcrm reads (the opportunity search by owner and the
 * location's task search by assignee; stage names from the shared pipelines cache), kept in Redis with only what
 * the tab shows (a task's body, free text, is not kept). A part that failed is not kept, so the next open retries.
 */
export function createHomeParts(options: {
  smbcrm: SmbcrmClient;
  pipelines: () => Promise<Pipeline[]>;
  redis: Redis;
  prefix: string;
  keepMs: number;
  now: () => number;
}) {
  const { smbcrm, redis } = options;
  const key = (user: string) => `${options.prefix}home:parts:${user}`;
  const slim = (t: Task): Task => ({
    id: t.id,
    title: t.title,
    dueDate: t.dueDate ?? null,
    completed: t.completed ?? false,
    assignedTo: t.assignedTo ?? null,
    contactId: t.contactId ?? null,
  });

  async function load(userId: string): Promise<Parts> {
    const failed = (err: unknown) => ({ kind: 'error' as const, text: describeError(err).text });
    const [deals, tasks] = await Promise.all([
      Promise.all([
        smbcrm.searchOpportunities({ assignedTo: userId, status: 'open', limit: 100 }),
        options.pipelines(),
      ]).then(
        ([found, pipelines]) => ({
          kind: 'ok' as const,
          value: { opportunities: found.opportunities, pipelines, total: found.meta.total },
        }),
        failed,
      ),
      smbcrm
        .searchTasks(smbcrm.locationId, { assignedTo: [userId], completed: false, limit: 100 })
        .then((value) => ({ kind: 'ok' as const, value: value.map(slim) }), failed),
    ]);
    return { at: options.now(), deals, tasks };
  }

  async function kept(user: string): Promise<Parts | undefined> {
    const raw = await redis.get(key(user));
    return raw ? (JSON.parse(raw) as Parts) : undefined;
  }

  return {
    /** Kept ones when younger than `maxAgeMs`; else read (never when `maxAgeMs` is KEPT_ANY_AGE). */
    async get(user: string, userId: string, maxAgeMs: number): Promise<Parts> {
      const k = await kept(user);
      if (k && options.now() - k.at <= maxAgeMs) return k;
      if (maxAgeMs === KEPT_ANY_AGE) {
        const later = { kind: 'error' as const, text: 'Not loaded yet: press *Refresh*.' };
        return { at: options.now(), deals: later, tasks: later };
      }
      const p = await load(userId);
      if (p.deals.kind === 'ok' && p.tasks.kind === 'ok')
        await redis.set(key(user), JSON.stringify(p), 'PX', options.keepMs);
      return p;
    },
    drop: async (user: string) => {
      await redis.del(key(user));
    },
    /** A task the person's tab showed them (theirs), by its ids. */
    async shownTask(user: string, ref: { contactId: string; taskId: string }): Promise<Task | undefined> {
      const tasks = (await kept(user))?.tasks;
      return tasks?.kind === 'ok'
        ? tasks.value.find((t) => t.id === ref.taskId && t.contactId === ref.contactId)
        : undefined;
    },
  };
}
