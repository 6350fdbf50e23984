import { WebClient } from '@slack/web-api';
import type { Dispatcher } from 'undici';
import type { ListenerDeps } from '../listeners/deps.js';
import type { MoveRequests } from '../services/domain/approvals/move-requests.js';
import {
  type AssistantThreadContextStore,
  createAssistantContextStore,
} from '../services/domain/conversations/assistant-context.js';
import {
  type ConversationService,
  createConversationService,
} from '../services/domain/conversations/service.js';
import { createConversationStore } from '../services/domain/conversations/store.js';
import { createWelcome, type Welcome } from '../services/domain/conversations/welcome.js';
import { type CheckResult, runChecks } from '../services/domain/doctor/checks.js';
import { createLookupService, type LookupService } from '../services/domain/lookup/service.js';
import { createUnfurls } from '../services/domain/unfurls/unfurls.js';
import { createWebhookDelivery } from '../services/domain/webhooks/deliver.js';
import { createDigests, type Digests } from '../services/domain/webhooks/digest.js';
import { createWebhookQueue, type WebhookQueue } from '../services/domain/webhooks/queue.js';
import { createWebhookReceiver } from '../services/domain/webhooks/receiver.js';
import {
  type AgentAvailabilityService,
  createAgentAvailability,
} from '../services/platform/agent/availability.js';
import { createAgentStudioClient } from '../services/platform/agent/client.js';
import { createChannels } from '../services/platform/slack/channels.js';
import { createInstallation, type Installation } from '../services/platform/slack/installation.js';
import { createSlackNames } from '../services/platform/slack/names.js';
import { type AppLinks, createAppLinks } from '../services/platform/smbcrm/app-links.js';
import { createSmbcrmClient, type SmbcrmClient } from '../services/platform/smbcrm/client.js';
import { createSmbcrmHttp } from '../services/platform/smbcrm/http.js';
import { createRateLimiter } from '../services/platform/smbcrm/rate-limit.js';
import { createJsonCache } from '../services/platform/store/cache.js';
import type { Redis } from '../services/platform/store/redis.js';
import type { Config } from './config/load.js';
import { buildHome } from './home.js';
import { type Logger, toBoltLogger } from './logger.js';
import { buildWrites } from './writes.js';

/** Everything listeners call, built once per app instance from its dependencies. */
/** Everything the app needs: what listeners use (ListenerDeps), and what the wiring itself uses. */
export interface AppServices extends ListenerDeps {
  config: Config;
  smbcrm: SmbcrmClient;
  lookup: LookupService;
  /** Agent conversations; undefined when SMBCRM_AGENT_ID is not set. */
  conversations: ConversationService | undefined;
  /** Whether the agent can answer (checked at start-up); undefined when SMBCRM_AGENT_ID is not set. */
  agentAvailability: AgentAvailabilityService | undefined;
  /** The bot's Web API client (the Slack token of this installation). */
  client: WebClient;
  /** Links into the SMBcrm web app. */
  links: AppLinks;
  /** The setup doctor's live checks (`npm run doctor`, `/smbcrm status`). */
  doctor: () => Promise<CheckResult[]>;
  /** The workspace the bot is installed in, and whether Slack still takes its token. */
  installation: Installation;
  /** Per-thread context of the Slack assistant pane, in Redis. */
  assistantContext: AssistantThreadContextStore;
  /** The agent view's Messages tab: suggested prompts and a first greeting. */
  welcome: Welcome;
  /** Approved opportunity moves. */
  moves: MoveRequests;
  /** The SMBcrm workflow receiver and its queue; undefined when no webhook secret or bearer is set. */
  webhooks:
    | { queue: WebhookQueue; receive: ReturnType<typeof createWebhookReceiver>; digests: Digests }
    | undefined;
}

/** A delivery whose Slack failures are also shown to the installation (a refused token fails /readyz). */
function noticing<A extends unknown[]>(
  installation: Installation,
  work: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await work(...args);
    } catch (err) {
      installation.noticeFailure(err);
      throw err;
    }
  };
}

export function createServices(deps: {
  config: Config;
  logger: Logger;
  redis: Redis;
  client: WebClient;
  dispatcher?: Dispatcher;
}): AppServices {
  const { config, logger, redis, client } = deps;
  // Its own client: no retries and a timeout, so an unreachable Slack is reported at start-up in seconds, not
  // after the default client's thirty minutes of retries.
  const checkClient = new WebClient(config.slack.botToken, {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    retryConfig: { retries: 0 },
    timeout: 10_000,
    logger: toBoltLogger(logger),
  });
  const installation = createInstallation({ client: checkClient, logger });
  const links = createAppLinks({ appUrl: config.appUrl, locationId: config.smbcrm.locationId });
  const workspace = () => installation.teamId;
  // One keep-alive pool and one retry policy for every SMBcrm call, CRM and Agent Studio alike.
  const http = createSmbcrmHttp({
    baseUrl: config.smbcrm.baseUrl,
    token: config.smbcrm.token,
    timeoutMs: config.smbcrm.timeoutMs,
    maxRetries: config.smbcrm.maxRetries,
    maxConnections: config.smbcrm.maxConnections,
    dispatcher: deps.dispatcher,
    logger,
    limiter: createRateLimiter({
      redis,
      key: `${config.redis.keyPrefix}ratelimit:{${config.smbcrm.locationId}}`,
      ...config.smbcrm.rateLimit,
      logger,
    }),
  });
  const smbcrm = createSmbcrmClient({ ...config.smbcrm, http, logger });
  const cache = createJsonCache({ redis, prefix: `${config.redis.keyPrefix}cache:`, logger });
  const lookup = createLookupService({
    smbcrm,
    cache,
    cacheTtlSeconds: config.smbcrm.cacheTtlSeconds,
    logger,
  });

  const names = createSlackNames({ client, cache, ttlSeconds: 3_600, logger });
  // Channel members change rarely and matter only to what the Home tab lists: five minutes. Asked before a modal
  // is answered (3 s), so through a client that does not retry and gives up after 1.5 s.
  const channels = createChannels({
    client: new WebClient(config.slack.botToken, {
      ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
      retryConfig: { retries: 0 },
      timeout: 1_500,
      logger: toBoltLogger(logger),
    }),
    cache,
    ttlSeconds: 300,
    logger,
  });
  const { moves, requests, writes, leads, proposals, identity } = buildWrites({
    config,
    logger,
    redis,
    client,
    cache,
    smbcrm,
    lookup,
    names,
    channels,
    workspace,
  });
  const agentId = config.smbcrm.agentId;
  const agent = agentId
    ? createAgentStudioClient({
        http,
        locationId: config.smbcrm.locationId,
        agentId,
        logger,
        timeoutMs: config.smbcrm.agentTimeoutMs,
        api: config.smbcrm.agentApi,
      })
    : undefined;
  const agentAvailability = agent ? createAgentAvailability({ agent, logger }) : undefined;
  const conversations = agent
    ? createConversationService({
        agent,
        availability: agentAvailability,
        store: createConversationStore({
          redis,
          prefix: config.redis.keyPrefix,
          idleTtlSeconds: config.smbcrm.conversationIdleSeconds,
          logger,
        }),
        names,
        client,
        logger,
        locationId: config.smbcrm.locationId,
        maxTurnWaitMs: config.smbcrm.turnWaitMs,
        links: { allowedHosts: config.smbcrm.agentLinkHosts },
        noticeFailure: (err) => installation.noticeFailure(err),
        proposals,
      })
    : undefined;
  const assistantContext = createAssistantContextStore(
    redis,
    config.redis.keyPrefix,
    config.smbcrm.conversationIdleSeconds,
  );
  const webhooks = config.webhooks
    ? (() => {
        const w = config.webhooks;
        // The queue retries with its own backoff, so this client neither retries nor waits out rate limits.
        const poster = new WebClient(config.slack.botToken, {
          ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
          retryConfig: { retries: 0 },
          rejectRateLimitedCalls: true,
          logger: toBoltLogger(logger),
        });
        const digests = createDigests({ redis, prefix: config.redis.keyPrefix, client: poster, logger });
        const queue = createWebhookQueue({
          onTick: () => digests.flushDue(),
          redis,
          prefix: config.redis.keyPrefix,
          logger,
          channelIntervalMs: w.channelIntervalMs,
          maxAttempts: w.maxAttempts,
          deadLetterRetentionMs: w.deadLetterRetentionMs,
          deadLetterMax: w.deadLetterMax,
          deliver: noticing(
            installation,
            createWebhookDelivery({
              client: poster,
              lookup,
              currency: config.smbcrm.currency,
              askable: () => conversations !== undefined,
              logger,
              contactUrl: links.contact,
              owners: {
                opportunityOwner: async (id) => (await moves.findById(id))[0]?.assignedTo ?? undefined,
                slackUserOf: (id) => identity.slackUserOf(id),
                digests,
              },
            }),
          ),
        });
        const receive = createWebhookReceiver({ ...w, queue, redis, prefix: config.redis.keyPrefix, logger });
        return { queue, receive, digests };
      })()
    : undefined;
  const doctor = () =>
    runChecks({
      locationId: config.smbcrm.locationId,
      http,
      redis,
      redisCluster: config.redis.clusterNodes.length > 0,
      slack: checkClient,
      ...(agent && agentAvailability
        ? { agent: { agentId: agent.agentId, api: agent.api, availability: agentAvailability } }
        : {}),
      ...(config.webhooks
        ? {
            webhooks: {
              routes: config.webhooks.routes.routes.length,
              defaultChannel: config.webhooks.routes.default_channel,
            },
          }
        : {}),
    });
  const home = buildHome({
    config,
    logger,
    redis,
    requests,
    identity,
    channels,
    smbcrm,
    pipelines: lookup.pipelines,
    askable: conversations !== undefined,
    links,
    workspace,
    doctor,
  });
  return {
    config,
    settings: { currency: config.smbcrm.currency, defaultPhoneRegion: config.defaultPhoneRegion },
    logger,
    smbcrm,
    lookup,
    conversations,
    agentAvailability,
    client,
    installation,
    doctor,
    home,
    channels,
    links,
    assistantContext,
    welcome: createWelcome({
      client,
      redis,
      prefix: config.redis.keyPrefix,
      logger,
      agent: agent !== undefined,
    }),
    moves,
    requests,
    writes,
    leads,
    unfurls: createUnfurls({
      lookup,
      opportunityById: async (id) => (await moves.findById(id))[0],
      client,
      cache,
      appUrl: config.appUrl,
      locationId: config.smbcrm.locationId,
      currency: config.smbcrm.currency,
      logger,
    }),
    responseUrlOrigins: [
      'https://hooks.slack.com',
      ...(config.slack.apiUrl ? [new URL(config.slack.apiUrl).origin] : []),
    ],
    webhooks,
  };
}
