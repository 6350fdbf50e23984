import { parseArgs } from 'node:util';
import { createWebhookQueue } from '../services/domain/webhooks/queue.js';
import { createRedis } from '../services/platform/store/redis.js';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/logger.js';

/**
 * `npm run webhooks -- <list | replay [entry-id …] | depth>`: the operator's view of the webhook queue, with the
 * bot's own settings (REDIS_URL, REDIS_KEY_PREFIX). Replayed events go back to their channel's queue and are posted
 * by whichever instance's worker takes them. Event payloads are not printed (they hold personal data).
 */
const { positionals } = parseArgs({ allowPositionals: true });
const [command = 'list', ...ids] = positionals;

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(78);
}
const logger = createLogger({ level: 'warn', destination: process.stderr });
const redis = createRedis(config.redis, logger);
const queue = createWebhookQueue({
  redis,
  prefix: config.redis.keyPrefix,
  logger,
  channelIntervalMs: 0,
  maxAttempts: 1,
  deliver: async () => {
    throw new Error('this tool does not post');
  },
});

try {
  if (command === 'list') {
    const dead = await queue.dead();
    process.stdout.write(`${dead.length} dead-lettered event(s)\n`);
    for (const d of dead) {
      process.stdout.write(
        `${d.id}  ${d.event}  -> ${d.channel}  ${d.attempts} attempts  dead ${d.deadAt}  ${d.reason}\n`,
      );
    }
  } else if (command === 'replay') {
    const n = await queue.replay(ids.length ? ids : undefined);
    process.stdout.write(`replayed ${n} event(s)\n`);
  } else if (command === 'depth') {
    process.stdout.write(`${JSON.stringify(await queue.depth())}\n`);
  } else {
    process.stderr.write('usage: npm run webhooks -- list | replay [entry-id …] | depth\n');
    process.exitCode = 2;
  }
} finally {
  redis.disconnect();
}
