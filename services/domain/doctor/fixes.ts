import { SmbcrmError } from '../../platform/smbcrm/errors.js';
import { esc } from '../../presentation/views/format.js';

/**
 * What an operator should do about a failed SMBcrm probe, by what SMBcrm answered (shared reference
 * smbcrm-api.md §1–§2: the Version check runs before auth, a missing scope is a 401, not a 403).
 */
export function smbcrmFix(err: unknown, scope?: string): string {
  if (!(err instanceof SmbcrmError)) return 'An unexpected error; the bot logs have the details.';
  // A fix is mrkdwn (it is shown in Slack by `/smbcrm status`); SMBcrm's words in it are escaped like any data.
  const said = esc(err.reasons.join('; '));
  const has = (re: RegExp) => err.reasons.some((r) => re.test(r));
  switch (err.kind) {
    case 'unauthorized':
      if (has(/scope/i))
        return `Add the \`${scope ?? 'missing'}\` scope to the Private Integration (SMBcrm → Settings → Private Integrations → edit; the token stays the same).`;
      if (has(/location/i))
        return '`SMBCRM_LOCATION_ID` is not the sub-account this token belongs to: use the id of the sub-account where the Private Integration was made.';
      if (has(/version header/i))
        return 'The `Version` header did not reach SMBcrm: a proxy between the bot and SMBcrm may strip it.';
      if (has(/Authorization header/i))
        return 'The `Authorization: Bearer` header did not reach SMBcrm: a proxy between the bot and SMBcrm may strip it.';
      return `SMBcrm refused the token (401${said ? `: “${said}”` : ''}). Usual causes: \`SMBCRM_TOKEN\` is invalid, revoked or rotated, or of another environment (a sandbox token against production); the \`Bearer\` prefix or \`Version\` header is missing on the way (the bot sends both); or the token was made at the agency level where a sub-account one is needed.`;
    case 'forbidden':
      return `SMBcrm forbade it (403${said ? `: “${said}”` : ''}): a missing scope, a token made at the wrong level (agency vs sub-account), or a record of another sub-account.`;
    case 'not_found':
      return `SMBcrm answered 404${said ? ` (“${said}”)` : ''}: check \`SMBCRM_BASE_URL\` (the API host, e.g. https://services.smbcrm.com) and that the id is current.`;
    case 'invalid':
      return `SMBcrm refused the request (${err.status ?? 422}${said ? `: “${said}”` : ''}); the field it names is the one to fix.`;
    case 'rate_limited':
      return 'SMBcrm is rate-limiting this token right now; run the check again in a minute.';
    case 'timeout':
    case 'network':
      return 'The bot cannot reach SMBcrm: check `SMBCRM_BASE_URL` and the network (DNS, proxy, firewall).';
    case 'server':
      return `SMBcrm had a problem (HTTP ${err.status ?? '5xx'}); try again later.`;
    case 'bad_response':
      return 'SMBcrm answered in a shape the bot does not know: is `SMBCRM_BASE_URL` the API host (not the web app)?';
  }
}

/** Whether a probe's answer shows the token has the scope: anything but a 401 naming the scope (or a bad token). */
export function scopeGranted(err: unknown): boolean {
  return !(err instanceof SmbcrmError && err.kind === 'unauthorized');
}
