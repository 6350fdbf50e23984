import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { inject } from 'vitest';
import { createRedis, keysEverywhere, type Redis } from '../../services/platform/store/redis.js';
import { startBotInstance } from '../../sim/bot-instance.js';
import { messageText } from '../../sim/slack/block-kit.js';
import { buttonsOf } from '../../sim/slack/driver.js';
import type { SimMessage, SlackSimOptions } from '../../sim/slack/server.js';
import type { SmbcrmSimOptions } from '../../sim/smbcrm/server.js';
import { startSimStack } from '../../sim/stack.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from './redis-server.js';

export const SLACK_BOT_TOKEN = 'xoxb-sim-test-bot-token';
export const SLACK_APP_TOKEN = 'xapp-sim-test-app-token';
export const SLACK_USERS = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice Ames' },
  { id: 'U0BOB', name: 'bob', realName: 'Bob Burns' },
];

export interface HarnessOptions {
  smbcrm?: SmbcrmSimOptions;
  slack?: Partial<SlackSimOptions>;
  /** Whether the first instance runs the webhook worker (default true). */
  webhookWorker?: boolean;
  /** The Slack Web API client's retry policy (default: no retries, so a failure shows at once). */
  slackRetryConfig?: { retries: number; factor?: number; minTimeout?: number; maxTimeout?: number };
  env?: Record<string, string>;
  /** The undici dispatcher for the bot's SMBcrm calls (e.g. one that delays requests, as a slow network does). */
  smbcrmDispatcher?: Dispatcher;
  /** Run the bot in Socket Mode: Slack's requests arrive as envelopes over the connection it opens to the simulator. */
  socketMode?: boolean;
}

/** Captured pino output: every line the bot logged, raw and parsed, and a wait for a line to come. */
export function captureLogs() {
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      for (const w of waiters) w();
      cb();
    },
  });
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    stream,
    lines,
    parsed,
    /** Resolves with the first line (from index `from` on) that matches, as soon as the bot logs it. */
    waitFor(match: (line: Record<string, unknown>) => boolean, from = 0, timeoutMs = 8_000) {
      return new Promise<Record<string, unknown>>((resolve, reject) => {
        const check = () => {
          for (let i = from; i < lines.length; i++) {
            const line = JSON.parse(lines[i] as string) as Record<string, unknown>;
            if (match(line)) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(line);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching log line within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/**
 * The real bot, started over HTTP on a free port against both simulators and the test run's Redis (under a key
 * prefix of its own). `lookup()` sends a signed slash command and returns what the bot posted to its response_url.
 */
export async function startHarness(options: HarnessOptions = {}) {
  const stack = await startSimStack({
    botToken: SLACK_BOT_TOKEN,
    smbcrm: { notFoundStatus: 400, ...options.smbcrm },
    slack: {
      appToken: SLACK_APP_TOKEN,
      users: SLACK_USERS,
      channels: [{ id: 'C0SALES', name: 'sales' }],
      ...options.slack,
    },
  });
  const { smbcrm, slack, signingSecret } = stack;
  const keyPrefix = `test${randomBytes(4).toString('hex')}:`;
  const env = {
    ...stack.env(),
    ...inject('redisEnv'),
    SMBCRM_TIMEOUT_MS: '2000',
    REDIS_KEY_PREFIX: keyPrefix,
    LOG_LEVEL: 'debug',
    PORT: '0',
    ...(options.socketMode ? { SLACK_APP_TOKEN, PORT: String(await freePort()) } : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  const logs = captureLogs();

  /** One bot instance on the shared simulators and Redis; a test may start several (or restart one). */
  async function startInstance(instanceOptions: { webhookWorker?: boolean } = {}) {
    const logger = createLogger({ level: config.logLevel, destination: logs.stream });
    const redis: Redis = createRedis(config.redis, logger);
    const { bot, baseUrl, driver } = await startBotInstance(stack, {
      config,
      logger,
      redis,
      webhookWorker: instanceOptions.webhookWorker,
      dispatcher: options.smbcrmDispatcher,
      slackClientOptions: { retryConfig: options.slackRetryConfig ?? { retries: 0 } },
      drainTimeoutMs: 5_000,
      socketPingTimeoutMs: 1_000,
    });
    return {
      bot,
      redis,
      baseUrl,
      driver,
      async stop() {
        await bot.stop().catch(() => {});
        redis.disconnect();
      },
    };
  }
  const first = await startInstance({ webhookWorker: options.webhookWorker });
  const { bot, redis, baseUrl, driver } = first;
  const instances = [first];

  /** The next message the bot posts through a response_url after `since` posts. */
  const nextReply = (since: number, timeoutMs = 8_000) =>
    slack.waitFor(
      () => slack.responsePosts.slice(since).find((p) => p.status === 200 && !p.body.delete_original),
      timeoutMs,
    );

  return {
    smbcrm,
    slack,
    driver,
    bot,
    redis,
    config,
    /** The bot's settings, as environment variables (for tools run in their own process). */
    env,
    logs,
    baseUrl,
    signingSecret,
    keyPrefix,
    nextReply,
    /** Another instance of the bot sharing this one's Redis and simulators. */
    async addInstance(instanceOptions: { webhookWorker?: boolean } = {}) {
      const instance = await startInstance(instanceOptions);
      instances.push(instance);
      return instance;
    },
    /** POSTs a workflow webhook to an instance (the first by default), as SMBcrm's Custom Webhook action does. */
    async webhook(body: unknown, headers: Record<string, string> = {}, instance = first) {
      const res = await fetch(`${instance.baseUrl}/webhooks/smbcrm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-smbcrm-source': 'workflow', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    /** The bot's messages in a thread, oldest first (the root excluded). */
    botReplies(channel: string, threadTs: string): SimMessage[] {
      return slack.messages.filter(
        (m) => m.channel === channel && m.thread_ts === threadTs && m.bot_id && !m.deleted,
      );
    },
    /** Waits until the bot has posted `count` finished answers (with feedback buttons) in the thread. */
    answers(channel: string, threadTs: string, count = 1, timeoutMs = 8_000) {
      const done = () =>
        slack.messages.filter(
          (m) =>
            m.channel === channel &&
            m.thread_ts === threadTs &&
            m.bot_id &&
            JSON.stringify(m.blocks ?? []).match(/agent_feedback_up|agent_retry/),
        );
      return slack.waitFor(() => (done().length >= count ? done() : undefined), timeoutMs);
    },
    /**
     * Resolves once the bot has finished `count` more Slack requests (its end-of-request log lines after `from`):
     * what a test waits for before asserting that a request changed nothing.
     */
    async requestsDone(count: number, from: number, kind: 'command' | 'action' | 'event') {
      const done = () =>
        logs
          .parsed()
          .slice(from)
          .filter((l) => l.msg === 'slack request' && l.kind === kind).length >= count;
      await logs.waitFor(() => done(), from);
    },
    /**
     * A click on a message's button, resolved once the bot has finished with it: its end-of-request log line
     * (written after the listener's work, ack and answer included).
     */
    async click(
      user: string,
      message: SimMessage,
      actionId: string,
      extra: Omit<Parameters<typeof driver.click>[0], 'user' | 'message' | 'actionId'> & {
        driver?: typeof driver;
      } = {},
    ) {
      const from = logs.lines.length;
      const res = await (extra.driver ?? driver).click({ ...extra, user, message, actionId });
      const line = await logs.waitFor((l) => l.msg === 'slack request' && l.kind === 'action', from);
      return { res, line };
    },
    /** `/smbcrm <text>` from a user; resolves with the ack and the reply posted to the response_url. */
    async command(text: string, user = 'U0ALICE', channel = 'C0SALES') {
      const before = slack.responsePosts.length;
      const ack = await driver.command({ user, channel, text });
      return { ack, reply: ack.status === 200 && !ack.body ? await nextReply(before) : undefined };
    },
    /** The newest message visible to `user` in `channel` (ephemeral ones included). */
    latestMessage(channel = 'C0SALES', user = 'U0ALICE'): SimMessage | undefined {
      return slack.messages
        .filter((m) => m.channel === channel && !m.deleted && (!m.visibleTo || m.visibleTo === user))
        .at(-1);
    },
    /** SMBcrm calls the bot has made, excluding those before `since`. */
    smbcrmCalls(since = 0) {
      return smbcrm.exchanges.slice(since).map((e) => `${e.method} ${e.path}`);
    },
    async close() {
      const keys = await keysEverywhere(redis, `${keyPrefix}*`).catch(() => [] as string[]);
      await Promise.all(keys.map((k) => redis.del(k).catch(() => {}))); // one by one: keys live in different slots
      await Promise.all(instances.map((i) => i.stop()));
      await stack.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** A harness of its own for one test, closed whatever happens. */
export async function withHarness(options: HarnessOptions, run: (h: Harness) => Promise<void>) {
  const h = await startHarness(options);
  try {
    await run(h);
  } finally {
    await h.close();
  }
}
export { buttonsOf, messageText };
