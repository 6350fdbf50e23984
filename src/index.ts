import { SlackTokenError } from '../services/platform/slack/installation.js';
import { createRedis } from '../services/platform/store/redis.js';
import { createBot, listeningPort } from './app.js';
import { ConfigError, loadConfig } from './config/load.js';
import { createLogger } from './logger.js';

/** Entry point: settings, logger, Redis, the bot; SIGTERM/SIGINT shut it down cleanly. */
async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel });
  // A last net: no request may end the process. Bolt runs some of its work in promises nobody awaits; a failure
  // there is logged as an error (and found and fixed) rather than taking every conversation down with it.
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled promise rejection'));
  const redis = createRedis(config.redis, logger);
  const bot = createBot({ config, logger, redis });
  let server: Awaited<ReturnType<typeof bot.start>>;
  try {
    server = await bot.start();
  } catch (err) {
    if (err instanceof SlackTokenError) {
      // A token Slack refuses will not start working by itself: stop, naming the setting (EX_CONFIG).
      logger.fatal(err.message);
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  logger.info(
    {
      mode: config.slack.socketMode ? 'socket' : 'http',
      port: config.slack.socketMode ? config.port : listeningPort(server),
    },
    'SMBcrm bot started',
  );

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal, inflight: bot.inflight.count }, 'shutting down');
    try {
      await bot.stop();
      await redis.quit();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`SMBcrm bot failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
