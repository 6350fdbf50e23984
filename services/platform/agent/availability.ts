import type { Logger } from 'pino';
import { SmbcrmError } from '../smbcrm/errors.js';
import { type AgentStudioClient, routeMissing } from './client.js';

/**
 * Whether the configured agent can answer: read at start-up (GET the agent), and again at most once a minute
 * while it cannot, so an admin's fix is picked up without a restart. Only an agent that is Active with a
 * published Production version can be executed (reference §8). Lookups and approvals do not depend on it:
 * /readyz stays ready.
 */
export type AgentAvailability =
  | { state: 'ready'; name: string | undefined }
  | { state: 'unavailable'; why: 'not_found' | 'inactive' | 'unpublished' }
  /** The agent could not be read (no agent-studio.readonly scope, SMBcrm down): turns are tried as usual. */
  | { state: 'unknown'; reason: string };

export function createAgentAvailability(options: {
  agent: Pick<AgentStudioClient, 'describe' | 'agentId'>;
  logger: Logger;
  recheckMs?: number;
}) {
  const log = options.logger.child({ component: 'agent-studio' });
  const recheckMs = options.recheckMs ?? 60_000;
  let current: AgentAvailability = { state: 'unknown', reason: 'not checked yet' };
  let checkedAt = 0;

  async function check(): Promise<AgentAvailability> {
    const before = checkedAt === 0 ? undefined : current.state;
    let next: AgentAvailability;
    try {
      const info = await options.agent.describe();
      next = !info.active
        ? { state: 'unavailable', why: 'inactive' }
        : !info.published
          ? { state: 'unavailable', why: 'unpublished' }
          : { state: 'ready', name: info.name };
    } catch (err) {
      next =
        err instanceof SmbcrmError && err.kind === 'not_found' && !routeMissing(err)
          ? { state: 'unavailable', why: 'not_found' }
          : { state: 'unknown', reason: err instanceof SmbcrmError ? err.kind : 'unexpected' };
    }
    current = next;
    checkedAt = Date.now();
    if (next.state === 'unavailable')
      log.warn(
        { agentId: options.agent.agentId, why: next.why },
        'the Agent Studio agent cannot answer: set SMBCRM_AGENT_ID to an agent that is Active with a published Production version',
      );
    else if (next.state === 'unknown' && before !== 'unknown')
      log.warn(
        { reason: next.reason },
        'could not read the Agent Studio agent (is agent-studio.readonly granted?)',
      );
    else if (next.state === 'ready' && before !== 'ready')
      log.info({ agentId: options.agent.agentId, name: next.name }, 'Agent Studio agent is ready');
    return next;
  }

  return {
    check,
    get current() {
      return current;
    },
    /** The availability to act on now: re-read when the agent could not answer and a minute has passed. */
    async now(): Promise<AgentAvailability> {
      if (current.state === 'unavailable' && Date.now() - checkedAt >= recheckMs) return check();
      return current;
    },
  };
}

export type AgentAvailabilityService = ReturnType<typeof createAgentAvailability>;
