import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { clickedMessage, clickedRecordId } from '../payloads.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Try again" on a failed turn: re-sends the same turn (read from Redis by the button's id), answering in place of
 * the failure message. Each failure's button works once, so a double click sends one turn.
 */
export const agentRetry =
  (s: ListenerDeps) =>
  async ({ ack, body, context }: Args) => {
    await ack();
    const id = clickedRecordId(body);
    const where = clickedMessage.safeParse(body);
    const saved = id ? await s.conversations?.loadTurn(id) : undefined;
    if (!saved || !where.success || !s.conversations) {
      context.outcome = 'bad-input';
      return;
    }
    context.outcome = await s.conversations.handle({
      ...saved,
      messageTs: where.data.container.message_ts,
      placeholderTs: where.data.container.message_ts,
      dedupeKey: `retry:${id}`,
    });
  };
