import type { Context, RespondArguments } from '@slack/bolt';
import type { Logger } from 'pino';
import { UserInputError } from '../services/lib/errors.js';
import type { Installation } from '../services/platform/slack/installation.js';
import { slackErrorCode } from '../services/platform/slack/installation.js';
import { SmbcrmError } from '../services/platform/smbcrm/errors.js';
import { describeError, type UserFacingError } from '../services/presentation/views/error-text.js';
import { errorMessage } from '../services/presentation/views/messages.js';
import type { Respond } from './deps.js';

/** What the error policy needs of the app: where to log, and who watches for a refused Slack token. */
export interface FailureDeps {
  logger: Logger;
  installation: Pick<Installation, 'noticeFailure'>;
}

/** A short name for what failed, for the request's log line (`error:<kind>`). */
function kindOf(err: unknown): string {
  if (err instanceof SmbcrmError) return err.kind;
  const slack = slackErrorCode(err);
  if (slack) return `slack:${slack}`;
  return (err as Error)?.name ?? 'unknown';
}

/**
 * The one error policy of every listener: the failure is logged once, with the request's ids (`where`), at error
 * when an operator must act (a token, a scope, a setting) and at warn otherwise; the request's log line gets its
 * kind; a token Slack refuses is noticed (it fails /readyz); and the person gets the mapped words, with the fix
 * (services/presentation/views/error-text.ts). Returns those words for the caller to post where the person will see them.
 */
export function reportFailure(
  deps: FailureDeps,
  context: Context,
  where: Record<string, unknown>,
  err: unknown,
): UserFacingError {
  const described = describeError(err);
  if (err instanceof UserInputError) {
    context.outcome = 'bad-input'; // the person's own input: nothing for an operator to see
    return described;
  }
  context.outcome = `error:${kindOf(err)}`;
  deps.installation.noticeFailure(err);
  (described.operatorFix ? deps.logger.error.bind(deps.logger) : deps.logger.warn.bind(deps.logger))(
    { ...where, err },
    'request failed',
  );
  return described;
}

/**
 * Runs the work behind an acknowledged request and answers through the response_url: the result (if the work
 * returns one), or the failure in plain words (reportFailure). A response_url that can no longer be used is
 * logged, not retried. `where` names the request in those log lines; it is merged into the line rather than made
 * a pino child per request, since a child's bindings are serialised and redacted when it is made (measured: a
 * child per lookup was the largest single source of garbage on the lookup path).
 */
export async function replyWith(
  deps: FailureDeps,
  respond: Respond,
  context: Context,
  where: Record<string, unknown>,
  work: () => Promise<RespondArguments | undefined>,
): Promise<void> {
  let message: RespondArguments | undefined;
  try {
    message = await work();
  } catch (err) {
    const described = reportFailure(deps, context, where, err);
    message = { response_type: 'ephemeral', replace_original: false, ...errorMessage(described.text) };
  }
  if (message === undefined) return; // the work answered in place (e.g. updated a card) and has nothing to add
  await respond(message).catch((err: unknown) => {
    context.outcome = 'error:respond';
    deps.logger.error({ ...where, err }, 'could not post to the response_url');
  });
}

/**
 * The same policy for a click on the Home tab, which has no response_url: the outcome (or the failure, in the
 * mapped words) is shown on top of the person's tab, which is republished.
 */
export async function replyOnHome(
  deps: FailureDeps & {
    home: { tell(user: string, mrkdwn: string, o?: { dropParts?: boolean }): Promise<void> };
  },
  context: Context,
  user: string,
  where: Record<string, unknown>,
  work: () => Promise<{ notice: string; dropParts?: boolean } | undefined>,
): Promise<void> {
  let answer: { notice: string; dropParts?: boolean } | undefined;
  try {
    answer = await work();
  } catch (err) {
    answer = { notice: `:warning: ${reportFailure(deps, context, where, err).text}` };
  }
  if (!answer) return;
  await deps.home.tell(user, answer.notice, { dropParts: answer.dropParts }).catch((err: unknown) => {
    context.outcome = 'error:home';
    deps.logger.error({ ...where, err }, 'could not republish the Home tab');
  });
}
