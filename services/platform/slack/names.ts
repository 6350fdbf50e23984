import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { JsonCache } from '../store/cache.js';

/**
 * Who is asking and where, as the agent should see it: a person's display name and a channel's name, read from
 * Slack (users.info, conversations.info) and cached in Redis. Nothing else about the workspace is passed on.
 */
export type SlackNames = ReturnType<typeof createSlackNames>;

/**
 * Distinct people named per message at most: each costs a users.info call (Tier 4, shared with every turn) on a
 * cold cache, and a message with hundreds of mentions must not spend the budget every other turn needs.
 */
export const MAX_NAMES_PER_MESSAGE = 20;

export function createSlackNames(options: {
  client: WebClient;
  cache: JsonCache;
  ttlSeconds: number;
  logger: Logger;
}) {
  const { client, cache, ttlSeconds } = options;
  const log = options.logger.child({ component: 'slack-names' });

  async function userName(id: string): Promise<string> {
    try {
      return await cache.getOrLoad(`name:user:${id}`, ttlSeconds, async () => {
        const res = await client.users.info({ user: id });
        const p = res.user?.profile;
        return p?.display_name || p?.real_name || res.user?.real_name || res.user?.name || 'someone';
      });
    } catch (err) {
      log.warn({ err, user: id }, 'users.info failed (is the users:read scope granted?)');
      return 'someone';
    }
  }

  async function channelName(id: string): Promise<string> {
    if (id.startsWith('D')) return 'a direct message';
    try {
      return await cache.getOrLoad(`name:channel:${id}`, ttlSeconds, async () => {
        const res = await client.conversations.info({ channel: id });
        return res.channel?.name ? `#${res.channel.name}` : 'a channel';
      });
    } catch (err) {
      log.warn(
        { err, channel: id },
        'conversations.info failed (are channels:read and groups:read granted?)',
      );
      return 'a channel';
    }
  }

  /**
   * Replaces Slack's mention markup with names, so the agent reads "@Maya", not "<@U0123>". What the person typed
   * stays as Slack sent it: their `<` is `&lt;` and is not turned back into markup the agent could echo.
   */
  async function resolveMentions(text: string): Promise<string> {
    const ids = [
      ...new Set([...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1] as string)),
    ].slice(0, MAX_NAMES_PER_MESSAGE);
    const names = new Map(await Promise.all(ids.map(async (id) => [id, await userName(id)] as const)));
    return text
      .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_m, id: string) => `@${names.get(id) ?? 'someone'}`)
      .replace(/<#C[A-Z0-9]+\|([^>]+)>/g, '#$1')
      .replace(/<!(here|channel|everyone)>/g, '@$1')
      .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
      .replace(/<(https?:[^>]+)>/g, '$1');
  }

  return { userName, channelName, resolveMentions };
}
