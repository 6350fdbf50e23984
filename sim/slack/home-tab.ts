import { safeJson } from '../http.js';
import { checkBlocks } from './block-kit.js';

/**
 * The Home tab as Slack keeps it: one published view per person (views.publish), checked as Slack checks it.
 * https://docs.slack.dev/reference/methods/views.publish: `not_enabled` when the app's Home tab is off,
 * `invalid_arguments` for a bad user or view, `view_too_large` past 250 kB; a home view holds at most 100 blocks
 * (shared/reference/slack-platform.md §5).
 */
export interface PublishedHome {
  user: string;
  id: string;
  hash: string;
  view: { type: 'home'; blocks: unknown[]; [k: string]: unknown };
}

const MAX_HOME_BLOCKS = 100;
const MAX_VIEW_BYTES = 250_000;

export function createHomeTabs(options: { enabled: () => boolean; isUser: (id: string) => boolean }) {
  const homes = new Map<string, PublishedHome>();
  /** Every views.publish that Slack took, in order (tests count them). */
  const published: PublishedHome[] = [];
  let n = 0;

  return {
    homes,
    published,
    publish(args: Record<string, unknown>): Record<string, unknown> {
      if (!options.enabled()) return { ok: false, error: 'not_enabled' };
      const user = args.user_id;
      if (typeof user !== 'string' || !options.isUser(user))
        return {
          ok: false,
          error: 'invalid_arguments',
          response_metadata: { messages: ['invalid `user_id`'] },
        };
      const view = (typeof args.view === 'string' ? safeJson(args.view) : args.view) as
        | Record<string, unknown>
        | undefined;
      if (view?.type !== 'home' || !Array.isArray(view.blocks))
        return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['invalid `view`'] } };
      if (JSON.stringify(view).length > MAX_VIEW_BYTES) return { ok: false, error: 'view_too_large' };
      const { problems } = checkBlocks(view.blocks, MAX_HOME_BLOCKS);
      if (problems.length)
        return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } };
      if (args.hash !== undefined && args.hash !== homes.get(user)?.hash)
        return { ok: false, error: 'hash_conflict' };
      n += 1;
      const current = homes.get(user);
      const id = current?.id ?? `VH${String(n).padStart(7, '0')}`;
      const home: PublishedHome = { user, id, hash: `${id}.${n}`, view: view as PublishedHome['view'] };
      homes.set(user, home);
      published.push(home);
      return { ok: true, view: { id, hash: home.hash, team_id: 'T0SIM', ...view } };
    },
    reset() {
      homes.clear();
      published.length = 0;
    },
  };
}
