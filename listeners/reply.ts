import type { Context, RespondArguments } from '@slack/bolt';
import type { Respond } from '../services/slack/response-url.js';
import { errorMessage } from '../services/views/messages.js';
import { describeError } from '../src/errors.js';
import type { Logger } from '../src/logger.js';

/**
 * Runs the work behind an acknowledged request and answers through the response_url: the result (if the work
 * returns one), or the error in plain words (see describeError). A response_url that can no longer be used is
 * logged, not retried.
 */
export async function replyWith(
  respond: Respond,
  context: Context,
  logger: Logger,
  work: () => Promise<RespondArguments | undefined>,
): Promise<void> {
  let message: RespondArguments | undefined;
  try {
    message = await work();
  } catch (err) {
    const described = describeError(err);
    context.outcome = `error:${(err as { kind?: string }).kind ?? (err as Error).name}`;
    (described.operatorFix ? logger.error.bind(logger) : logger.warn.bind(logger))({ err }, 'request failed');
    message = { response_type: 'ephemeral', replace_original: false, ...errorMessage(described.text) };
  }
  if (message === undefined) return; // the work answered in place (e.g. updated a card) and has nothing to add
  try {
    await respond(message);
  } catch (err) {
    context.outcome = 'error:respond';
    logger.error({ err }, 'could not post to the response_url');
  }
}
