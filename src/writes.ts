import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { ACTION_OF, createApprovalPolicy } from '../services/domain/approvals/approval-policy.js';
import { createApprovalEngine } from '../services/domain/approvals/engine.js';
import { createMoveAction } from '../services/domain/approvals/move.js';
import { createMoveRequests } from '../services/domain/approvals/move-requests.js';
import { createApprovalRequests } from '../services/domain/approvals/requests.js';
import { createApprovalStore } from '../services/domain/approvals/store.js';
import { createIdentity } from '../services/domain/identity/identity.js';
import { parseLookupQuery } from '../services/domain/lookup/query.js';
import { type LookupService, userName } from '../services/domain/lookup/service.js';
import { createProposals } from '../services/domain/proposals/proposals.js';
import { createAssignHandler } from '../services/domain/writes/assign.js';
import { createLeadHandler } from '../services/domain/writes/lead.js';
import { createLeadRequests } from '../services/domain/writes/lead-requests.js';
import { createNoteHandler } from '../services/domain/writes/note.js';
import { createStatusHandler } from '../services/domain/writes/status.js';
import { createTagsHandler } from '../services/domain/writes/tags.js';
import { createTargets } from '../services/domain/writes/targets.js';
import { createTaskHandler } from '../services/domain/writes/task.js';
import { createTaskDoneHandler } from '../services/domain/writes/task-done.js';
import { createWriteRequests } from '../services/domain/writes/write-requests.js';
import type { Channels } from '../services/platform/slack/channels.js';
import type { SlackNames } from '../services/platform/slack/names.js';
import type { SmbcrmClient } from '../services/platform/smbcrm/client.js';
import type { JsonCache } from '../services/platform/store/cache.js';
import type { Redis } from '../services/platform/store/redis.js';
import type { Config } from './config/load.js';

/**
 * Everything that writes to SMBcrm, wired once per bot instance: the approval engine with one handler per kind of
 * write and its policy, who is who, and the ways a request is made (commands, modals, leads, the agent's proposals).
 */
export function buildWrites(d: {
  config: Config;
  logger: Logger;
  redis: Redis;
  client: WebClient;
  cache: JsonCache;
  smbcrm: SmbcrmClient;
  lookup: LookupService;
  names: SlackNames;
  channels: Channels;
  workspace: () => string | undefined;
}) {
  const { config, logger, redis, client, cache, smbcrm, lookup, workspace } = d;
  // A request (with what it would write: a note's text, a lead's email) is kept a week past its expiry, for late
  // clicks and retries; the audit of it, scrubbed, for the audit retention.
  const store = createApprovalStore({
    redis,
    prefix: config.redis.keyPrefix,
    retainMs: Math.min(config.approvals.auditRetentionMs, config.approvals.ttlMs + 7 * 86_400_000),
    auditRetentionMs: config.approvals.auditRetentionMs,
  });
  const policy = createApprovalPolicy({
    ...config.approvals,
    file: config.approvals.policy,
    client,
    cache,
    logger,
    workspace,
  });
  const identity = createIdentity({
    slack: client,
    users: lookup.users,
    cache,
    userMap: config.userMap,
    ttlSeconds: config.smbcrm.cacheTtlSeconds,
    logger,
    workspace,
  });
  const nameOf = async (id: string) => {
    const u = (await lookup.users()).find((x) => x.id === id);
    return u ? userName(u) : 'an unknown user';
  };
  const move = createMoveAction({ smbcrm, pipelines: lookup.pipelines });
  /** The contacts an email or a phone number finds (a lead's duplicate check, before and after its write). */
  const findByEmailOrPhone = async (q: string) =>
    (await lookup.findContacts(parseLookupQuery(q, config.defaultPhoneRegion))).contacts;
  // One handler per kind of write, and one line of policy each (approval-policy.ts): the engine stays as it is.
  const requests = createApprovalRequests({
    engine: createApprovalEngine({
      store,
      policy,
      handlers: {
        [ACTION_OF.move]: move.handler,
        [ACTION_OF.status]: createStatusHandler(smbcrm),
        [ACTION_OF.assign]: createAssignHandler(smbcrm, nameOf),
        [ACTION_OF.note]: createNoteHandler(smbcrm),
        [ACTION_OF.task]: createTaskHandler(smbcrm),
        [ACTION_OF.tags]: createTagsHandler(smbcrm),
        [ACTION_OF.lead]: createLeadHandler({ smbcrm, find: findByEmailOrPhone }),
        [ACTION_OF.task_done]: createTaskDoneHandler(smbcrm),
      },
      ttlMs: config.approvals.ttlMs,
      logger,
      workspace,
    }),
    policy,
    identity,
    client,
    currency: config.smbcrm.currency,
    logger,
    inChannel: (channel, user) => d.channels.has(channel, user),
  });
  const moves = createMoveRequests({
    requests,
    move,
    store,
    pipelines: lookup.pipelines,
    currency: config.smbcrm.currency,
  });
  const targets = createTargets({ lookup, move, defaultPhoneRegion: config.defaultPhoneRegion });
  const writes = createWriteRequests({
    names: d.names,
    requests,
    targets,
    identity,
    users: lookup.users,
    store,
  });
  const leads = createLeadRequests({
    requests,
    identity,
    users: lookup.users,
    find: findByEmailOrPhone,
    defaultPhoneRegion: config.defaultPhoneRegion,
  });
  const proposals = createProposals({
    writes,
    targets,
    move,
    requests,
    users: lookup.users,
    redis,
    prefix: config.redis.keyPrefix,
    ttlMs: config.approvals.ttlMs,
    logger,
  });
  return { moves, requests, writes, leads, proposals, identity };
}
