import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';

/**
 * The workspace this bot is installed in, learnt from `auth.test` at start-up, and whether Slack still accepts
 * its token. Approval clicks are checked against the workspace (services/domain/approvals/engine.ts); a token that Slack
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
  /** The first wait before checking again when Slack could not be reached at start-up. */
  firstWaitMs?: number;
}

export type Installation = ReturnType<typeof createInstallation>;

export function createInstallation(options: InstallationOptions) {
  const log = options.logger.child({ component: 'slack-installation' });
  let teamId: string | undefined;
  let botUserId: string | undefined;
  let refused: string | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function check(): Promise<void> {
    try {
      const res = await options.client.auth.test();
      teamId = res.team_id;
      botUserId = res.user_id;
      refused = undefined;
    } catch (err) {
      const code = slackErrorCode(err);
      if (code && TOKEN_REFUSED.has(code)) {
        refused = code;
        throw new SlackTokenError(code);
      }
      throw err;
    }
  }

  function retryInBackground(waitMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      check()
        .then(() => log.info({ team: teamId }, 'Slack reached; the bot token is good'))
        .catch((err: unknown) => {
          if (err instanceof SlackTokenError) return log.error(err.message);
          log.warn({ err, nextInMs: Math.min(waitMs * 2, 60_000) }, 'Slack still out of reach');
          retryInBackground(Math.min(waitMs * 2, 60_000));
        });
    }, waitMs);
    timer.unref();
  }

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
     * Calls auth.test. A refused token throws SlackTokenError at once: it will not start working by itself. Slack
     * out of reach is not fatal: it is logged, and checked again in the background (with backoff) until it
     * answers; until then approvals by "anyone in the workspace" wait for the workspace to be known.
     */
    async verify(): Promise<void> {
      try {
        await check();
      } catch (err) {
        if (err instanceof SlackTokenError) throw err;
        log.error(
          { err },
          'could not reach Slack to check the bot token; starting, and checking again in the background',
        );
        retryInBackground(options.firstWaitMs ?? 1_000);
      }
    },

    /** Stops the background checks (shutdown). */
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
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
