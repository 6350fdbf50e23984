import type { SmbcrmErrorKind } from '../../platform/smbcrm/errors.js';

/**
 * What an approved write did, as data: the card renders it, the audit keeps it. Never display text, which would
 * freeze one wording into Redis for the whole retention and could quote anything SMBcrm said.
 */
export interface FailureInfo {
  /** SMBcrm's kind of failure, or `unexpected` for a fault of the bot itself. */
  kind: SmbcrmErrorKind | 'unexpected';
  status?: number;
  operation?: string;
  /** SMBcrm's own words, scrubbed of tokens, emails and phone numbers (services/platform/smbcrm/errors.ts). */
  reasons: string[];
}

export type ActionOutcome =
  /**
   * Written; `already` when the record was found in the target state and nothing needed writing. A write that
   * makes or finds a record says which (`contactId`) and whether SMBcrm created it (`created`).
   */
  | { kind: 'done'; already?: boolean; contactId?: string; created?: boolean; contactName?: string }
  /** The record is no longer as the request expected; nothing was written. `now` says where it is. */
  | { kind: 'changed'; now: string }
  | { kind: 'failed'; error: FailureInfo };

/**
 * Reads a stored outcome. Records written before outcomes were typed held a display string (and `changed: '1'`);
 * those are read as well as they can be, so a card updated after an upgrade still renders.
 */
export function parseOutcome(
  raw: string | undefined,
  legacy: { status: string; changed: boolean },
): ActionOutcome | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as ActionOutcome;
    if (v && typeof v === 'object' && typeof v.kind === 'string') return v;
  } catch {
    // a legacy display string
  }
  if (legacy.changed) return { kind: 'changed', now: raw };
  if (legacy.status === 'done') return { kind: 'done', already: raw !== 'moved' };
  return { kind: 'failed', error: { kind: 'unexpected', reasons: [] } };
}
