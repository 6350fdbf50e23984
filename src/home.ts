import { WebClient } from '@slack/web-api';
import type { ApprovalRequests } from '../services/domain/approvals/requests.js';
import type { CheckResult } from '../services/domain/doctor/checks.js';
import { createSetupSummary } from '../services/domain/doctor/summary.js';
import { createHome } from '../services/domain/home/home.js';
import type { IdentityService } from '../services/domain/identity/identity.js';
import type { Channels } from '../services/platform/slack/channels.js';
import type { AppLinks } from '../services/platform/smbcrm/app-links.js';
import type { SmbcrmClient } from '../services/platform/smbcrm/client.js';
import type { Pipeline } from '../services/platform/smbcrm/schemas.js';
import type { Redis } from '../services/platform/store/redis.js';
import type { Config } from './config/load.js';
import { type Logger, toBoltLogger } from './logger.js';

/**
 * Each person's Home tab, wired once per bot instance: the approval requests it lists and decides, who is who and
 * in which channel, their deals and tasks, and the setup doctor's summary for approvers.
 */
export function buildHome(d: {
  config: Config;
  logger: Logger;
  redis: Redis;
  requests: ApprovalRequests;
  identity: IdentityService;
  channels: Channels;
  smbcrm: SmbcrmClient;
  pipelines: () => Promise<Pipeline[]>;
  askable: boolean;
  links: AppLinks;
  workspace: () => string | undefined;
  doctor: () => Promise<CheckResult[]>;
}) {
  const { config, logger, redis } = d;
  return createHome({
    requests: d.requests,
    identity: d.identity,
    channels: d.channels,
    smbcrm: d.smbcrm,
    pipelines: d.pipelines,
    // One approval may republish up to 200 tabs: views.publish is Tier 4 (100+ a minute per workspace), so this
    // client holds its own queue of at most 4 calls at a time and waits out a 429's Retry-After (the WebClient's
    // own p-queue and rate-limit handling), rather than the bot's shared client carrying the burst.
    // https://docs.slack.dev/reference/methods/views.publish
    client: new WebClient(config.slack.botToken, {
      ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
      maxRequestConcurrency: 4,
      // @slack/web-api's fiveRetriesInFiveMinutes (its retryPolicies are not a named export Node's ESM loader sees).
      retryConfig: { retries: 5, factor: 3.86 },
      logger: toBoltLogger(logger),
    }),
    redis,
    prefix: config.redis.keyPrefix,
    currency: config.smbcrm.currency,
    askable: d.askable,
    links: d.links,
    workspace: d.workspace,
    // The doctor probes SMBcrm and Slack: approvers' Home tabs show its last summary, refreshed in the background.
    setupProblems: createSetupSummary({
      doctor: d.doctor,
      redis,
      prefix: config.redis.keyPrefix,
      ttlMs: 5 * 60_000,
      logger,
    }).failing,
    logger,
  });
}
