import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { openLeadModal } from '../lead-modal.js';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/**
 * "Create SMBcrm contact" on a message: the new-lead modal prefilled from it (its emails and phones, a name when
 * one leads the message), with the message and its link as a first note.
 */
export const createContact =
  (s: ListenerDeps) =>
  async ({ ack, shortcut, client, context }: Args) => {
    await ack();
    const channel = shortcut.channel.id;
    try {
      const [permalink, text] = await Promise.all([
        client.chat
          .getPermalink({ channel, message_ts: shortcut.message.ts })
          .then((r) => r.permalink)
          .catch(() => undefined),
        s.writes.readableMessage(shortcut.message.text ?? ''),
      ]);
      await openLeadModal(s, client, {
        triggerId: shortcut.trigger_id,
        text,
        from: 'message',
        requester: shortcut.user.id,
        channel,
        responseUrl: shortcut.response_url,
        // Cut by code point, never inside an emoji.
        note: `${Array.from(text).slice(0, 2_800).join('')}${permalink ? `\n\n${permalink}` : ''}`,
      });
    } catch (err) {
      context.outcome = 'error:views.open';
      s.installation.noticeFailure(err);
      s.logger.warn({ component: 'leads', err }, 'could not open the "Create SMBcrm contact" modal');
    }
  };
