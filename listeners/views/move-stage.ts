import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { SlackMessage } from '../../services/presentation/views/contact-card.js';
import { errorMessage } from '../../services/presentation/views/messages.js';
import { CHANNEL_PICKER } from '../../services/presentation/views/write-modals.js';
import type { ListenerDeps } from '../deps.js';
import { answerFromHome, pickedChannelProblem } from '../modal-metadata.js';
import { recordId } from '../payloads.js';
import { reportFailure } from '../reply.js';

type Args = SlackViewMiddlewareArgs & AllMiddlewareArgs;

const channelId = z.string().regex(/^[CGD][A-Z0-9]+$/);
// No channel: opened from the Home tab, whose modal asks for one (CHANNEL_PICKER).
const metadata = z.object({ o: recordId, c: channelId.optional() });

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
    const picked = channelId.safeParse(
      view.state.values[CHANNEL_PICKER]?.[CHANNEL_PICKER]?.selected_conversation,
    );
    const fromHome = meta !== undefined && meta.c === undefined;
    const channel = meta?.c ?? (picked.success ? picked.data : undefined);
    const problem = fromHome ? await pickedChannelProblem(s, channel, body.user.id) : undefined;
    if (!stageId || !meta || !channel || problem) {
      await ack({
        response_action: 'errors',
        errors:
          !stageId || !meta
            ? { stage: 'Choose a stage.' }
            : { [CHANNEL_PICKER]: problem ?? 'Choose a channel.' },
      });
      return;
    }
    await ack();
    const user = body.user.id;
    let reply: { ephemeral?: { text: string; blocks: unknown[] } };
    try {
      reply = await s.moves.fromModal(meta.o, stageId, user, channel);
    } catch (err) {
      const where = { component: 'move', view: 'move-stage', user, channel };
      reply = { ephemeral: errorMessage(reportFailure(s, context, where, err).text) };
    }
    if (reply.ephemeral && fromHome) {
      await answerFromHome(s, client, channel, user, reply.ephemeral as SlackMessage);
    } else if (reply.ephemeral) {
      await client.chat
        .postEphemeral({ channel, user, ...(reply.ephemeral as { text: string }) })
        .catch((err: Error) =>
          s.logger.warn({ err }, 'could not tell the requester about their move request'),
        );
    }
  };
