import { randomBytes } from 'node:crypto';
import { agentReply, type ExecutionMemory } from './agent-brain.js';
import type { Route, RouteContext, RouteResult } from './routes.js';
import type { SimAgent } from './types.js';

/**
 * Agent Studio's API (reference §8): list, get and execute, Version 2021-04-15, scopes agent-studio.readonly /
 * agent-studio.write, on the current routes (`/agent-studio/agent…`) and the deprecated ones they replace
 * (`/agent-studio/public-api/agents…`, same shapes; apps/agent-studio.json marks them deprecated).
 * A simulator set to `agentApi: 'public-api'` serves only the deprecated routes, as an older server would. Execute follows whichever body dialect the simulator is set to:
 * the published spec's `message` or the product brief's `input` (§8.3); the other is refused with 422, as the live
 * server's whitelist does. Unknown execution ids are refused (or start a new session, if so configured).
 */
export type ExecuteDialect = 'message' | 'input';

export interface AgentState {
  executions: Map<string, ExecutionMemory & { agentId: string; interactions: string[] }>;
  executeDialect: ExecuteDialect;
  unknownExecution: 'reject' | 'new';
  /** Answers to give next, in order, instead of the brain's (a test playing a careless or hostile agent). */
  scripted: string[];
}

export const AGENT_STUDIO_VERSION = '2021-04-15';
const id24 = () => randomBytes(12).toString('hex');
const ok = (body: unknown): RouteResult => ({ status: 200, body });
const fail = (status: number, message: string | string[]): RouteResult => ({
  status,
  body: {
    statusCode: status,
    message,
    error: { 400: 'Bad Request', 404: 'Not Found', 422: 'Unprocessable Entity' }[status] ?? 'Error',
  },
});

function agentFor(ctx: RouteContext): SimAgent | undefined {
  return ctx.db.agents.find((a) => a.agentId === ctx.params.agentId && a.locationId === ctx.token.locationId);
}

const summary = (a: SimAgent) => ({
  agentId: a.agentId,
  name: a.name,
  description: a.description,
  locationId: a.locationId,
  status: a.status,
  createdAt: '2026-01-15T10:30:00.000Z',
  updatedAt: '2026-02-20T14:45:00.000Z',
});

function execute(ctx: RouteContext): RouteResult {
  const state = ctx.agents;
  const field = state.executeDialect;
  const allowed = [
    'locationId',
    'executionId',
    'inputVariables',
    'contactId',
    'versionId',
    'attachments',
    field,
  ];
  const unknown = Object.keys(ctx.body).filter((k) => !allowed.includes(k));
  if (typeof ctx.body.locationId !== 'string' || ctx.body.locationId === '') {
    return fail(400, 'Agent is not active or invalid request - locationId is required');
  }
  const problems = unknown.map((k) => `property ${k} should not exist`);
  const text = ctx.body[field];
  if (typeof text !== 'string' || text.trim() === '')
    problems.push(`${field} should not be empty`, `${field} must be a string`);
  if (problems.length) return fail(422, problems);
  const agent = agentFor(ctx);
  if (!agent) return fail(404, 'Agent not found');
  if (agent.status !== 'active' || !agent.published)
    return fail(400, 'Agent is not active or invalid request');

  let executionId = typeof ctx.body.executionId === 'string' ? ctx.body.executionId : undefined;
  let memory = executionId ? state.executions.get(executionId) : undefined;
  if (executionId && (!memory || memory.agentId !== agent.agentId)) {
    if (state.unknownExecution === 'reject') return fail(404, 'Execution not found'); // ASSUMED wording
    executionId = undefined;
  }
  if (!executionId || !memory) {
    executionId = id24();
    memory = { turns: [], agentId: agent.agentId, interactions: [] };
    state.executions.set(executionId, memory);
  }
  const contactId = typeof ctx.body.contactId === 'string' ? ctx.body.contactId : undefined;
  const response =
    state.scripted.shift() ?? agentReply(ctx.db, ctx.token.locationId, memory, text as string, contactId);
  const interactionId = id24();
  memory.interactions.push(interactionId);
  return ok({
    success: true,
    executionId,
    interactionId,
    response,
    type: 'text',
    nextExpectedInput: 'text',
    goalCompletion: false,
    executionStatus: 'completed',
    flowSwitch: false,
    attachments: [],
    generativeOutputs: [],
  });
}

function list(ctx: RouteContext): RouteResult {
  if (!ctx.query.get('locationId')) return fail(400, 'Bad Request - locationId is required');
  const limit = Number(ctx.query.get('limit') ?? 20);
  const offset = Number(ctx.query.get('offset') ?? 0);
  const onlyPublished = ctx.query.get('isPublished') !== 'false';
  const all = ctx.db.agents.filter(
    (a) => a.locationId === ctx.token.locationId && (a.published || !onlyPublished),
  );
  return ok({
    success: true,
    message: 'Agents retrieved successfully',
    agents: all.slice(offset, offset + limit).map(summary),
    pagination: { total: all.length, limit, offset, hasMore: offset + limit < all.length },
  });
}

function getOne(ctx: RouteContext): RouteResult {
  if (!ctx.query.get('locationId')) return fail(400, 'Bad Request - locationId is required');
  const a = agentFor(ctx);
  if (!a) return fail(404, 'Agent not found or not available');
  // The production version is what execute runs; an agent never published has none (reference §8.2).
  const production = a.published
    ? {
        versionId: `Ver${a.agentId}`,
        versionName: 'v1',
        isPublished: true,
        inputVariables: [],
        updatedAt: '2026-02-20T14:45:00.000Z',
      }
    : null;
  return ok({
    success: true,
    message: 'Agent retrieved successfully',
    traceId: id24(),
    agent: {
      ...summary(a),
      id: a.agentId,
      deleted: false,
      productionVersion: production,
      versions: production ? [{ ...production, state: 'production', nodes: [], edges: [] }] : [],
    },
  });
}

/** The current routes. */
const current: Route[] = [
  {
    method: 'GET',
    pattern: '/agent-studio/agent',
    scope: 'agent-studio.readonly',
    version: AGENT_STUDIO_VERSION,
    query: ['locationId', 'limit', 'offset', 'isPublished', 'source'],
    handle: list,
  },
  {
    method: 'GET',
    pattern: '/agent-studio/agent/:agentId',
    scope: 'agent-studio.readonly',
    version: AGENT_STUDIO_VERSION,
    query: ['locationId', 'source'],
    handle: getOne,
  },
  {
    method: 'POST',
    pattern: '/agent-studio/agent/:agentId/execute',
    scope: 'agent-studio.write',
    version: AGENT_STUDIO_VERSION,
    query: ['source'],
    handle: execute,
  },
];

/** The deprecated routes, still served: the same handlers (the deprecated list has no `isPublished`). */
const deprecated: Route[] = [
  {
    method: 'GET',
    pattern: '/agent-studio/public-api/agents',
    scope: 'agent-studio.readonly',
    version: AGENT_STUDIO_VERSION,
    query: ['locationId', 'limit', 'offset', 'source'],
    handle: list,
  },
  {
    method: 'GET',
    pattern: '/agent-studio/public-api/agents/:agentId',
    scope: 'agent-studio.readonly',
    version: AGENT_STUDIO_VERSION,
    query: ['locationId', 'source'],
    handle: getOne,
  },
  {
    method: 'POST',
    pattern: '/agent-studio/public-api/agents/:agentId/execute',
    scope: 'agent-studio.write',
    version: AGENT_STUDIO_VERSION,
    query: ['source'],
    handle: execute,
  },
];

export const agentRoutes: Route[] = [...current, ...deprecated];

/** Is this one of the current Agent Studio routes (absent from a server set to `agentApi: 'public-api'`)? */
export const isCurrentAgentRoute = (r: Route) => current.includes(r);
