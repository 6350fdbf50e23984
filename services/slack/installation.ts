import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';

/**
 * The workspace this bot is installed in, learnt from `auth.test` at start-up, and whether Slack still accepts
 * its token. Approval clicks are checked against the workspace (services/approvals/engine.ts); a token that Slack
 * refuses stops the start (exit 78) or, when revoked later, makes /readyz fail.
 * https://docs.slack.dev/reference/methods/auth.test
 */
export class SlackTokenError extends Error {
  override readonly name = 'SlackTokenError';
  constructor(readonly code: string) {
    super(
      `SLACK_BOT_TOKEN was refused by Slack (${code}). Check that it is the bot token (xoxb-…) of this app, copied from OAuth & Permissions after installing it, and that the app is still installed.`,
    );
  }
}

/** Slack's answers meaning the token itself is no good (not a blip). */
export const TOKEN_REFUSED = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
]);

export function slackErrorCode(err: unknown): string | undefined {
  const e = err as { code?: string; data?: { error?: string } } | undefined;
  return e?.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
}

export interface InstallationOptions {
  client: WebClient;
  logger: Logger;
  /** Attempts when Slack cannot be reached at start-up, and the first wait between them. */
  attempts?: number;
  firstWaitMs?: number;
}

export type Installation = ReturnType<typeof createInstallation>;

export function createInstallation(options: InstallationOptions) {
  const log = options.logger.child({ component: 'slack-installation' });
  let teamId: string | undefined;
  let botUserId: string | undefined;
  let refused: string | undefined;

  return {
    /** The workspace's id (T…), once verified. */
    get teamId() {
      return teamId;
    },
    get botUserId() {
      return botUserId;
    },
    /** Why Slack refuses the token now, if it does. */
    get refused() {
      return refused;
    },

    /**
     * Calls auth.test. A refused token throws SlackTokenError at once; a network failure or 5xx is retried with
     * backoff and, if Slack stays out of reach, thrown as it is (the caller reports it).
     */
    async verify(): Promise<void> {
      const attempts = options.attempts ?? 5;
      let wait = options.firstWaitMs ?? 500;
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await options.client.auth.test();
          teamId = res.team_id;
          botUserId = res.user_id;
          refused = undefined;
          return;
        } catch (err) {
          const code = slackErrorCode(err);
          if (code && TOKEN_REFUSED.has(code)) {
            refused = code;
            throw new SlackTokenError(code);
          }
          if (attempt >= attempts) throw err;
          log.warn({ err, attempt, waitMs: wait }, 'could not reach Slack to check the bot token; retrying');
          await new Promise((r) => setTimeout(r, wait));
          wait = Math.min(wait * 2, 8_000);
        }
      }
    },

    /** Any Slack call's failure passes through here: a refused token is logged once and fails readiness. */
    noticeFailure(err: unknown): void {
      const code = slackErrorCode(err);
      if (!code || !TOKEN_REFUSED.has(code) || refused === code) return;
      refused = code;
      log.error(
        { code },
        `Slack refuses the bot token (${code}): the app was uninstalled or its token revoked. Reinstall it and update SLACK_BOT_TOKEN.`,
      );
    },
  };
}
