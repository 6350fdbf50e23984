import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { clickedRecordId } from '../payloads.js';
import { replyWith } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** One of several matching opportunities picked: the private list is replaced by what happened next. */
export const movePick =
  (s: ListenerDeps) =>
  async ({ ack, body, context, respond }: Args) => {
    await ack();
    await replyWith(s, respond, context, { component: 'move' }, async () => {
      const reply = await s.moves.fromDraft(clickedRecordId(body) ?? '', body.user.id);
      if (reply.refused) context.outcome = 'refused';
      return reply.ephemeral
        ? { response_type: 'ephemeral', replace_original: !reply.refused, ...reply.ephemeral }
        : undefined;
    });
  };
