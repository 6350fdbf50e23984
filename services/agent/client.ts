import { z } from 'zod';
import type { Logger } from '../../src/logger.js';
import { SmbcrmError } from '../smbcrm/errors.js';
import { AGENT_STUDIO_VERSION, type SmbcrmHttp } from '../smbcrm/http.js';

/**
 * Agent Studio's execute call (shared/reference/smbcrm-api.md §8.3). The bot reads only `response` and
 * `executionId` (and `interactionId` for feedback); the rest of the DTO varies between documents.
 */
const executeResponse = z.object({
  executionId: z.string().min(1),
  interactionId: z.string().nullish(),
  response: z.string(),
  executionStatus: z.string().nullish(),
});

export interface AgentTurn {
  text: string;
  executionId?: string;
  contactId?: string;
}

export interface AgentAnswer {
  executionId: string;
  interactionId: string | undefined;
  response: string;
}

/** Which body field carries the text: the published spec's `message` or the product brief's `input`. */
export type ExecuteDialect = 'message' | 'input';

export type AgentStudioClient = ReturnType<typeof createAgentStudioClient>;

/** True when SMBcrm refused a turn because of the text field's name (so the other dialect may work). */
function namesTheTextField(err: unknown): boolean {
  return (
    err instanceof SmbcrmError &&
    (err.status === 422 || err.status === 400) &&
    err.reasons.some((r) => /\b(message|input)\b/.test(r))
  );
}

/** The stored execution is gone: Agent Studio no longer knows it (ASSUMED 404/400 naming the execution). */
export function isUnknownExecution(err: unknown): boolean {
  return (
    err instanceof SmbcrmError &&
    (err.kind === 'not_found' || err.kind === 'invalid') &&
    err.reasons.some((r) => /execution/i.test(r))
  );
}

export function createAgentStudioClient(options: {
  http: SmbcrmHttp;
  locationId: string;
  agentId: string;
  logger: Logger;
  timeoutMs: number;
}) {
  const log = options.logger.child({ component: 'agent-studio' });
  let dialect: ExecuteDialect = 'message';

  const send = (turn: AgentTurn, field: ExecuteDialect) =>
    options.http.call({
      operation: 'agent.execute',
      method: 'POST',
      path: `/agent-studio/public-api/agents/${encodeURIComponent(options.agentId)}/execute`,
      version: AGENT_STUDIO_VERSION,
      body: {
        locationId: options.locationId,
        [field]: turn.text,
        ...(turn.executionId ? { executionId: turn.executionId } : {}),
        ...(turn.contactId ? { contactId: turn.contactId } : {}),
      },
      schema: executeResponse,
      // A turn is not idempotent: re-sending it after a timeout could make the agent act twice.
      idempotent: false,
      timeoutMs: options.timeoutMs,
    });

  return {
    agentId: options.agentId,
    get dialect() {
      return dialect;
    },
    /** Runs one turn. The first call that needs the other dialect switches to it for the life of the process. */
    async execute(turn: AgentTurn): Promise<AgentAnswer> {
      let result: z.infer<typeof executeResponse>;
      try {
        result = await send(turn, dialect);
      } catch (err) {
        if (!namesTheTextField(err)) throw err;
        const other: ExecuteDialect = dialect === 'message' ? 'input' : 'message';
        result = await send(turn, other);
        log.info(
          { from: dialect, to: other },
          `Agent Studio expects the text in "${other}"; using that from now on`,
        );
        dialect = other;
      }
      if (result.executionStatus === 'failed') {
        throw new SmbcrmError(
          'server',
          ['The agent reported that this execution failed'],
          200,
          'agent.execute',
        );
      }
      return {
        executionId: result.executionId,
        interactionId: result.interactionId ?? undefined,
        response: result.response,
      };
    },
  };
}
