import { SmbcrmError } from '../../platform/smbcrm/errors.js';

/**
 * A write whose fate is unknown: SMBcrm timed out, the connection dropped, or it answered 5xx. It may have been
 * written all the same, so a write that is not idempotent re-reads before it is sent again.
 */
export const isUncertain = (err: unknown) =>
  err instanceof SmbcrmError && (err.kind === 'timeout' || err.kind === 'network' || err.kind === 'server');
