import { loadPolicyFile, type PolicyFile } from '../../services/domain/approvals/policy-file.js';
import { loadUserMap, type UserMap } from '../../services/domain/identity/user-map.js';
import { loadRoutes, type Routes } from '../../services/domain/webhooks/routes.js';
import { configSchema, type RawConfig } from './schema.js';

export { configSchema, type RawConfig };

export interface Config {
  slack: {
    botToken: string;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string | undefined;
    socketMode: boolean;
  };
  smbcrm: {
    token: string;
    locationId: string;
    agentId: string | undefined;
    /** Agent Studio routes: the current ones with a fallback (auto), or one pinned. */
    agentApi: 'auto' | 'current' | 'public-api';
    baseUrl: string;
    timeoutMs: number;
    maxRetries: number;
    /** Keep-alive connections to SMBcrm at most; calls beyond them queue in the pool. */
    maxConnections: number;
    cacheTtlSeconds: number;
    /** The burst budget shared by all instances, and how long a call may wait for it. */
    rateLimit: { max: number; windowMs: number; maxWaitMs: number };
    currency: string;
    agentTimeoutMs: number;
    conversationIdleSeconds: number;
    turnWaitMs: number;
    agentLinkHosts: string[];
  };
  webhooks:
    | {
        secrets: string[];
        bearer: string | undefined;
        routes: Routes;
        maxBytes: number;
        channelIntervalMs: number;
        maxAttempts: number;
        /** Dead-lettered events keep personal data: kept this long, and at most this many. */
        deadLetterRetentionMs: number;
        deadLetterMax: number;
      }
    | undefined;
  /** The SMBcrm web app, for "Open in SMBcrm" links. */
  appUrl: string;
  approvals: {
    approvers: string[];
    allowSelfApproval: boolean;
    ttlMs: number;
    auditRetentionMs: number;
    /** Who approves each kind of write (SMBCRM_APPROVAL_POLICY); kinds it does not name keep the defaults. */
    policy: PolicyFile;
  };
  /** Slack user id → SMBcrm user id, overriding the email match (SMBCRM_USER_MAP). */
  userMap: UserMap;
  redis: {
    url: string | undefined;
    clusterNodes: string[];
    sentinels: string[];
    sentinelName: string | undefined;
    password: string | undefined;
    keyPrefix: string;
  };
  port: number;
  /** Past this many Slack requests being worked on, new slash commands are told to try again. */
  maxRequestsInFlight: number;
  logLevel: RawConfig['LOG_LEVEL'];
  defaultPhoneRegion: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems
        .map((p) => `  - ${p}`)
        .join('\n')}\nSee docs/settings.md.`,
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws one ConfigError that lists every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? 'config');
        return i.message.startsWith(name) ? i.message : `${name}: ${i.message}`;
      });
  // Checked here rather than in a zod refinement, which would not run while other settings are invalid.
  const set = (name: string) => (env[name] ?? '').trim() !== '';
  if (!set('REDIS_URL') && !set('REDIS_CLUSTER_NODES') && !set('REDIS_SENTINELS')) {
    problems.push(
      'REDIS_URL is required (or REDIS_CLUSTER_NODES for a cluster, or REDIS_SENTINELS with REDIS_SENTINEL_NAME)',
    );
  }
  if (set('REDIS_SENTINELS') && !set('REDIS_SENTINEL_NAME'))
    problems.push('REDIS_SENTINEL_NAME is required with REDIS_SENTINELS');
  if (!set('SLACK_APP_TOKEN') && !set('SLACK_SIGNING_SECRET')) {
    problems.push(
      'SLACK_SIGNING_SECRET is required in HTTP mode (set SLACK_APP_TOKEN for Socket Mode instead)',
    );
  }
  // The routes file is read now, so a broken one stops the start like any other bad setting.
  let routes: Routes | undefined;
  if (
    parsed.success &&
    (parsed.data.SMBCRM_WEBHOOK_SECRETS.length > 0 || parsed.data.SMBCRM_WEBHOOK_BEARER)
  ) {
    try {
      routes = loadRoutes({
        file: parsed.data.SMBCRM_WEBHOOK_ROUTES,
        defaultChannel: parsed.data.SMBCRM_WEBHOOK_CHANNEL,
      });
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  // So are the approval policy and the user map.
  let policy: PolicyFile = {};
  let userMap: UserMap = {};
  if (parsed.success) {
    try {
      policy = loadPolicyFile(parsed.data.SMBCRM_APPROVAL_POLICY);
    } catch (err) {
      problems.push((err as Error).message);
    }
    try {
      userMap = loadUserMap(parsed.data.SMBCRM_USER_MAP);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError([...new Set(problems)]);
  const c = parsed.data;
  return {
    slack: {
      botToken: c.SLACK_BOT_TOKEN,
      signingSecret: c.SLACK_SIGNING_SECRET,
      appToken: c.SLACK_APP_TOKEN,
      apiUrl: c.SLACK_API_URL,
      socketMode: c.SLACK_APP_TOKEN !== undefined,
    },
    smbcrm: {
      token: c.SMBCRM_TOKEN,
      locationId: c.SMBCRM_LOCATION_ID,
      agentId: c.SMBCRM_AGENT_ID,
      agentApi: c.SMBCRM_AGENT_API,
      baseUrl: c.SMBCRM_BASE_URL,
      timeoutMs: c.SMBCRM_TIMEOUT_MS,
      maxRetries: c.SMBCRM_MAX_RETRIES,
      maxConnections: c.SMBCRM_MAX_CONNECTIONS,
      cacheTtlSeconds: c.SMBCRM_CACHE_TTL_SECONDS,
      rateLimit: {
        max: c.SMBCRM_RATE_LIMIT,
        windowMs: c.SMBCRM_RATE_WINDOW_MS,
        maxWaitMs: c.SMBCRM_RATE_WAIT_MS,
      },
      currency: c.SMBCRM_CURRENCY,
      agentTimeoutMs: c.SMBCRM_AGENT_TIMEOUT_MS,
      conversationIdleSeconds: c.SMBCRM_CONVERSATION_IDLE_DAYS * 86_400,
      turnWaitMs: c.SMBCRM_TURN_WAIT_MS,
      // Links in the agent's answers stay links only to the SMBcrm app and the hosts listed.
      agentLinkHosts: [
        new URL(c.SMBCRM_APP_URL).hostname.toLowerCase(),
        ...c.SMBCRM_AGENT_LINK_HOSTS.map((h) => h.toLowerCase()),
      ],
    },
    webhooks: routes
      ? {
          secrets: c.SMBCRM_WEBHOOK_SECRETS,
          bearer: c.SMBCRM_WEBHOOK_BEARER,
          routes,
          maxBytes: c.SMBCRM_WEBHOOK_MAX_BYTES,
          channelIntervalMs: c.SMBCRM_WEBHOOK_CHANNEL_INTERVAL_MS,
          maxAttempts: c.SMBCRM_WEBHOOK_MAX_ATTEMPTS,
          deadLetterRetentionMs: c.SMBCRM_DEAD_LETTER_DAYS * 86_400_000,
          deadLetterMax: c.SMBCRM_DEAD_LETTER_MAX,
        }
      : undefined,
    appUrl: c.SMBCRM_APP_URL,
    approvals: {
      approvers: c.SMBCRM_APPROVERS,
      allowSelfApproval: c.SMBCRM_ALLOW_SELF_APPROVAL,
      ttlMs: c.SMBCRM_APPROVAL_TTL,
      auditRetentionMs: c.SMBCRM_AUDIT_RETENTION_DAYS * 86_400_000,
      policy,
    },
    userMap,
    redis: {
      url: c.REDIS_URL,
      clusterNodes: c.REDIS_CLUSTER_NODES,
      sentinels: c.REDIS_SENTINELS,
      sentinelName: c.REDIS_SENTINEL_NAME,
      password: c.REDIS_PASSWORD,
      keyPrefix: c.REDIS_KEY_PREFIX,
    },
    port: c.PORT,
    maxRequestsInFlight: c.MAX_REQUESTS_IN_FLIGHT,
    logLevel: c.LOG_LEVEL,
    defaultPhoneRegion: c.DEFAULT_PHONE_REGION,
  };
}
