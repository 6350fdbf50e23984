import type { RawConfig } from './schema.js';

/**
 * What each setting is for, in the words of docs/settings.md and .env.example (both made from this and the schema's
 * defaults by `npm run docs:settings`; a test fails when either is out of date or a setting is missing here).
 */
export type Group =
  | 'Slack'
  | 'SMBcrm'
  | 'Agent Studio'
  | 'Approvals'
  | 'Workflow webhooks'
  | 'Redis'
  | 'Server';

export interface Setting {
  group: Group;
  /** One or two sentences: what it does, with the unit. */
  what: string;
  /** When the schema alone cannot say (required in one mode only). */
  required?: string;
  /** A placeholder for .env.example; never a real value. */
  example?: string;
}

export const SETTINGS: Record<keyof RawConfig, Setting> = {
  SLACK_BOT_TOKEN: {
    group: 'Slack',
    what: 'The bot token (`xoxb-…`), from *OAuth & Permissions* after installing the app. Slack refusing it stops the start (exit 78).',
    example: 'xoxb-your-bot-token',
  },
  SLACK_SIGNING_SECRET: {
    group: 'Slack',
    what: 'Verifies that requests come from Slack (*Basic Information → App Credentials*).',
    required: 'required in HTTP mode',
    example: 'your-signing-secret',
  },
  SLACK_APP_TOKEN: {
    group: 'Slack',
    what: 'An app-level token (`xapp-…`, scope `connections:write`): set, the bot runs in Socket Mode; unset, in HTTP mode.',
    example: 'xapp-your-app-level-token',
  },
  SLACK_API_URL: {
    group: 'Slack',
    what: "The Web API base, e.g. `https://slack-gov.com/api/` for GovSlack; unset, Slack's.",
  },
  SMBCRM_TOKEN: {
    group: 'SMBcrm',
    what: 'The Private Integration Token (`pit-…`) of the sub-account, with the scopes in docs/setup.md.',
    example: 'pit-00000000-0000-0000-0000-000000000000',
  },
  SMBCRM_LOCATION_ID: {
    group: 'SMBcrm',
    what: 'The sub-account (location) id; records of other sub-accounts are never shown.',
    example: 'your-location-id',
  },
  SMBCRM_BASE_URL: { group: 'SMBcrm', what: 'The API host.' },
  SMBCRM_APP_URL: {
    group: 'SMBcrm',
    what: 'The SMBcrm web app, for "Open in SMBcrm" links (white labels differ).',
  },
  SMBCRM_TIMEOUT_MS: { group: 'SMBcrm', what: 'Timeout of each SMBcrm call, in ms.' },
  SMBCRM_MAX_RETRIES: {
    group: 'SMBcrm',
    what: 'Retries on 429 (any call) and on 5xx, timeouts and network errors (reads only).',
  },
  SMBCRM_MAX_CONNECTIONS: {
    group: 'SMBcrm',
    what: 'Keep-alive connections to SMBcrm at most; each call holds one while SMBcrm answers.',
  },
  SMBCRM_CACHE_TTL_SECONDS: {
    group: 'SMBcrm',
    what: 'How long pipelines (stage names) and users (owner names) are cached in Redis, in seconds.',
  },
  SMBCRM_RATE_LIMIT: {
    group: 'SMBcrm',
    what: 'SMBcrm calls per window that all instances together may make (SMBcrm: 100 per 10 s; sandbox tokens: 25).',
  },
  SMBCRM_RATE_WINDOW_MS: { group: 'SMBcrm', what: 'That window, in ms.' },
  SMBCRM_RATE_WAIT_MS: {
    group: 'SMBcrm',
    what: 'How long a call may wait for the budget before the person is told "SMBcrm is busy, try again in N s", in ms.',
  },
  SMBCRM_CURRENCY: {
    group: 'SMBcrm',
    what: "Currency of opportunity values (SMBcrm's location has no currency field).",
  },
  DEFAULT_PHONE_REGION: {
    group: 'SMBcrm',
    what: 'Country whose numbering plan reads phone numbers typed without a country code.',
  },
  SMBCRM_AGENT_ID: {
    group: 'Agent Studio',
    what: 'The agent (Active, with a published Production version); unset, no conversations (mentions get a setup hint).',
    example: 'your-agent-id',
  },
  SMBCRM_AGENT_API: {
    group: 'Agent Studio',
    what: '`auto`: the current `/agent-studio/agent…` routes, falling back to the deprecated `/agent-studio/public-api/…` ones where only those exist; `current` or `public-api` pins one.',
  },
  SMBCRM_AGENT_TIMEOUT_MS: {
    group: 'Agent Studio',
    what: 'Timeout of one agent turn, in ms (execute is not streamed and can take tens of seconds).',
  },
  SMBCRM_CONVERSATION_IDLE_DAYS: {
    group: 'Agent Studio',
    what: "A thread's conversation is forgotten after this many days without a turn.",
  },
  SMBCRM_TURN_WAIT_MS: {
    group: 'Agent Studio',
    what: 'How long a message waits for an earlier turn in its thread, in ms.',
  },
  SMBCRM_AGENT_LINK_HOSTS: {
    group: 'Agent Studio',
    what: "Hosts whose links in the agent's answers stay links (besides `SMBCRM_APP_URL`'s), comma-separated; others show as `label (host)`.",
  },
  SMBCRM_APPROVERS: {
    group: 'Approvals',
    what: 'Who may approve writes: Slack user ids (`U…`) and user-group ids (`S…`), comma-separated; unset, anyone of this workspace.',
  },
  SMBCRM_ALLOW_SELF_APPROVAL: {
    group: 'Approvals',
    what: '`true` lets the requester approve their own request.',
  },
  SMBCRM_APPROVAL_TTL: {
    group: 'Approvals',
    what: 'How long a request waits for a decision: `45m`, `24h`, `7d`, or seconds (1 minute to 30 days).',
  },
  SMBCRM_AUDIT_RETENTION_DAYS: {
    group: 'Approvals',
    what: 'How long the audit events of approval requests (scrubbed of emails, phones and tokens) are kept in Redis, in days. The requests themselves are kept until a week after they expire.',
  },
  SMBCRM_APPROVAL_POLICY: {
    group: 'Approvals',
    what: 'Path of the approval policy file (YAML or JSON): who approves each kind of write (docs/using.md#who-approves-what). Unset: moves, won/lost, owner changes and new leads need an approver; notes, tasks and tags are confirmed by the requester.',
  },
  SMBCRM_USER_MAP: {
    group: 'Approvals',
    what: 'Path of a file (YAML or JSON) mapping Slack user ids to SMBcrm user ids, where emails differ; it overrides the email match (docs/using.md#who-you-are-in-smbcrm).',
  },
  SMBCRM_WEBHOOK_SECRETS: {
    group: 'Workflow webhooks',
    what: 'Shared secrets for `X-SMBcrm-Secret`, comma-separated (two during a rotation; ≥16 characters). Set this or the bearer to turn the receiver on.',
  },
  SMBCRM_WEBHOOK_BEARER: {
    group: 'Workflow webhooks',
    what: 'A bearer token accepted instead of the secret header (≥16 characters).',
  },
  SMBCRM_WEBHOOK_CHANNEL: {
    group: 'Workflow webhooks',
    what: 'The channel for every event (or the default one when a routes file is used).',
  },
  SMBCRM_WEBHOOK_ROUTES: {
    group: 'Workflow webhooks',
    what: 'Path of the routes file (YAML or JSON; docs/workflows.md).',
  },
  SMBCRM_WEBHOOK_MAX_BYTES: {
    group: 'Workflow webhooks',
    what: 'Largest body accepted (413 above), in bytes.',
  },
  SMBCRM_WEBHOOK_CHANNEL_INTERVAL_MS: {
    group: 'Workflow webhooks',
    what: 'Least time between two posts to one channel, in ms.',
  },
  SMBCRM_WEBHOOK_MAX_ATTEMPTS: {
    group: 'Workflow webhooks',
    what: 'Posts tried before an event is dead-lettered.',
  },
  SMBCRM_DEAD_LETTER_DAYS: {
    group: 'Workflow webhooks',
    what: 'How long dead-lettered events (whole payloads, personal data included) are kept, in days.',
  },
  SMBCRM_DEAD_LETTER_MAX: {
    group: 'Workflow webhooks',
    what: 'At most this many dead letters are kept, oldest dropped first.',
  },
  REDIS_URL: {
    group: 'Redis',
    what: 'One Redis, `redis://` or `rediss://` (TLS).',
    required: 'required (or a cluster or sentinels)',
    example: 'redis://127.0.0.1:6379',
  },
  REDIS_CLUSTER_NODES: {
    group: 'Redis',
    what: 'A Redis Cluster instead: seed nodes `host:port`, comma-separated.',
  },
  REDIS_SENTINELS: { group: 'Redis', what: 'Or Redis Sentinel: sentinels `host:port`, comma-separated.' },
  REDIS_SENTINEL_NAME: { group: 'Redis', what: 'The master the sentinels watch (required with them).' },
  REDIS_PASSWORD: { group: 'Redis', what: 'Password, when not in the URL.' },
  REDIS_KEY_PREFIX: {
    group: 'Redis',
    what: 'Prefix of every key, so several bots (or a staging one) can share a Redis.',
  },
  PORT: {
    group: 'Server',
    what: 'HTTP port: Slack requests in HTTP mode, `/healthz` and `/readyz` (and webhooks) in both modes.',
  },
  MAX_REQUESTS_IN_FLIGHT: {
    group: 'Server',
    what: 'Past this many Slack requests being worked on, new slash commands are told to try again.',
  },
  LOG_LEVEL: { group: 'Server', what: 'fatal, error, warn, info, debug, trace or silent.' },
};
