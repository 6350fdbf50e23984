import type { AssistantConfig } from '@slack/bolt';

// Bolt does not export these from its index; they are the types of AssistantConfig's store.
export type AssistantThreadContextStore = NonNullable<AssistantConfig['threadContextStore']>;
type AssistantThreadContext = Awaited<ReturnType<AssistantThreadContextStore['get']>>;

import type { Redis } from '../../platform/store/redis.js';

/**
 * Where the assistant pane's thread context (the channel the person is viewing) is kept: in Redis, per thread.
 * Bolt's default store keeps one object for the whole app and rewrites the bot's first message to hold it
 * (shared/reference/slack-platform.md §7), which mixes up threads as soon as two people use the pane.
 */
type Payload = {
  assistant_thread?: { channel_id?: string; thread_ts?: string; context?: AssistantThreadContext };
  channel?: string;
  thread_ts?: string;
};

const where = (p: Payload) => ({
  channel: p.assistant_thread?.channel_id ?? p.channel,
  threadTs: p.assistant_thread?.thread_ts ?? p.thread_ts,
});

export function createAssistantContextStore(
  redis: Redis,
  prefix: string,
  ttlSeconds: number,
): AssistantThreadContextStore {
  const key = (p: Payload) => {
    const { channel, threadTs } = where(p);
    return channel && threadTs ? `${prefix}assistant:{${channel}:${threadTs}}` : undefined;
  };
  return {
    async get(args) {
      const payload = args.payload as Payload;
      const k = key(payload);
      const raw = k ? await redis.get(k) : null;
      return raw ? (JSON.parse(raw) as AssistantThreadContext) : (payload.assistant_thread?.context ?? {});
    },
    async save(args) {
      const payload = args.payload as Payload;
      const k = key(payload);
      if (k && payload.assistant_thread?.context) {
        await redis.set(k, JSON.stringify(payload.assistant_thread.context), 'EX', ttlSeconds);
      }
    },
  };
}
