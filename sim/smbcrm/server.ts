import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, readBody, sendJson } from '../http.js';
import { type AgentState, type ExecuteDialect, isCurrentAgentRoute } from './agent-routes.js';
import { matchRoute, unprocessable } from './routes.js';
import { testSeed } from './seed.js';
import type { SimSeed, SimToken } from './types.js';

/**
 * A faithful local SMBcrm (HighLevel API v2) for tests, the demo and `npm run sim`. It enforces what
 * shared/reference/smbcrm-api.md §11 lists, in the order the live API does: Version header, then auth, then the
 * rate limit, scope, location binding and validation. Latency and faults can be injected.
 */
export interface RateLimitOptions {
  /** Requests per window per token+location (live: 100; sandbox: 25). */
  max: number;
  windowMs: number;
  dailyMax: number;
}

export const RATE_LIMITS = {
  production: { max: 100, windowMs: 10_000, dailyMax: 200_000 },
  sandbox: { max: 25, windowMs: 10_000, dailyMax: 10_000 },
} satisfies Record<string, RateLimitOptions>;

export interface Fault {
  method?: string;
  /** A path, or a pattern matched against it. */
  path?: string | RegExp;
  /** Answer with this status and body (default body: the documented error shape for the status). */
  status?: number;
  body?: unknown;
  /** Destroy the connection without an answer (a network error for the client). */
  drop?: boolean;
  delayMs?: number;
  times?: number;
  /**
   * Do the work first, then answer with the fault (or drop the connection): a write that happened although the
   * client never heard so, as after a timeout or a proxy's 502.
   */
  afterWork?: boolean;
}

export interface Exchange {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  response: unknown;
  /** When the request arrived, before any injected latency (ms since the epoch). */
  receivedAt: number;
  /** When it was answered. */
  at: number;
}

export interface SmbcrmSimOptions {
  seed?: SimSeed;
  port?: number;
  rateLimit?: RateLimitOptions;
  /** Added before every answer, in ms (or a function of the request path). */
  latencyMs?: number | ((path: string) => number);
  /** Unknown contact/opportunity ids: 400 (ASSUMED live behaviour) or 404. */
  notFoundStatus?: 400 | 404;
  /** 400 when Version is present but not the route's documented value (default: tolerate any, reference §11.2). */
  strictVersion?: boolean;
  /** Keep a record of every request and answer (tests read it; off for long runs). */
  record?: boolean;
  /** Which execute body Agent Studio expects: the spec's `message` (default) or the brief's `input` (§8.3). */
  executeDialect?: ExecuteDialect;
  /** An execute with an unknown executionId: refused with 404 (default) or starts a new session. */
  unknownExecution?: 'reject' | 'new';
  /**
   * Which Agent Studio routes exist: the current and the deprecated ones (default), or only the deprecated
   * `/agent-studio/public-api/…` ones, as a server from before the new routes answers (404 "Cannot POST …").
   */
  agentApi?: 'both' | 'public-api';
}

export type SmbcrmSimulator = Awaited<ReturnType<typeof createSmbcrmSimulator>>;

const ERROR_NAMES: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export async function createSmbcrmSimulator(options: SmbcrmSimOptions = {}) {
  const db = options.seed ?? testSeed();
  const limits = options.rateLimit ?? RATE_LIMITS.production;
  const notFoundStatus = options.notFoundStatus ?? 400;
  const exchanges: Exchange[] = [];
  const agents: AgentState = {
    executions: new Map(),
    executeDialect: options.executeDialect ?? 'message',
    unknownExecution: options.unknownExecution ?? 'reject',
    scripted: [],
  };
  const faults: Fault[] = [];
  const windows = new Map<string, { start: number; count: number; day: string; daily: number }>();
  let baseUrl = '';

  function rateLimit(token: SimToken): { headers: Record<string, string>; limited: boolean } {
    const key = `${token.token}|${token.locationId}`;
    const now = Date.now();
    const day = new Date(now).toISOString().slice(0, 10);
    let w = windows.get(key);
    if (!w || w.day !== day) w = { start: now, count: 0, day, daily: 0 };
    if (now - w.start >= limits.windowMs) Object.assign(w, { start: now, count: 0 });
    const limited = w.count >= limits.max || w.daily >= limits.dailyMax;
    if (!limited) {
      w.count += 1;
      w.daily += 1;
    }
    windows.set(key, w);
    return {
      limited,
      headers: {
        'x-ratelimit-limit-daily': String(limits.dailyMax),
        'x-ratelimit-daily-remaining': String(Math.max(0, limits.dailyMax - w.daily)),
        'x-ratelimit-interval-milliseconds': String(limits.windowMs),
        'x-ratelimit-max': String(limits.max),
        'x-ratelimit-remaining': String(Math.max(0, limits.max - w.count)),
      },
    };
  }

  function takeFault(method: string, path: string): Fault | undefined {
    const f = faults.find(
      (x) =>
        (x.times ?? 1) > 0 &&
        (!x.method || x.method === method) &&
        (!x.path || (typeof x.path === 'string' ? x.path === path : x.path.test(path))),
    );
    if (f) f.times = (f.times ?? 1) - 1;
    return f;
  }

  /** The answer to one request, before latency; pure apart from the rate-limit counters and writes. */
  function answer(
    method: string,
    url: URL,
    headers: IncomingMessage['headers'],
    body: Record<string, unknown>,
  ) {
    const err = (status: number, message: string | string[], extra: Record<string, string> = {}) => ({
      status,
      body: {
        statusCode: status,
        message,
        ...(status === 401 ? {} : { error: ERROR_NAMES[status] ?? 'Error' }),
      },
      headers: extra,
    });
    const match = matchRoute(method, url.pathname);
    if (!match || (options.agentApi === 'public-api' && isCurrentAgentRoute(match.route)))
      return err(404, `Cannot ${method} ${url.pathname}`);
    const { route, params } = match;

    // 1. Version before auth (reference §1, OBS).
    const version = headers.version;
    if (!version) return err(401, 'version header was not found.');
    if (options.strictVersion && version !== (route.version ?? '2021-07-28'))
      return err(400, 'Invalid version header');
    // 2. Auth.
    const auth = headers.authorization;
    if (!auth) return err(401, 'No Authorization header found for authentication!');
    const bearer = /^Bearer (\S+)$/.exec(auth)?.[1];
    if (!bearer || !/^(pit-[0-9a-f-]{36}|[\w-]+\.[\w-]+\.[\w-]+)$/i.test(bearer))
      return err(401, 'Invalid JWT');
    const token = db.tokens.find((t) => t.token === bearer);
    if (!token) return err(401, 'Invalid Private Integration token');
    // 3. Rate limit per token + location, headers on every authenticated answer.
    const rl = rateLimit(token);
    if (rl.limited)
      return { status: 429, body: { statusCode: 429, message: 'Too Many Requests' }, headers: rl.headers };
    // 4. Scope: a missing scope is a 401, not a 403 (reference §1, OBS).
    if (!token.scopes.includes(route.scope))
      return err(401, 'The token is not authorized for this scope.', rl.headers);
    // 5. Location binding, wherever the location id travels.
    const locations = [
      url.searchParams.get('locationId'),
      url.searchParams.get('location_id'),
      body.locationId,
      params.locationId,
    ];
    if (locations.some((l) => typeof l === 'string' && l !== token.locationId)) {
      return err(401, 'This location is not accessible from this token!', rl.headers);
    }
    // 6. Validation: whitelisted and required query parameters.
    const problems = [...url.searchParams.keys()]
      .filter((k) => !route.query.includes(k))
      .map((k) => `property ${k} should not exist`);
    for (const k of route.requiredQuery ?? []) {
      if (!url.searchParams.get(k)) problems.push(`${k} should not be empty`, `${k} must be a string`);
    }
    if (problems.length) return { ...unprocessable(problems), headers: rl.headers };
    const result = route.handle({
      params,
      query: url.searchParams,
      body,
      token,
      db,
      notFoundStatus,
      baseUrl,
      agents,
    });
    return { ...result, headers: rl.headers };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const receivedAt = Date.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', baseUrl);
    const raw = await readBody(req);
    let body: Record<string, unknown> = {};
    let badJson = false;
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        badJson = true;
      }
    }
    const latency =
      typeof options.latencyMs === 'function' ? options.latencyMs(url.pathname) : (options.latencyMs ?? 0);
    const fault = takeFault(method, url.pathname);
    const wait = latency + (fault?.delayMs ?? 0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (fault?.drop && !fault.afterWork) return void req.socket.destroy();

    let out: { status: number; body: unknown; headers: Record<string, string> };
    if (fault?.afterWork && !badJson) {
      answer(method, url, req.headers, body);
      if (fault.drop) return void req.socket.destroy();
      out = {
        status: fault.status ?? 502,
        body: fault.body ?? {
          statusCode: fault.status ?? 502,
          message: ERROR_NAMES[fault.status ?? 502] ?? 'Error',
        },
        headers: {},
      };
    } else if (fault?.status) {
      out = {
        status: fault.status,
        body: fault.body ?? { statusCode: fault.status, message: ERROR_NAMES[fault.status] ?? 'Error' },
        headers: {},
      };
    } else if (badJson) {
      out = {
        status: 400,
        body: { statusCode: 400, message: 'Unexpected token in JSON', error: 'Bad Request' },
        headers: {},
      };
    } else out = answer(method, url, req.headers, body);

    if (options.record !== false) {
      exchanges.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: raw ? body : undefined,
        status: out.status,
        response: out.body,
        receivedAt,
        at: Date.now(),
      });
    }
    sendJson(res, out.status, out.body, out.headers);
  }

  const listening = await listen((req, res) => {
    handle(req, res).catch((e: Error & { status?: number }) => {
      if (!res.headersSent)
        sendJson(res, e.status ?? 500, { statusCode: e.status ?? 500, message: e.message });
    });
  }, options.port);
  baseUrl = listening.url;

  return {
    url: baseUrl,
    db,
    exchanges,
    /** Agent Studio sessions: per execution, the turns and interaction ids (tests read the turn counts). */
    agents,
    /** Queue a fault for the next matching request(s). */
    inject(fault: Fault) {
      faults.push({ times: 1, ...fault });
    },
    clearFaults() {
      faults.length = 0;
    },
    /** Forget the rate-limit windows (between tests). */
    resetRateLimits() {
      windows.clear();
    },
    close: () => listening.close(),
  };
}
