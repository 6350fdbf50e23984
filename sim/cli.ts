import { parseArgs } from 'node:util';
import { exitWithParent } from './exit-with-parent.js';
import { demoSeed } from './smbcrm/demo-seed.js';
import { TEST_AGENT_ID, TEST_LOCATION_ID, TEST_TOKEN, testSeed } from './smbcrm/seed.js';
import { RATE_LIMITS } from './smbcrm/server.js';
import { startSimStack } from './stack.js';

/**
 * `npm run sim`: the SMBcrm simulator alone, seeded, on a port. Point the bot (e.g. in Socket Mode in a real Slack
 * workspace) or any HighLevel API client at it before you have SMBcrm credentials. It serves the demo's data
 * (Brightside Dental) by default, and exits with the process that started it.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.SIM_PORT ?? '4010' },
    latency: { type: 'string', default: '0' },
    sandbox: { type: 'boolean', default: false },
    data: { type: 'string', default: 'demo' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help || (values.data !== 'demo' && values.data !== 'test')) {
  process.stdout.write(
    'usage: npm run sim -- [--port 4010] [--latency ms] [--sandbox] [--data demo|test]\n' +
      '  --latency  add this many milliseconds to every answer\n' +
      '  --sandbox  enforce the sandbox burst limit (25 requests / 10 s) instead of 100 / 10 s\n' +
      "  --data     demo: the demo's clinic (default); test: the small data set of the tests\n",
  );
  process.exit(values.help ? 0 : 2);
}

const stack = await startSimStack({
  slack: false,
  smbcrm: {
    port: Number(values.port),
    latencyMs: Number(values.latency),
    rateLimit: values.sandbox ? RATE_LIMITS.sandbox : RATE_LIMITS.production,
    record: false,
    seed: values.data === 'test' ? testSeed() : demoSeed(),
  },
});
const sim = stack.smbcrm;
const env = stack.env();

process.stdout.write(
  [
    `SMBcrm simulator listening on ${sim.url}`,
    '',
    `  base URL     ${sim.url}`,
    `  location id  ${TEST_LOCATION_ID}`,
    `  agent id     ${TEST_AGENT_ID}`,
    `  token        ${TEST_TOKEN}   (a simulator token, not a secret)`,
    `  seeded with  ${sim.db.contacts.length} contacts, ${sim.db.opportunities.length} opportunities, ${sim.db.pipelines.length} pipelines, ${sim.db.users.length} users (${values.data} data)`,
    '',
    'For the bot:',
    `  ${['SMBCRM_BASE_URL', 'SMBCRM_LOCATION_ID', 'SMBCRM_TOKEN', 'SMBCRM_AGENT_ID'].map((k) => `${k}=${env[k]}`).join(' ')}`,
    'Try it:',
    `  curl -s -X POST ${sim.url}/contacts/search -H 'Version: 2021-07-28' -H 'Authorization: Bearer ${TEST_TOKEN}' \\`,
    `    -H 'Content-Type: application/json' -d '{"locationId":"${TEST_LOCATION_ID}","pageLimit":5,"query":"jordan"}'`,
    '',
    'Ctrl-C to stop.',
    '',
  ].join('\n'),
);

const stop = () => stack.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Without this, killing `npm run sim` left the simulator running, holding its port.
exitWithParent(() => void stop());
