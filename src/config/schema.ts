import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * Every setting the bot reads (environment variables), validated once at start-up; what each one is for lives in
 * src/config/settings.ts, from which docs/settings.md and .env.example are made. The messages name the setting and what is wrong
 * with it but never echo its value, so a misplaced secret cannot end up in a deploy log.
 */
const secret = (name: string, prefix?: string) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .min(1, `${name} is required`)
    .refine((v) => !/\s/.test(v), `${name} must not contain whitespace`)
    .refine((v) => prefix === undefined || v.startsWith(prefix), `${name} must start with "${prefix}"`);

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const int = (name: string, def: number, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)
    .default(def);

/** A comma-separated list; every item must pass `valid`. */
const commaList = (valid: (item: string) => boolean, message: string) =>
  z
    .string()
    .default('')
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .refine((xs) => xs.every(valid), message);

const httpUrl = (name: string) =>
  z
    .string()
    .trim()
    .refine(
      (v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol),
      `${name} must be an http(s) URL`,
    );

export const configSchema = z.object({
  SLACK_BOT_TOKEN: secret('SLACK_BOT_TOKEN', 'xoxb-'),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.refine(
    (v) => v === undefined || v.startsWith('xapp-'),
    'SLACK_APP_TOKEN must start with "xapp-" (an app-level token with connections:write)',
  ),
  SLACK_API_URL: optionalString
    .refine(
      (v) => v === undefined || httpUrl('SLACK_API_URL').safeParse(v).success,
      'SLACK_API_URL must be an http(s) URL',
    )
    .transform((v) => (v === undefined || v.endsWith('/') ? v : `${v}/`)),
  SMBCRM_TOKEN: secret('SMBCRM_TOKEN'),
  SMBCRM_LOCATION_ID: z
    .string({ error: 'SMBCRM_LOCATION_ID is required' })
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'SMBCRM_LOCATION_ID must be a sub-account id (letters and digits)'),
  SMBCRM_AGENT_ID: optionalString,
  SMBCRM_AGENT_API: z
    .enum(['auto', 'current', 'public-api'], {
      error: 'SMBCRM_AGENT_API must be auto, current or public-api',
    })
    .default('auto'),
  SMBCRM_BASE_URL: httpUrl('SMBCRM_BASE_URL')
    .default('https://services.smbcrm.com')
    .transform((v) => v.replace(/\/+$/, '')),
  SMBCRM_TIMEOUT_MS: int('SMBCRM_TIMEOUT_MS', 10_000, 100, 120_000),
  SMBCRM_MAX_RETRIES: int('SMBCRM_MAX_RETRIES', 3, 0, 10),
  SMBCRM_MAX_CONNECTIONS: int('SMBCRM_MAX_CONNECTIONS', 128, 1, 1_024),
  SMBCRM_CACHE_TTL_SECONDS: int('SMBCRM_CACHE_TTL_SECONDS', 600, 1, 86_400),
  SMBCRM_RATE_LIMIT: int('SMBCRM_RATE_LIMIT', 100, 1, 10_000),
  SMBCRM_RATE_WINDOW_MS: int('SMBCRM_RATE_WINDOW_MS', 10_000, 100, 3_600_000),
  SMBCRM_RATE_WAIT_MS: int('SMBCRM_RATE_WAIT_MS', 5_000, 0, 120_000),
  SMBCRM_AGENT_TIMEOUT_MS: int('SMBCRM_AGENT_TIMEOUT_MS', 90_000, 1_000, 600_000),
  SMBCRM_CONVERSATION_IDLE_DAYS: int('SMBCRM_CONVERSATION_IDLE_DAYS', 30, 1, 365),
  SMBCRM_TURN_WAIT_MS: int('SMBCRM_TURN_WAIT_MS', 120_000, 100, 600_000),
  SMBCRM_APPROVERS: commaList(
    (id) => /^[UWS][A-Z0-9]{2,}$/.test(id),
    'SMBCRM_APPROVERS must list Slack user ids (U…/W…) and user-group ids (S…), separated by commas',
  ),
  SMBCRM_ALLOW_SELF_APPROVAL: z
    .enum(['true', 'false', ''], { error: 'SMBCRM_ALLOW_SELF_APPROVAL must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  SMBCRM_APPROVAL_TTL: z
    .string()
    .trim()
    .default('24h')
    .refine(
      (v) => /^\d+[smhd]?$/.test(v),
      'SMBCRM_APPROVAL_TTL must be a duration such as 45m, 24h or 7d (or seconds)',
    )
    .transform(
      (v) =>
        Number(v.replace(/\D/g, '')) *
        ({ s: 1, m: 60, h: 3_600, d: 86_400 }[v.replace(/\d/g, '')] ?? 1) *
        1000,
    )
    .refine(
      (ms) => ms >= 60_000 && ms <= 30 * 86_400_000,
      'SMBCRM_APPROVAL_TTL must be between 1 minute and 30 days',
    ),
  SMBCRM_AUDIT_RETENTION_DAYS: int('SMBCRM_AUDIT_RETENTION_DAYS', 90, 1, 3_650),
  SMBCRM_APPROVAL_POLICY: optionalString,
  SMBCRM_USER_MAP: optionalString,
  SMBCRM_WEBHOOK_SECRETS: commaList(
    (x) => x.length >= 16,
    'SMBCRM_WEBHOOK_SECRETS must be comma-separated secrets of at least 16 characters',
  ),
  SMBCRM_WEBHOOK_BEARER: optionalString.refine(
    (v) => v === undefined || v.length >= 16,
    'SMBCRM_WEBHOOK_BEARER must be at least 16 characters',
  ),
  SMBCRM_WEBHOOK_ROUTES: optionalString,
  SMBCRM_WEBHOOK_CHANNEL: optionalString.refine(
    (v) => v === undefined || /^[CG][A-Z0-9]{2,}$/.test(v),
    'SMBCRM_WEBHOOK_CHANNEL must be a channel id such as C0123456',
  ),
  SMBCRM_WEBHOOK_MAX_BYTES: int('SMBCRM_WEBHOOK_MAX_BYTES', 65_536, 1_024, 1_048_576),
  SMBCRM_WEBHOOK_CHANNEL_INTERVAL_MS: int('SMBCRM_WEBHOOK_CHANNEL_INTERVAL_MS', 1_000, 0, 60_000),
  SMBCRM_WEBHOOK_MAX_ATTEMPTS: int('SMBCRM_WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
  SMBCRM_DEAD_LETTER_DAYS: int('SMBCRM_DEAD_LETTER_DAYS', 14, 1, 365),
  SMBCRM_DEAD_LETTER_MAX: int('SMBCRM_DEAD_LETTER_MAX', 1_000, 10, 100_000),
  SMBCRM_AGENT_LINK_HOSTS: commaList(
    (h) => /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(h),
    'SMBCRM_AGENT_LINK_HOSTS must list host names such as example.com, separated by commas',
  ),
  SMBCRM_APP_URL: httpUrl('SMBCRM_APP_URL')
    .default('https://app.smbcrm.com')
    .transform((v) => v.replace(/\/+$/, '')),
  SMBCRM_CURRENCY: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'SMBCRM_CURRENCY must be an ISO 4217 code such as USD')
    .default('USD'),
  REDIS_URL: optionalString.refine(
    (v) => v === undefined || (URL.canParse(v) && /^rediss?:$/.test(new URL(v).protocol)),
    'REDIS_URL must be a redis:// or rediss:// URL',
  ),
  REDIS_CLUSTER_NODES: commaList(
    (x) => /^(rediss?:\/\/)?[\w.-]+:\d{1,5}$/.test(x),
    'REDIS_CLUSTER_NODES must list host:port seed nodes, comma-separated',
  ),
  REDIS_SENTINELS: commaList(
    (x) => /^[\w.-]+:\d{1,5}$/.test(x),
    'REDIS_SENTINELS must list host:port sentinels, comma-separated',
  ),
  REDIS_SENTINEL_NAME: optionalString,
  REDIS_PASSWORD: optionalString,
  REDIS_KEY_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9:_-]{1,40}$/, 'REDIS_KEY_PREFIX may hold letters, digits, ":", "_" and "-"')
    .default('smbcrm:'),
  PORT: int('PORT', 3000, 0, 65_535),
  MAX_REQUESTS_IN_FLIGHT: int('MAX_REQUESTS_IN_FLIGHT', 500, 1, 100_000),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  DEFAULT_PHONE_REGION: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => isSupportedCountry(v), 'DEFAULT_PHONE_REGION must be a two-letter country code such as US')
    .default('US'),
});

export type RawConfig = z.infer<typeof configSchema>;
