import { parseArgs } from 'node:util';
import { TEST_LOCATION_ID, TEST_TOKEN } from './smbcrm/seed.js';
import { createSmbcrmSimulator, RATE_LIMITS } from './smbcrm/server.js';

/**
 * `npm run sim`: the SMBcrm simulator alone, seeded, on a port. Point the bot (e.g. in Socket Mode in a real Slack
 * workspace) or any HighLevel API client at it before you have SMBcrm credentials.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.SIM_PORT ?? '4010' },
    latency: { type: 'string', default: '0' },
    sandbox: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'usage: npm run sim -- [--port 4010] [--latency ms] [--sandbox]\n' +
      '  --latency  add this many milliseconds to every answer\n' +
      '  --sandbox  enforce the sandbox burst limit (25 requests / 10 s) instead of 100 / 10 s\n',
  );
  process.exit(0);
}

const sim = await createSmbcrmSimulator({
  port: Number(values.port),
  latencyMs: Number(values.latency),
  rateLimit: values.sandbox ? RATE_LIMITS.sandbox : RATE_LIMITS.production,
  record: false,
});

process.stdout.write(
  [
    `SMBcrm simulator listening on ${sim.url}`,
    '',
    `  base URL     ${sim.url}`,
    `  location id  ${TEST_LOCATION_ID}`,
    `  token        ${TEST_TOKEN}   (a simulator token, not a secret)`,
    `  seeded with  ${sim.db.contacts.length} contacts, ${sim.db.opportunities.length} opportunities, ${sim.db.pipelines.length} pipelines, ${sim.db.users.length} users`,
    '',
    'For the bot:',
    `  SMBCRM_BASE_URL=${sim.url} SMBCRM_LOCATION_ID=${TEST_LOCATION_ID} SMBCRM_TOKEN=${TEST_TOKEN}`,
    'Try it:',
    `  curl -s -X POST ${sim.url}/contacts/search -H 'Version: 2021-07-28' -H 'Authorization: Bearer ${TEST_TOKEN}' \\`,
    `    -H 'Content-Type: application/json' -d '{"locationId":"${TEST_LOCATION_ID}","pageLimit":5,"query":"jordan"}'`,
    '',
    'Ctrl-C to stop.',
    '',
  ].join('\n'),
);

const stop = () => sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
