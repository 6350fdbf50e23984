import { Writable } from 'node:stream';
import { WebClient } from '@slack/web-api';
import { createRedis } from '../services/platform/store/redis.js';
import { doctorText } from '../services/presentation/views/doctor.js';
import { ConfigError, loadConfig } from './config/load.js';
import { createServices } from './container.js';
import { createLogger } from './logger.js';

/**
 * `npm run doctor` (or `node dist/src/doctor.js` in the image): the setup checks, with the bot's own settings,
 * printed one line per check with the fix under each failure. Exit 0 when all pass, 1 when one fails, 78 when the
 * settings themselves are wrong.
 */
async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stdout.write(`✗ Settings\n${err.problems.map((p) => `    fix: ${p}`).join('\n')}\n`);
    process.exit(78);
  }
  process.stdout.write('✓ Settings — every setting parses (and the routes file, if any)\n');
  // The checks report what they find; the bot's own log lines would only repeat it.
  const logger = createLogger({
    level: 'silent',
    destination: new Writable({ write: (_c, _e, cb) => cb() }),
  });
  const redis = createRedis(config.redis, logger);
  const client = new WebClient(config.slack.botToken, {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    retryConfig: { retries: 0 },
  });
  const services = createServices({ config, logger, redis, client });
  try {
    const results = await services.doctor();
    process.stdout.write(`${doctorText(results)}\n`);
    process.exitCode = results.some((r) => r.status === 'fail') ? 1 : 0;
  } finally {
    await services.smbcrm.close();
    redis.disconnect();
  }
}

main().catch((err) => {
  process.stderr.write(`doctor failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
