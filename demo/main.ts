import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { startBotInstance } from '../sim/bot-instance.js';
import { demoSeed } from '../sim/smbcrm/demo-seed.js';
import { startSimStack } from '../sim/stack.js';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/logger.js';
import { createCrmActions } from './crm-actions.js';
import { style } from './render.js';
import { openDemoStore } from './storage.js';
import { createWorkspace, WORKSPACE_HELP } from './workspace.js';

/**
 * `npm run demo`: the whole product in one process with no accounts. An SMBcrm simulator seeded with a small
 * business, a stand-in Slack, and the real bot wired to both exactly as in production (HTTP mode, signed requests),
 * driven from an interactive terminal, or from a script with `--script <file>`.
 */
const { values } = parseArgs({
  options: {
    script: { type: 'string' },
    'no-color': { type: 'boolean', default: false },
    logs: { type: 'boolean', default: false },
  },
});
const color = !values['no-color'] && !process.env.NO_COLOR && process.stdout.isTTY === true && !values.script;
const print = (line: string) => process.stdout.write(`${line}\n`);

const SLACK_USERS = [
  // Their Slack emails match the demo sub-account's users, so each is linked to their SMBcrm user (whoami).
  {
    id: 'U0DEMOMAYA',
    name: 'maya',
    realName: 'Maya Chen',
    email: 'maya@brightside.test',
    tz: 'Europe/London',
  },
  {
    id: 'U0DEMOLEO',
    name: 'leo',
    realName: 'Leo Martins',
    email: 'Leo@Brightside.test',
    tz: 'Europe/London',
  },
  {
    id: 'U0DEMOAISHA',
    name: 'aisha',
    realName: 'Aisha Bello',
    email: 'aisha@brightside.test',
    tz: 'America/New_York',
  },
];
const CHANNEL = { id: 'C0DEMOFRONT', name: 'front-desk' };

const logger = createLogger({
  level: values.logs ? 'info' : 'silent',
  destination: values.logs ? process.stderr : new Writable({ write: (_c, _e, cb) => cb() }),
});
const store = await openDemoStore(process.env.REDIS_URL, logger);
const stack = await startSimStack({
  botToken: 'xoxb-sim-demo-token',
  smbcrm: { seed: demoSeed(), record: false, latencyMs: 40 },
  slack: { users: SLACK_USERS, channels: [CHANNEL] },
});
const { smbcrm, slack } = stack;
const webhookSecret = randomBytes(16).toString('hex');
const config = loadConfig({
  ...stack.env({ REDIS_URL: store.url }),
  REDIS_KEY_PREFIX: `demo${randomBytes(3).toString('hex')}:`,
  // Workflow webhooks post to #front-desk (`webhook new_lead jordan`).
  SMBCRM_WEBHOOK_SECRETS: webhookSecret,
  SMBCRM_WEBHOOK_CHANNEL: CHANNEL.id,
  SMBCRM_WEBHOOK_CHANNEL_INTERVAL_MS: '50',
});
const { bot, port, driver } = await startBotInstance(stack, {
  config,
  logger,
  redis: store.redis,
  slackClientOptions: { retryConfig: { retries: 0 } },
});
const crm = createCrmActions({ smbcrm, botUrl: `http://127.0.0.1:${port}`, webhookSecret });
const workspace = createWorkspace({
  slack,
  driver,
  users: SLACK_USERS,
  channel: CHANNEL,
  color,
  print,
  webhook: crm.webhook,
  crm: crm.run,
});

async function shutdown(code: number) {
  await bot.stop().catch(() => {});
  store.close();
  await stack.close();
  process.exit(code);
}

print(style({ color }, 'bold', 'SMBcrm Slack assistant — demo (no accounts needed)'));
print(
  `  SMBcrm simulator   ${smbcrm.url}  (Brightside Dental & Wellness: ${smbcrm.db.contacts.length} contacts, ${smbcrm.db.opportunities.length} opportunities)`,
);
print(`  Slack stand-in     ${slack.url}  (you are @maya in #front-desk; @leo and @aisha are here too)`);
print(`  the real bot       http://127.0.0.1:${port}/slack/events  (HTTP mode, Slack-signed requests)`);
print(`  storage            ${store.description}`);
print('');

if (values.script) {
  const lines = readFileSync(values.script, 'utf8').split('\n');
  for (const line of lines) {
    if (line.trim() === '') continue;
    // The tour's comments are its narration.
    if (line.trim().startsWith('#')) {
      print(style({ color }, 'cyan', line.trim().replace(/^#+\s*/, '── ')));
      continue;
    }
    print(`${workspace.prompt()}${line}`);
    if (!(await workspace.run(line))) break;
    print('');
  }
  await shutdown(0);
} else {
  print(WORKSPACE_HELP);
  print('');
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: process.stdin.isTTY === true,
  });
  rl.on('SIGINT', () => void shutdown(0));
  for (;;) {
    let line: string;
    try {
      line = await rl.question(style({ color }, 'green', workspace.prompt()));
    } catch {
      break; // stdin closed
    }
    if (!(await workspace.run(line))) break;
  }
  rl.close();
  await shutdown(0);
}
