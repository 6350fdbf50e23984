import { TEST_AGENT_ID, TEST_LOCATION_ID, TEST_TOKEN } from './smbcrm/seed.js';

/**
 * The settings that point a bot at the simulators: their URLs, the simulator's sub-account, token and agent.
 * The demo, the tests and the benchmarks all run the real bot with these (plus their own extras).
 */
export function simBotEnv(a: {
  slackApiUrl: string;
  smbcrmUrl: string;
  redisUrl?: string;
  botToken: string;
  signingSecret: string;
}) {
  return {
    SLACK_BOT_TOKEN: a.botToken,
    SLACK_SIGNING_SECRET: a.signingSecret,
    SLACK_API_URL: a.slackApiUrl,
    SMBCRM_TOKEN: TEST_TOKEN,
    SMBCRM_LOCATION_ID: TEST_LOCATION_ID,
    SMBCRM_AGENT_ID: TEST_AGENT_ID,
    SMBCRM_BASE_URL: a.smbcrmUrl,
    ...(a.redisUrl ? { REDIS_URL: a.redisUrl } : {}),
  };
}
