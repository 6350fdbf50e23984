import type { FailureInfo } from '../../domain/approvals/outcome.js';
import { isStoreUnavailable, UserInputError } from '../../lib/errors.js';
import { SmbcrmError } from '../../platform/smbcrm/errors.js';
import { esc } from './format.js';

export interface UserFacingError {
  /** Short mrkdwn text: what happened and what to do about it. */
  text: string;
  /** Whether the fault lies with the deployment (token, scopes, config) rather than with the person or a blip. */
  operatorFix: boolean;
}

/**
 * The one place that turns a failure into words for a person in Slack. Every message says what to do next;
 * SMBcrm's own reason is quoted where it helps (never a token or a stack).
 */
export function describeError(err: unknown): UserFacingError {
  if (err instanceof UserInputError) return { text: err.message, operatorFix: false };
  if (isStoreUnavailable(err)) {
    return {
      text: ':warning: The bot cannot reach its Redis store right now. Try again in a minute; if it persists, an admin should check `REDIS_URL` and that Redis is up.',
      operatorFix: true,
    };
  }
  if (err instanceof SmbcrmError) return describeSmbcrmError(err);
  const slackError = (err as { code?: string; data?: { error?: string } }).data?.error;
  if ((err as { code?: string }).code === 'slack_webapi_platform_error' && slackError)
    return describeSlackError(slackError);
  return {
    text: ':warning: Something went wrong on our side. Try again; if it keeps happening, an admin can find the details in the bot logs.',
    operatorFix: false,
  };
}

/** A failure kept as data (an approval's outcome), in the same words as when it happened. */
export function describeFailure(f: FailureInfo): UserFacingError {
  if (f.kind === 'unexpected') return describeError(new Error('unexpected'));
  return describeError(new SmbcrmError(f.kind, f.reasons, f.status, f.operation));
}

/** Slack Web API refusals the person can fix themselves, or an admin can. */
function describeSlackError(code: string): UserFacingError {
  if (code === 'expired_trigger_id' || code === 'exchanged_trigger_id') {
    return {
      text: ':hourglass: Slack gave up waiting for the form (it allows 3 seconds). Click the button again.',
      operatorFix: false,
    };
  }
  if (code === 'not_in_channel' || code === 'channel_not_found') {
    return {
      text: ':wave: I am not in this channel yet. Invite me with `/invite @smbcrm` and ask again, or send me a direct message.',
      operatorFix: false,
    };
  }
  if (
    code === 'missing_scope' ||
    code === 'not_authed' ||
    code === 'invalid_auth' ||
    code === 'token_revoked'
  ) {
    return {
      text: `:lock: Slack refused the bot's request (\`${code}\`). An admin should reinstall the app from manifest.yml.`,
      operatorFix: true,
    };
  }
  return {
    text: `:warning: Slack refused the bot's request (\`${esc(code)}\`). Try again in a moment.`,
    operatorFix: false,
  };
}

/** Agent Studio failures get their own fixes: the agent id, its publication, the execute scope. */
function describeAgentError(err: SmbcrmError): UserFacingError | undefined {
  const unavailable =
    err.kind === 'not_found' ||
    (err.kind === 'invalid' && err.reasons.some((r) => /not active|agent/i.test(r)));
  if (unavailable) {
    return {
      text: ':robot_face: The Agent Studio agent is not available. An admin should check `SMBCRM_AGENT_ID`, and that the agent is *Active* with a *published Production version* in Agent Studio.',
      operatorFix: true,
    };
  }
  if (err.kind === 'unauthorized' || err.kind === 'forbidden') {
    return {
      text: ":lock: SMBcrm refused to run the agent with the bot's token. An admin should check `SMBCRM_TOKEN` and that it has the `agent-studio.write` scope.",
      operatorFix: true,
    };
  }
  if (err.kind === 'timeout') {
    return {
      text: ':hourglass: The agent is taking longer than usual and may still be working on it. Try again in a moment.',
      operatorFix: false,
    };
  }
  return undefined;
}

function describeSmbcrmError(err: SmbcrmError): UserFacingError {
  if (err.operation?.startsWith('agent.')) {
    const agent = describeAgentError(err);
    if (agent) return agent;
  }
  const reason = err.reasons.length > 0 ? ` SMBcrm said: “${esc(err.reasons.join('; '))}”.` : '';
  switch (err.kind) {
    case 'unauthorized': {
      // SMBcrm answers a missing scope with 401, not 403 (reference §1), so the fix names both.
      const scope = err.reasons.some((r) => /scope/i.test(r));
      const location = err.reasons.some((r) => /location/i.test(r));
      const fix = scope
        ? 'An admin should add the missing scope to the Private Integration Token (SMBcrm → Settings → Private Integrations); docs/setup.md lists the scopes the bot needs, and `npm run doctor` names the missing one.'
        : location
          ? 'An admin should check that `SMBCRM_LOCATION_ID` is the sub-account the Private Integration Token belongs to.'
          : 'An admin should check `SMBCRM_TOKEN` (it may have been rotated or revoked) and its scopes.';
      return { text: `:lock: SMBcrm refused the bot's credentials.${reason} ${fix}`, operatorFix: true };
    }
    case 'forbidden':
      return {
        text: `:lock: SMBcrm says the bot may not do that.${reason} An admin should check the token's scopes and that \`SMBCRM_LOCATION_ID\` is its sub-account.`,
        operatorFix: true,
      };
    case 'not_found':
      return {
        text: `:mag: SMBcrm could not find that record; it may have been deleted or merged.${reason}`,
        operatorFix: false,
      };
    case 'invalid':
      return { text: `:warning: SMBcrm did not accept the request.${reason}`, operatorFix: false };
    case 'rate_limited': {
      const wait = err.retryAfterMs
        ? ` in about ${Math.ceil(err.retryAfterMs / 1000)} s`
        : ' in a few seconds';
      return {
        text: `:hourglass: SMBcrm is busy (its rate limit for this sub-account is spent). Try again${wait}.`,
        operatorFix: false,
      };
    }
    case 'server':
      return {
        text: `:warning: SMBcrm had a problem answering (HTTP ${err.status ?? '5xx'}). Try again in a minute.`,
        operatorFix: false,
      };
    case 'timeout':
      return {
        text: ':hourglass: SMBcrm took too long to answer. Try again in a moment.',
        operatorFix: false,
      };
    case 'network':
      return {
        text: ':electric_plug: The bot could not reach SMBcrm. Try again in a moment; if it persists, an admin should check `SMBCRM_BASE_URL` and the network.',
        operatorFix: true,
      };
    case 'bad_response':
      return {
        text: ':warning: SMBcrm answered in a shape the bot does not understand. An admin should check the bot logs; the API may have changed.',
        operatorFix: true,
      };
  }
}
