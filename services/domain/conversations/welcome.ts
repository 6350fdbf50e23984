import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Redis } from '../../platform/store/redis.js';
import {
  agentNotConfiguredText,
  assistantGreeting,
  assistantPrompts,
} from '../../presentation/views/agent.js';

/**
 * The Messages tab of Slack's agent messaging experience (`features.agent_view`): when a person opens it
 * (`app_home_opened` with `tab: "messages"`), the suggested prompts are set, at most once an hour per person, and
 * the first time a short greeting is posted. Suggested prompts take no `thread_ts` in the agent view (with one, the
 * call "silently fails"); they pin to the top of the tab.
 * https://docs.slack.dev/ai/migrating-to-agent-messaging
 */
export function createWelcome(options: {
  client: WebClient;
  redis: Redis;
  prefix: string;
  logger: Logger;
  /** Whether an agent is configured (SMBCRM_AGENT_ID); without one the greeting says how to set it up. */
  agent: boolean;
}) {
  const { client, redis, prefix } = options;
  const log = options.logger.child({ component: 'welcome' });
  const PROMPTS_EVERY_S = 3_600;
  const GREET_ONCE_S = 365 * 86_400;

  return {
    /** A person opened the bot's Messages tab. Resolves with what was done, for the request's log line. */
    async messagesOpened(user: string, channel: string): Promise<'greeted' | 'prompted' | 'quiet'> {
      const once = (key: string, ttl: number) =>
        redis.set(`${prefix}${key}:${user}`, '1', 'EX', ttl, 'NX').then((r) => r === 'OK');
      if (!(await once('welcome:prompts', PROMPTS_EVERY_S))) return 'quiet';
      await client.assistant.threads
        .setSuggestedPrompts({ channel_id: channel, prompts: assistantPrompts, title: 'Try one of these:' })
        .catch((err: unknown) => log.warn({ err, user }, 'could not set the suggested prompts'));
      if (!(await once('welcome:greeted', GREET_ONCE_S))) return 'prompted';
      await client.chat.postMessage({
        channel,
        text: options.agent ? assistantGreeting : agentNotConfiguredText,
      });
      return 'greeted';
    },
  };
}

export type Welcome = ReturnType<typeof createWelcome>;
