import type { Context, RespondArguments } from '@slack/bolt';
import type { Respond } from '../services/slack/response-url.js';
import { describeError } from '../services/views/error-text.js';
import { errorMessage } from '../services/views/messages.js';
import type { Logger } from '../src/logger.js';

/**
 * Runs the work behind an acknowledged request and answers through the response_url: the result (if the work
 * returns one), or the error in plain words (see describeError). A response_url that can no longer be used is
 * logged, not retried. `where` names the request in those log lines; it is merged into the line rather than made
 * a pino child per request, since a child's bindings are serialised and redacted when it is made (measured: a
 * child per lookup was the largest single source of garbage on the lookup path).
 */
export async function replyWith(
  respond: Respond,
  context: Context,
  logger: Logger,
  where: Record<string, unknown>,
  work: () => Promise<RespondArguments | undefined>,
): Promise<void> {
  let message: RespondArguments | undefined;
  try {
    message = await work();
  } catch (err) {
    const described = describeError(err);
    context.outcome = `error:${(err as { kind?: string }).kind ?? (err as Error).name}`;
    (described.operatorFix ? logger.error.bind(logger) : logger.warn.bind(logger))(
      { ...where, err },
      'request failed',
    );
    message = { response_type: 'ephemeral', replace_original: false, ...errorMessage(described.text) };
  }
  if (message === undefined) return; // the work answered in place (e.g. updated a card) and has nothing to add
  try {
    await respond(message);
  } catch (err) {
    context.outcome = 'error:respond';
    logger.error({ ...where, err }, 'could not post to the response_url');
  }
}
