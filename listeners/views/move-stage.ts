import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { errorMessage } from '../../services/presentation/views/messages.js';
import type { ListenerDeps } from '../deps.js';
import { recordId } from '../payloads.js';
import { reportFailure } from '../reply.js';

type Args = SlackViewMiddlewareArgs & AllMiddlewareArgs;

const metadata = z.object({ o: recordId, c: z.string().regex(/^[CGD][A-Z0-9]+$/) });

/** The "Move stage" modal submitted: close it, then post the approval card in the channel it came from. */
export const moveStageSubmitted =
  (s: ListenerDeps) =>
  async ({ ack, view, body, client, context }: Args) => {
    const stageId = view.state.values.stage?.stage?.selected_option?.value;
    let meta: z.infer<typeof metadata> | undefined;
    try {
      meta = metadata.parse(JSON.parse(view.private_metadata));
    } catch {
      meta = undefined;
    }
    if (!stageId || !meta) {
      await ack({ response_action: 'errors', errors: { stage: 'Choose a stage.' } });
      return;
    }
    await ack();
    const user = body.user.id;
    let reply: { ephemeral?: { text: string; blocks: unknown[] } };
    try {
      reply = await s.moves.fromModal(meta.o, stageId, user, meta.c);
    } catch (err) {
      const where = { component: 'move', view: 'move-stage', user, channel: meta.c };
      reply = { ephemeral: errorMessage(reportFailure(s, context, where, err).text) };
    }
    if (reply.ephemeral) {
      await client.chat
        .postEphemeral({ channel: meta.c, user, ...(reply.ephemeral as { text: string }) })
        .catch((err: Error) =>
          s.logger.warn({ err }, 'could not tell the requester about their move request'),
        );
    }
  };
