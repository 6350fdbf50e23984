import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { JsonCache } from '../store/cache.js';

/**
 * Who is in a channel, and whether the bot is: what a view outside the channel (the Home tab) may show of a request
 * made in it, and where a request's card can be posted. Members come from conversations.members (channels:read,
 * groups:read), cached; when they cannot be read the answer is "no" (nothing is shown rather than too much).
 * https://docs.slack.dev/reference/methods/conversations.members
 */
const MAX_PAGES = 10; // 10,000 members: a bigger channel's requests stay off the Home tab (approved on the card)

export type Channels = ReturnType<typeof createChannels>;

export function createChannels(options: {
  /** A client that fails fast (no retries, a short timeout): these answers are awaited inside Slack's 3 s. */
  client: WebClient;
  cache: JsonCache;
  ttlSeconds: number;
  logger: Logger;
}) {
  const log = options.logger.child({ component: 'channels' });
  async function members(channel: string): Promise<string[]> {
    return options.cache.getOrLoad(`slack:members:${channel}`, options.ttlSeconds, async () => {
      const out: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const res = await options.client.conversations.members({
          channel,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        });
        out.push(...(res.members ?? []));
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) return out;
      }
      return []; // too big to hold: treated as unknown
    });
  }
  return {
    /** Who is in `channel` (nobody when it cannot be told): read once for many people. */
    async membersOf(channel: string): Promise<Set<string>> {
      if (!/^[CG][A-Z0-9]+$/.test(channel)) return new Set();
      try {
        return new Set(await members(channel));
      } catch (err) {
        log.warn(
          { err, channel },
          'could not read the members of a channel: its requests stay off the Home tab',
        );
        return new Set();
      }
    },
    /** Whether `user` is in `channel` (false when it cannot be told). */
    async has(channel: string, user: string): Promise<boolean> {
      return (await this.membersOf(channel)).has(user);
    },
    /**
     * Whether the bot is in `channel` (conversations.info `is_member`): where a request's card can go. Asked while
     * a modal waits for its answer (3 s), so `client` must not retry: `unknown` when Slack did not say.
     */
    async botIsIn(channel: string): Promise<'yes' | 'no' | 'unknown'> {
      try {
        const res = await options.client.conversations.info({ channel });
        return res.channel?.is_member === true ? 'yes' : 'no';
      } catch (err) {
        log.warn({ err, channel }, 'could not read a channel');
        return 'unknown';
      }
    },
  };
}
