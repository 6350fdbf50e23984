import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { saveMessageModal } from '../../services/presentation/views/write-modals.js';
import type { ListenerDeps } from '../deps.js';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/**
 * "Save to SMBcrm" on a message: a modal to pick the contact and choose note or task, prefilled with the message's
 * text and a link to it (chat.getPermalink; left out where the bot cannot see the channel). Both calls fit in the
 * trigger_id's 3 seconds; a refused modal is logged (there is nowhere else to say it).
 * https://docs.slack.dev/reference/methods/chat.getPermalink
 */
export const saveMessage =
  (s: ListenerDeps) =>
  async ({ ack, shortcut, client, context }: Args) => {
    await ack();
    const channel = shortcut.channel.id;
    const metadata = JSON.stringify({ c: channel, r: shortcut.response_url });
    try {
      // Both reads at once: the trigger_id lasts 3 seconds.
      const [permalink, text] = await Promise.all([
        client.chat
          .getPermalink({ channel, message_ts: shortcut.message.ts })
          .then((r) => r.permalink)
          .catch((err: unknown) => {
            s.logger.debug({ component: 'writes', err }, 'no permalink for the saved message');
            return undefined;
          }),
        s.writes.readableMessage(shortcut.message.text ?? ''),
      ]);
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: saveMessageModal(text, permalink, metadata),
      });
    } catch (err) {
      context.outcome = 'error:views.open';
      s.installation.noticeFailure(err);
      s.logger.warn({ component: 'writes', err }, 'could not open the "Save to SMBcrm" modal');
    }
  };
