import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { simBotEnv } from '../../sim/bot-env.js';
import { createSlackDriver } from '../../sim/slack/driver.js';
import { createSlackSimulator, type SlackSimulator } from '../../sim/slack/server.js';
import { TEST_LOCATION_ID, TEST_TOKEN } from '../../sim/smbcrm/seed.js';
import { createSmbcrmSimulator, type SmbcrmSimulator } from '../../sim/smbcrm/server.js';
import { SLACK_BOT_TOKEN } from '../helpers/harness.js';
import { freePort } from '../helpers/redis-server.js';

/** The real entry point (src/index.ts) in its own process, as `npm start` runs it. */
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

function runBot(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d) => {
    out.stdout += String(d);
  });
  child.stderr?.on('data', (d) => {
    out.stderr += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exited };
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error('bot exited early');
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('bot did not become healthy');
}

describe('the bot process', () => {
  it('refuses to start on bad settings, naming every problem and echoing no value (exit 78)', async () => {
    const { out, exited } = runBot({
      SLACK_BOT_TOKEN: 'xoxp-NOT-A-BOT-TOKEN-12345',
      SMBCRM_TOKEN: 'pit-0000000B-0000-4000-8000-00000000BEEF',
      REDIS_URL: 'mysql://user:hunter2@db',
    });
    expect(await exited).toBe(78);
    expect(out.stderr).toContain('Invalid configuration (4 problems)');
    for (const p of [
      'SLACK_BOT_TOKEN must start with "xoxb-"',
      'SMBCRM_LOCATION_ID is required',
      'REDIS_URL must be a redis://',
      'SLACK_SIGNING_SECRET is required',
    ]) {
      expect(out.stderr).toContain(p);
    }
    expect(out.stderr + out.stdout).not.toMatch(/NOT-A-BOT-TOKEN|hunter2|BEEF/);
  });

  it('stops at start-up when Slack refuses the bot token, naming the setting (exit 78), without echoing it', async () => {
    const slack = await createSlackSimulator({ botToken: SLACK_BOT_TOKEN });
    const smbcrm = await createSmbcrmSimulator();
    try {
      const { out, exited } = runBot({
        ...simBotEnv({
          botToken: 'xoxb-revoked-0000-REFUSED',
          signingSecret: randomBytes(16).toString('hex'),
          slackApiUrl: slack.apiUrl,
          smbcrmUrl: smbcrm.url,
        }),
        ...inject('redisEnv'),
        PORT: String(await freePort()),
      });
      expect(await exited).toBe(78);
      expect(out.stderr).toContain('SLACK_BOT_TOKEN was refused by Slack (invalid_auth)');
      expect(out.stderr + out.stdout).not.toContain('REFUSED');
      expect(out.stdout).not.toContain('SMBcrm bot started');
    } finally {
      await Promise.all([slack.close(), smbcrm.close()]);
    }
  });

  it('`npm run sim` prints every setting the bot needs (the agent id too), serves the demo data, and exits with npm', async () => {
    const port = await freePort();
    const npm = spawn('npm', ['run', 'sim', '--', '--port', String(port)], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout?.on('data', (d) => {
      out += String(d);
    });
    const until = Date.now() + 20_000;
    while (!out.includes('Ctrl-C to stop') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('SMBCRM_AGENT_ID=AgtSimFrontDesk0001');
    expect(out).toContain('(demo data)');
    const search = await fetch(`http://127.0.0.1:${port}/contacts/search`, {
      method: 'POST',
      headers: {
        version: '2021-07-28',
        authorization: `Bearer ${TEST_TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ locationId: TEST_LOCATION_ID, pageLimit: 5, query: 'chloé' }),
    });
    expect(JSON.stringify(await search.json())).toContain('Dubois');
    npm.kill('SIGKILL'); // npm gone at once: no signal reaches its children
    const gone = Date.now() + 10_000;
    let closed = false;
    while (!closed && Date.now() < gone) {
      closed = await fetch(`http://127.0.0.1:${port}/`).then(
        () => false,
        () => true,
      );
      if (!closed) await new Promise((r) => setTimeout(r, 200));
    }
    expect(closed).toBe(true);
  }, 40_000);

  describe('on SIGTERM', () => {
    let smbcrm: SmbcrmSimulator;
    let slack: SlackSimulator;
    beforeAll(async () => {
      smbcrm = await createSmbcrmSimulator();
      slack = await createSlackSimulator({ botToken: SLACK_BOT_TOKEN });
    });
    afterAll(async () => {
      await Promise.all([smbcrm.close(), slack.close()]);
    });

    it('stops taking requests, finishes the lookup in flight, closes Redis and exits 0', async () => {
      const port = await freePort();
      const signingSecret = randomBytes(16).toString('hex');
      const bot = runBot({
        ...simBotEnv({
          botToken: SLACK_BOT_TOKEN,
          signingSecret,
          slackApiUrl: slack.apiUrl,
          smbcrmUrl: smbcrm.url,
        }),
        ...inject('redisEnv'),
        REDIS_KEY_PREFIX: `proc${randomBytes(3).toString('hex')}:`,
        PORT: String(port),
      });
      const url = `http://127.0.0.1:${port}`;
      await waitForHealth(url, bot.child);
      const driver = createSlackDriver({ requestUrl: `${url}/slack/events`, signingSecret, slack });

      smbcrm.inject({ path: '/contacts/search', delayMs: 800 });
      const ack = await driver.command({
        user: 'U0ALICE',
        channel: 'C0SALES',
        text: 'lookup priya@patel-dental.test',
      });
      expect(ack.status).toBe(200);
      bot.child.kill('SIGTERM');

      expect(await bot.exited).toBe(0);
      // The lookup that was in flight when the signal came was still answered.
      const reply = slack.responsePosts.find((p) => JSON.stringify(p.body).includes('Priya Patel'));
      expect(reply?.status).toBe(200);
      // And nothing listens any more.
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
      const logs = bot.out.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      const msgs = logs.map((l) => l.msg);
      expect(msgs).toContain('shutting down');
      expect(msgs.indexOf('slack request')).toBeGreaterThan(msgs.indexOf('shutting down'));
      expect(msgs.at(-1)).toBe('stopped');
    });
  });
});
