import type { Logger } from 'pino';
import type { Redis } from '../services/platform/store/redis.js';
import { createBot, listeningPort } from '../src/app.js';
import type { Config } from '../src/config/load.js';
import { createSlackDriver } from './slack/driver.js';
import type { SimStack } from './stack.js';

/**
 * One real bot, in this process, on a sim stack (sim/stack.ts): HTTP on a free port (or Socket Mode when the
 * settings say so), with the driver that plays Slack towards it. The demo, the tests and the benchmark start their
 * bots here.
 */
export async function startBotInstance(
  stack: SimStack,
  o: { config: Config; logger: Logger; redis: Redis } & Omit<
    Parameters<typeof createBot>[0],
    'config' | 'logger' | 'redis'
  >,
) {
  const bot = createBot(o);
  const socketMode = o.config.slack.socketMode;
  // In Socket Mode the bot serves only health and webhooks on PORT (Slack's requests come over the socket).
  const port = socketMode ? o.config.port : listeningPort(await bot.start(0));
  if (socketMode) await bot.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  const driver = createSlackDriver({
    requestUrl: `${baseUrl}/slack/events`,
    signingSecret: stack.signingSecret,
    slack: stack.slack,
    transport: socketMode ? 'socket' : 'http',
  });
  return { bot, port, baseUrl, driver, stop: () => bot.stop() };
}
