import { scrub } from '../../lib/scrub.js';

/** What went wrong talking to SMBcrm, in terms the rest of the bot can act on. */
export type SmbcrmErrorKind =
  | 'unauthorized' // 401: bad or revoked token, missing scope, other sub-account
  | 'forbidden' // 403
  | 'not_found' // 404, or 400 "… not found"
  | 'invalid' // 400/422 validation
  | 'rate_limited' // 429 after our retries
  | 'server' // 5xx after our retries
  | 'timeout'
  | 'network'
  | 'bad_response'; // 2xx whose body is not what the API documents

/** The most of SMBcrm's words kept per error: enough to name every field of a 422, not a whole echoed body. */
const MAX_REASONS = 10;
const MAX_REASON_LENGTH = 300;

/**
 * SMBcrm's reasons come from people outside the team (a field's value echoed in a 422) and from SMBcrm itself
 * (which may echo the token it refused), so they are scrubbed once, here, before anything shows, logs or stores
 * them.
 */
export function scrubReasons(reasons: readonly string[]): string[] {
  return reasons.slice(0, MAX_REASONS).map((r) => {
    const s = scrub(r);
    return s.length > MAX_REASON_LENGTH ? `${s.slice(0, MAX_REASON_LENGTH - 1)}…` : s;
  });
}

export class SmbcrmError extends Error {
  override readonly name = 'SmbcrmError';
  /** SMBcrm's own words (`message` of the error body; an array for 422s), scrubbed. */
  readonly reasons: string[];
  constructor(
    readonly kind: SmbcrmErrorKind,
    reasons: string[],
    readonly status?: number,
    readonly operation?: string,
    readonly retryAfterMs?: number,
  ) {
    const clean = scrubReasons(reasons);
    super(
      `SMBcrm ${operation ?? 'call'} failed: ${kind}${status ? ` (${status})` : ''}: ${clean.join('; ')}`,
    );
    this.reasons = clean;
  }
}

/**
 * SMBcrm (a NestJS server) answers errors as `{statusCode, message, error?}`, where `message` is a string or,
 * for 422, an array of strings. See shared/reference/smbcrm-api.md §2.
 */
export function reasonsFromBody(body: unknown): string[] {
  if (body && typeof body === 'object' && 'message' in body) {
    const m = (body as { message: unknown }).message;
    if (typeof m === 'string') return [m];
    if (Array.isArray(m)) return m.filter((x): x is string => typeof x === 'string');
  }
  return [];
}

export function errorFromStatus(
  status: number,
  body: unknown,
  operation: string,
  retryAfterMs?: number,
): SmbcrmError {
  const reasons = reasonsFromBody(body);
  const kind: SmbcrmErrorKind =
    status === 401
      ? 'unauthorized'
      : status === 403
        ? 'forbidden'
        : status === 404 || (status === 400 && reasons.some((r) => /not found/i.test(r)))
          ? 'not_found'
          : status === 400 || status === 422
            ? 'invalid'
            : status === 429
              ? 'rate_limited'
              : status >= 500
                ? 'server'
                : 'bad_response';
  return new SmbcrmError(kind, reasons, status, operation, retryAfterMs);
}
