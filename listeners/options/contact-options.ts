import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { contactOptions } from '../../services/presentation/views/write-modals.js';
import type { ListenerDeps } from '../deps.js';
import { reportFailure } from '../reply.js';

type Args = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

/**
 * The contact picker of "Save to SMBcrm", searched as the person types: one contact search per suggestion, the
 * matches as options. Text that is not a lookup yet ("jo@") or a failed search answers no options (logged), since
 * the picker has no room for an error message.
 */
export const contactSuggestions =
  (s: ListenerDeps) =>
  async ({ ack, options, context }: Args) => {
    try {
      const contacts = await s.writes.suggestContacts(options.value);
      await ack({ options: contactOptions(contacts) });
    } catch (err) {
      reportFailure(s, context, { component: 'writes', picker: 'contact' }, err);
      await ack({ options: [] });
    }
  };
