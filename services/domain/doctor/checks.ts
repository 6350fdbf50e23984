import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { AgentAvailabilityService } from '../../platform/agent/availability.js';
import type { AgentApi } from '../../platform/agent/client.js';
import { slackErrorCode, TOKEN_REFUSED } from '../../platform/slack/installation.js';
import { REQUIRED_SLACK_SCOPES, SMBCRM_SCOPES } from '../../platform/slack/scopes.js';
import { SmbcrmError } from '../../platform/smbcrm/errors.js';
import { AGENT_STUDIO_VERSION, type SmbcrmHttp } from '../../platform/smbcrm/http.js';
import { pingRedis, type Redis } from '../../platform/store/redis.js';
import { scopeGranted, smbcrmFix } from './fixes.js';

/**
 * The setup doctor: live checks of everything the bot needs, one result per check with the fix for each failure.
 * Run by `npm run doctor` (src/doctor.ts) and `/smbcrm status`. Every SMBcrm probe is a read, or a write to an id
 * that cannot exist with a body SMBcrm refuses, so nothing is changed: SMBcrm checks scopes before it validates
 * (shared reference smbcrm-api.md §1), so a 400/404/422 proves the scope while a 401 names it missing.
 */
export interface CheckResult {
  name: string;
  status: 'ok' | 'fail' | 'skip';
  detail?: string;
  fix?: string;
}

export interface DoctorDeps {
  locationId: string;
  http: SmbcrmHttp;
  redis: Redis;
  /** Seed nodes when a Redis Cluster is configured. */
  redisCluster: boolean;
  /** A Web API client without retries (the check should answer in seconds). */
  slack: WebClient;
  agent?: { agentId: string; api: AgentApi; availability: AgentAvailabilityService };
  /** Workflow webhooks, when turned on: how many routes, and the default channel. */
  webhooks?: { routes: number; defaultChannel: string | undefined };
}

const anything = z.unknown();
const PROBE_ID = 'smbcrm-doctor-probe-0000';

export async function runChecks(d: DoctorDeps): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const loc = d.locationId;
  const probe = (operation: string, method: 'GET' | 'POST' | 'PUT', path: string, extra: object = {}) =>
    d.http.call({
      operation: `doctor.${operation}`,
      method,
      path,
      schema: anything,
      idempotent: method === 'GET',
      ...extra,
    });

  // 1. The token and its sub-account, then each scope the enabled features need.
  const scopeProbes: [keyof typeof SMBCRM_SCOPES, () => Promise<unknown>][] = [
    ['users.readonly', () => probe('users', 'GET', '/users/', { query: { locationId: loc } })],
    [
      'contacts.readonly',
      () => probe('contacts', 'POST', '/contacts/search', { body: { locationId: loc, pageLimit: 1 } }),
    ],
    [
      'opportunities.readonly',
      () => probe('pipelines', 'GET', '/opportunities/pipelines', { query: { locationId: loc } }),
    ],
    [
      'locations/tasks.readonly',
      () =>
        probe('tasks', 'POST', `/locations/${encodeURIComponent(loc)}/tasks/search`, { body: { limit: 1 } }),
    ],
    // A note on a contact that cannot exist, with an empty body: refused (404/422) once the scope is checked.
    ['contacts.write', () => probe('contact-write', 'POST', `/contacts/${PROBE_ID}/notes`, { body: {} })],
    [
      'opportunities.write',
      () => probe('opportunity-write', 'PUT', `/opportunities/${PROBE_ID}`, { body: {} }),
    ],
  ];
  if (d.agent) {
    const base = d.agent.api === 'current' ? '/agent-studio/agent' : '/agent-studio/public-api/agents';
    const id = encodeURIComponent(d.agent.agentId);
    scopeProbes.push(
      [
        'agent-studio.readonly',
        () =>
          probe('agent', 'GET', `${base}/${id}`, {
            query: { locationId: loc },
            version: AGENT_STUDIO_VERSION,
          }),
      ],
      [
        'agent-studio.write',
        () =>
          probe('agent-execute', 'POST', `${base}/${id}/execute`, {
            body: {},
            version: AGENT_STUDIO_VERSION,
          }),
      ],
    );
  }
  let tokenOk: boolean | undefined;
  const scopeResults: CheckResult[] = [];
  for (const [scope, run] of scopeProbes) {
    const err = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    const refusedToken =
      err instanceof SmbcrmError && err.kind === 'unauthorized' && !err.reasons.some((r) => /scope/i.test(r));
    if (refusedToken) {
      // The token itself (or its sub-account) is refused: no scope can be judged.
      tokenOk = false;
      results.push({ name: 'SMBcrm token and sub-account', status: 'fail', fix: smbcrmFix(err) });
      break;
    }
    if (err !== undefined && !(err instanceof SmbcrmError && err.status !== undefined && err.status < 500)) {
      tokenOk = false;
      results.push({ name: 'SMBcrm reachable', status: 'fail', fix: smbcrmFix(err) });
      break;
    }
    tokenOk = true;
    scopeResults.push(
      scopeGranted(err)
        ? { name: `SMBcrm scope ${scope}`, status: 'ok', detail: SMBCRM_SCOPES[scope] }
        : {
            name: `SMBcrm scope ${scope}`,
            status: 'fail',
            detail: SMBCRM_SCOPES[scope],
            fix: smbcrmFix(err, scope),
          },
    );
  }
  if (tokenOk)
    results.push(
      { name: 'SMBcrm token and sub-account', status: 'ok', detail: `location ${loc}` },
      ...scopeResults,
    );

  // 2. The agent: exists, Active, with a published Production version.
  if (!d.agent)
    results.push({
      name: 'Agent Studio agent',
      status: 'skip',
      detail: 'SMBCRM_AGENT_ID is not set: no conversations',
    });
  else {
    const a = await d.agent.availability.check();
    results.push(
      a.state === 'ready'
        ? {
            name: 'Agent Studio agent',
            status: 'ok',
            detail: `${a.name ?? d.agent.agentId}, Active and published`,
          }
        : a.state === 'unavailable'
          ? {
              name: 'Agent Studio agent',
              status: 'fail',
              detail: {
                not_found: 'not found',
                inactive: 'not Active',
                unpublished: 'no published Production version',
              }[a.why],
              fix: 'In Agent Studio, make the agent Active and publish a Production version, or set `SMBCRM_AGENT_ID` to one that is.',
            }
          : {
              name: 'Agent Studio agent',
              status: 'fail',
              detail: `could not be read (${a.reason})`,
              fix: 'See the SMBcrm checks above.',
            },
    );
  }

  // 3. Redis, and that it is a cluster when one is configured.
  const up = await pingRedis(d.redis, 1_000);
  if (!up)
    results.push({
      name: 'Redis',
      status: 'fail',
      fix: 'Redis does not answer: check `REDIS_URL` (or `REDIS_CLUSTER_NODES`/`REDIS_SENTINELS`), that Redis is up, and the password.',
    });
  else if (d.redisCluster) {
    const info = String(
      await (d.redis as unknown as { cluster(s: string): Promise<string> }).cluster('INFO').catch(() => ''),
    );
    results.push(
      info.includes('cluster_state:ok')
        ? { name: 'Redis Cluster', status: 'ok', detail: 'cluster_state:ok' }
        : {
            name: 'Redis Cluster',
            status: 'fail',
            fix: 'The cluster is not in state ok (CLUSTER INFO): check its nodes and slots.',
          },
    );
  } else results.push({ name: 'Redis', status: 'ok' });

  // 4. The Slack token, and the scopes it was installed with.
  try {
    const res = await d.slack.auth.test();
    const granted = new Set(res.response_metadata?.scopes ?? []);
    const missing = REQUIRED_SLACK_SCOPES.filter((s) => !granted.has(s));
    results.push({
      name: 'Slack bot token',
      status: 'ok',
      detail: `${res.team ?? res.team_id} as @${res.user ?? 'bot'}`,
    });
    results.push(
      missing.length === 0
        ? {
            name: 'Slack scopes',
            status: 'ok',
            detail: `all ${REQUIRED_SLACK_SCOPES.length} in manifest.yml`,
          }
        : {
            name: 'Slack scopes',
            status: 'fail',
            detail: `missing ${missing.join(', ')}`,
            fix: 'Update the app from manifest.yml (OAuth & Permissions), reinstall it to the workspace, and use the new bot token.',
          },
    );
  } catch (err) {
    const code = slackErrorCode(err);
    results.push({
      name: 'Slack bot token',
      status: 'fail',
      ...(code ? { detail: code } : {}),
      fix:
        code && TOKEN_REFUSED.has(code)
          ? '`SLACK_BOT_TOKEN` is refused: copy the Bot User OAuth Token (xoxb-…) of this app, reinstalled if it was removed.'
          : 'Slack cannot be reached: check the network, and `SLACK_API_URL` if set.',
    });
  }

  // 5. Workflow webhooks: complete settings (the routes file already parsed, or the bot would not start).
  if (!d.webhooks)
    results.push({
      name: 'Workflow webhooks',
      status: 'skip',
      detail: 'off (no SMBCRM_WEBHOOK_SECRETS or SMBCRM_WEBHOOK_BEARER)',
    });
  else
    results.push(
      d.webhooks.routes > 0 || d.webhooks.defaultChannel
        ? {
            name: 'Workflow webhooks',
            status: 'ok',
            detail: `${d.webhooks.routes} route(s)${d.webhooks.defaultChannel ? `, default channel ${d.webhooks.defaultChannel}` : ''}`,
          }
        : {
            name: 'Workflow webhooks',
            status: 'fail',
            detail: 'no channel to post to',
            fix: 'Set `SMBCRM_WEBHOOK_CHANNEL`, or `SMBCRM_WEBHOOK_ROUTES` to a routes file: every event is refused (422) until one is.',
          },
    );
  return results;
}
