/**
 * Errors the bot raises itself, shared by every layer. SMBcrm's own failures are `SmbcrmError`
 * (services/platform/smbcrm/errors.ts); what a person reads about any of them is decided in one place,
 * services/presentation/views/error-text.ts.
 */

/** A problem with what the person typed; its message is shown to them as it is. */
export class UserInputError extends Error {
  override readonly name = 'UserInputError';
}

/** Redis could not be reached (or did not answer in time). */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/**
 * Is this an ioredis failure to reach or hear from Redis (as opposed to a script or data error)? ioredis throws
 * plain Errors: "Connection is closed.", "Command timed out", MaxRetriesPerRequestError after its retries, and
 * the socket's own ECONNREFUSED/ETIMEDOUT/ECONNRESET.
 */
export function isStoreUnavailable(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return true;
  const e = err as { name?: string; message?: string; code?: string } | undefined;
  if (!e || typeof e !== 'object') return false;
  if (e.name === 'MaxRetriesPerRequestError' || e.name === 'ClusterAllFailedError') return true;
  if (e.code && /^(ECONNREFUSED|ETIMEDOUT|ECONNRESET|EPIPE|EHOSTUNREACH|ENOTFOUND)$/.test(e.code))
    return e.name !== 'SmbcrmError';
  return /^(Connection is closed\.|Command timed out|Stream isn't writeable|Failed to refresh slots cache)/.test(
    e.message ?? '',
  );
}
