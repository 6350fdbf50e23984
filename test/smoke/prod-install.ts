import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simBotEnv } from '../../sim/bot-env.js';
import { messageText } from '../../sim/slack/block-kit.js';
import { createSlackDriver } from '../../sim/slack/driver.js';
import { createSlackSimulator } from '../../sim/slack/server.js';
import { createSmbcrmSimulator } from '../../sim/smbcrm/server.js';
import { freePort, startRedisServer } from '../helpers/redis-server.js';

/**
 * The production install, as the Dockerfile makes it and `.ci/run` proves it on every submission: a clean copy
 * with the built `dist/`, `npm ci --omit=dev`, then `node dist/src/index.js` against the simulators and a throwaway
 * redis-server. It must answer /readyz 200 and a signed `/smbcrm help`, then stop cleanly on SIGTERM.
 * Run from the repository after `npm run build`: `npx tsx test/smoke/prod-install.ts`.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const step = (s: string) => process.stdout.write(`prod-install: ${s}\n`);

async function waitFor(check: () => Promise<boolean>, what: string, child: ChildProcess, ms = 30_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}) before ${what}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const dir = mkdtempSync(join(tmpdir(), 'smbcrm-prod-'));
const redis = await startRedisServer();
const smbcrm = await createSmbcrmSimulator({ record: false });
const botToken = 'xoxb-prod-install-smoke';
const slack = await createSlackSimulator({ botToken });
let bot: ChildProcess | undefined;
let failed = false;
try {
  for (const f of ['package.json', 'package-lock.json', 'dist'])
    cpSync(join(root, f), join(dir, f), { recursive: true });
  step(`npm ci --omit=dev in ${dir}`);
  execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });

  const port = await freePort();
  const signingSecret = randomBytes(16).toString('hex');
  let output = '';
  bot = spawn(process.execPath, ['dist/src/index.js'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      ...simBotEnv({ botToken, signingSecret, slackApiUrl: slack.apiUrl, smbcrmUrl: smbcrm.url }),
      REDIS_URL: redis.url,
      PORT: String(port),
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stdout?.on('data', (d) => {
    output += String(d);
  });
  bot.stderr?.on('data', (d) => {
    output += String(d);
  });
  const exited = new Promise<number | null>((resolve) => bot?.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => (await fetch(`${url}/readyz`)).status === 200, '/readyz 200', bot);
  } catch (err) {
    process.stderr.write(output);
    throw err;
  }
  step('/readyz 200');

  const driver = createSlackDriver({ requestUrl: `${url}/slack/events`, signingSecret, slack });
  const ack = await driver.command({ user: 'U0SMOKE', channel: 'C0SMOKE', text: 'help' });
  if (ack.status !== 200 || !messageText(ack.json ?? {}).includes('SMBcrm in Slack'))
    throw new Error(`/smbcrm help answered ${ack.status}: ${ack.body.slice(0, 200)}`);
  step('a signed /smbcrm help answered 200 with the help');

  bot.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 30_000))]);
  if (code !== 0) throw new Error(`on SIGTERM the bot exited with ${String(code)}, not 0`);
  step('SIGTERM: stopped cleanly (exit 0)');
} catch (err) {
  failed = true;
  process.stderr.write(`prod-install: FAILED: ${(err as Error).message}\n`);
  bot?.kill('SIGKILL');
} finally {
  await Promise.all([smbcrm.close(), slack.close(), redis.stop()]);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
