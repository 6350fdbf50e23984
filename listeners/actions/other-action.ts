import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** A click the bot has nothing to do for (a URL button, an id it does not know): acknowledged, logged at debug. */
export async function otherAction({ ack, context }: Args) {
  await ack();
  context.outcome = 'ignored';
}
