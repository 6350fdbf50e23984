import type { Logger } from 'pino';
import { Agent, type Dispatcher, request } from 'undici';
import type { ZodType } from 'zod';
import { scrub } from '../../lib/scrub.js';
import { errorFromStatus, SmbcrmError } from './errors.js';
import type { RateLimiter } from './rate-limit.js';

/** `Version` header values (reference §1): CRM routes and Agent Studio differ. */
export const CRM_VERSION = '2021-07-28';
export const AGENT_STUDIO_VERSION = '2021-04-15';
export const USER_AGENT = 'smbcrm-slack-assistant/0.1 (+https://github.com/smbcrm-slack-assistant)';

export interface SmbcrmHttpOptions {
  baseUrl: string;
  token: string;
  logger: Logger;
  timeoutMs: number;
  maxRetries: number;
  /**
   * Connections to SMBcrm at most (default 128). A call holds one for SMBcrm's whole answer time, so with
   * answers of 150 ms, 64 connections carry only about 420 calls a second.
   */
  maxConnections?: number;
  /** Share one pool between clients, or let the client own one. */
  dispatcher?: Dispatcher;
  /** Longest single wait after a 429 before trying again. */
  maxRateLimitWaitMs?: number;
  /** The budget shared by every instance (see rate-limit.ts); without it, only 429s slow the bot down. */
  limiter?: RateLimiter;
  /** Seams for tests of the backoff arithmetic. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface CallSpec<T> {
  /** A name for logs and errors, e.g. `contacts.search`. */
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  version?: string;
  schema: ZodType<T>;
  /** Safe to send twice: retried on 5xx, timeouts and network errors. 429s are retried regardless. */
  idempotent: boolean;
  timeoutMs?: number;
}

export interface SmbcrmHttp {
  call<T>(spec: CallSpec<T>): Promise<T>;
  close(): Promise<void>;
}

const headerNumber = (h: Dispatcher.ResponseData['headers'], name: string): number | undefined => {
  const v = h[name];
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

function isTimeout(err: unknown): boolean {
  const e = err as { name?: string; code?: string };
  return (
    e?.name === 'TimeoutError' ||
    e?.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e?.code === 'UND_ERR_BODY_TIMEOUT' ||
    e?.code === 'UND_ERR_CONNECT_TIMEOUT'
  );
}

export function createSmbcrmHttp(options: SmbcrmHttpOptions): SmbcrmHttp {
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, connections: options.maxConnections ?? 128 });
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 10_000;
  const log = options.logger.child({ component: 'smbcrm-http' });

  /** Exponential backoff with full jitter: https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/ */
  const backoff = (attempt: number) => Math.round(random() * Math.min(5_000, 200 * 2 ** attempt));

  function url(spec: CallSpec<unknown>): string {
    const u = new URL(options.baseUrl + spec.path);
    for (const [k, v] of Object.entries(spec.query ?? {}))
      if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  async function once<T>(spec: CallSpec<T>, target: string) {
    // One controller and one timer, cleared as soon as the answer is read. AbortSignal.timeout() costs about 30×
    // as much to create (a transferable signal; 8–12 µs against 0.3 µs on the bench machine) and keeps its timer
    // and signal alive for the whole timeout: at hundreds of calls a second, thousands of live objects.
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        controller.abort(Object.assign(new Error('SMBcrm did not answer in time'), { name: 'TimeoutError' })),
      spec.timeoutMs ?? options.timeoutMs,
    );
    try {
      const res = await request(target, {
        dispatcher,
        method: spec.method,
        headers: {
          authorization: `Bearer ${options.token}`,
          version: spec.version ?? CRM_VERSION,
          accept: 'application/json',
          'user-agent': USER_AGENT,
          ...(spec.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: controller.signal,
      });
      const text = await res.body.text();
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.statusCode, headers: res.headers, json };
    } finally {
      clearTimeout(timer);
    }
  }

  async function call<T>(spec: CallSpec<T>): Promise<T> {
    const target = url(spec);
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      const canRetry = attempt < options.maxRetries;
      let res: Awaited<ReturnType<typeof once<T>>>;
      // Throws "busy" when the wait would be too long. The slot is finished once the answer (or failure) is in.
      const slot = await options.limiter?.acquire(spec.operation, spec.timeoutMs ?? options.timeoutMs);
      try {
        res = await once(spec, target);
      } catch (err) {
        slot?.finish();
        const kind = isTimeout(err) ? 'timeout' : 'network';
        // The cause (a DNS failure, a refused connection, a certificate error) is what an operator needs: its code
        // and message, never a request (which would carry the token).
        const cause = scrub(causeOf(err));
        if (spec.idempotent && canRetry) {
          const wait = backoff(attempt);
          log.warn(
            { op: spec.operation, attempt, kind, cause, waitMs: wait },
            'SMBcrm call failed; retrying',
          );
          await sleep(wait);
          continue;
        }
        log.warn({ op: spec.operation, attempt, kind, cause }, 'SMBcrm could not be reached');
        throw new SmbcrmError(kind, [], undefined, spec.operation);
      }
      slot?.finish();
      const ms = Math.round(performance.now() - started);
      log.debug({ op: spec.operation, status: res.status, ms, attempt }, 'SMBcrm call');
      options.limiter?.observe(res.headers);

      if (res.status >= 200 && res.status < 300) {
        const parsed = spec.schema.safeParse(res.json);
        if (!parsed.success) {
          log.error(
            {
              op: spec.operation,
              issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`),
            },
            'SMBcrm response did not match the documented shape',
          );
          throw new SmbcrmError('bad_response', [], res.status, spec.operation);
        }
        return parsed.data;
      }

      // A 429 was not processed, so any method may be re-sent. Retry-After is not documented (reference §3); the
      // window length is, so wait for the window to pass when no better hint exists.
      if (res.status === 429) {
        const retryAfterS = headerNumber(res.headers, 'retry-after');
        const windowMs = headerNumber(res.headers, 'x-ratelimit-interval-milliseconds');
        const hint = retryAfterS !== undefined ? retryAfterS * 1000 : (windowMs ?? backoff(attempt + 2));
        const wait = Math.min(maxRateLimitWaitMs, hint) + Math.round(random() * 250);
        if (canRetry) {
          log.warn({ op: spec.operation, attempt, waitMs: wait }, 'SMBcrm rate limit hit; waiting');
          await sleep(wait);
          continue;
        }
        throw errorFromStatus(429, res.json, spec.operation, wait);
      }
      if (res.status >= 500 && spec.idempotent && canRetry) {
        const wait = backoff(attempt);
        log.warn(
          { op: spec.operation, attempt, status: res.status, waitMs: wait },
          'SMBcrm server error; retrying',
        );
        await sleep(wait);
        continue;
      }
      throw errorFromStatus(res.status, res.json, spec.operation);
    }
  }

  return {
    call,
    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}

/** A network failure's code and message (undici wraps the socket's error as `cause`). */
function causeOf(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const inner = e?.cause ?? e;
  return [inner?.code, inner?.message].filter(Boolean).join(': ').slice(0, 200);
}
