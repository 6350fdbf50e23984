import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { clickedRecordId } from '../../services/slack-payloads.js';
import type { AppServices } from '../../src/services.js';
import { replyWith } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** One of several matching opportunities picked: the private list is replaced by what happened next. */
export const movePick =
  (s: AppServices) =>
  async ({ ack, body, context }: Args) => {
    await ack();
    const respond = s.respond.for(body);
    await replyWith(s, respond, context, { component: 'move' }, async () => {
      const reply = await s.moves.fromDraft(clickedRecordId(body) ?? '', body.user.id);
      return reply.ephemeral
        ? { response_type: 'ephemeral', replace_original: true, ...reply.ephemeral }
        : undefined;
    });
  };
