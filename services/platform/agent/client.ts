import type { Logger } from 'pino';
import { z } from 'zod';
import { SmbcrmError } from '../smbcrm/errors.js';
import { AGENT_STUDIO_VERSION, type SmbcrmHttp } from '../smbcrm/http.js';

/**
 * Agent Studio: execute a turn, and read the agent (shared reference smbcrm-api.md §8; apps/agent-studio.json).
 * The bot reads only `response` and `executionId` (and `interactionId` for feedback); the rest of the DTO varies
 * between documents.
 *
 * Routes: HighLevel now serves `/agent-studio/agent/:agentId[/execute]` and marks the earlier
 * `/agent-studio/public-api/agents/:agentId[/execute]` deprecated (its official Node SDK calls only the new ones).
 * The bot calls the current routes and, when SMBcrm answers that the route itself does not exist (404 "Cannot POST
 * …"), the deprecated ones, which it then keeps for the life of the process (logged once); `SMBCRM_AGENT_API`
 * pins one.
 */
const executeResponse = z.object({
  executionId: z.string().min(1),
  interactionId: z.string().nullish(),
  response: z.string(),
  executionStatus: z.string().nullish(),
});

const agentResponse = z.object({
  agent: z.object({
    agentId: z.string().nullish(),
    name: z.string().nullish(),
    status: z.string().nullish(),
    productionVersion: z.object({ isPublished: z.boolean().nullish() }).passthrough().nullish(),
  }),
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

/** What Agent Studio says of the agent: whether it can be executed, and if not, why. */
export interface AgentInfo {
  name: string | undefined;
  active: boolean;
  published: boolean;
}

/** Which body field carries the text: the published spec's `message` or the product brief's `input`. */
export type ExecuteDialect = 'message' | 'input';

/** Which routes: the current ones, or the deprecated public-api ones. */
export type AgentApi = 'current' | 'public-api';

const ROUTES: Record<AgentApi, { agent: (id: string) => string; execute: (id: string) => string }> = {
  current: {
    agent: (id) => `/agent-studio/agent/${encodeURIComponent(id)}`,
    execute: (id) => `/agent-studio/agent/${encodeURIComponent(id)}/execute`,
  },
  'public-api': {
    agent: (id) => `/agent-studio/public-api/agents/${encodeURIComponent(id)}`,
    execute: (id) => `/agent-studio/public-api/agents/${encodeURIComponent(id)}/execute`,
  },
};

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

/**
 * A 404 for the route itself, not for an agent or execution: NestJS answers an unknown route with
 * "Cannot POST /path" (and a gateway may say nothing), while an unknown agent or execution is named.
 */
export const routeMissing = (err: unknown) =>
  err instanceof SmbcrmError &&
  err.status === 404 &&
  (err.reasons.length === 0 || err.reasons.some((r) => /^Cannot (GET|POST|PUT|PATCH|DELETE) /.test(r)));

export function createAgentStudioClient(options: {
  http: SmbcrmHttp;
  locationId: string;
  agentId: string;
  logger: Logger;
  timeoutMs: number;
  /** `auto` (default): the current routes, falling back to the deprecated ones on 404. */
  api?: 'auto' | AgentApi;
}) {
  const log = options.logger.child({ component: 'agent-studio' });
  let dialect: ExecuteDialect = 'message';
  let api: AgentApi = options.api === 'public-api' ? 'public-api' : 'current';
  const pinned = options.api === 'current' || options.api === 'public-api';

  /** Runs a call on the routes in use; on a 404 from the current ones, tries the deprecated ones once. */
  async function onRoutes<T>(call: (routes: AgentApi) => Promise<T>): Promise<T> {
    try {
      return await call(api);
    } catch (err) {
      if (pinned || api !== 'current' || !routeMissing(err)) throw err;
      const result = await call('public-api');
      log.info(
        'SMBcrm does not serve the current Agent Studio routes here; using /agent-studio/public-api/…',
      );
      api = 'public-api';
      return result;
    }
  }

  const send = (routes: AgentApi, turn: AgentTurn, field: ExecuteDialect) =>
    options.http.call({
      operation: 'agent.execute',
      method: 'POST',
      path: ROUTES[routes].execute(options.agentId),
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
    get api() {
      return api;
    },

    /** Reads the agent: GET …/agent/:agentId (scope agent-studio.readonly). */
    describe: (): Promise<AgentInfo> =>
      onRoutes(async (routes) => {
        const { agent } = await options.http.call({
          operation: 'agent.get',
          method: 'GET',
          path: ROUTES[routes].agent(options.agentId),
          query: { locationId: options.locationId },
          version: AGENT_STUDIO_VERSION,
          schema: agentResponse,
          idempotent: true,
        });
        return {
          name: agent.name ?? undefined,
          active: (agent.status ?? 'active') === 'active',
          published: agent.productionVersion?.isPublished === true,
        };
      }),

    /** Runs one turn. The first call that needs the other dialect switches to it for the life of the process. */
    async execute(turn: AgentTurn): Promise<AgentAnswer> {
      const result = await onRoutes(async (routes) => {
        try {
          return await send(routes, turn, dialect);
        } catch (err) {
          if (!namesTheTextField(err)) throw err;
          const other: ExecuteDialect = dialect === 'message' ? 'input' : 'message';
          const answer = await send(routes, turn, other);
          log.info(
            { from: dialect, to: other },
            `Agent Studio expects the text in "${other}"; using that from now on`,
          );
          dialect = other;
          return answer;
        }
      });
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
