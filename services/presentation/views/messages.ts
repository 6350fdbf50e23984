import type { LookupQuery } from '../../domain/lookup/query.js';
import type { SlackMessage } from './contact-card.js';
import { esc, truncate } from './format.js';

/**
 * A message of one mrkdwn section, built by the bot: every value from elsewhere in `text` was escaped (esc) by
 * the caller. The same text is the notification fallback.
 */
export const textMessage = (text: string): SlackMessage => ({
  text: truncate(text, 300),
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }],
});

export function queryLabel(q: LookupQuery): string {
  return q.kind === 'email' ? q.email : q.kind === 'phone' ? q.e164 : q.text;
}

export function noMatch(q: LookupQuery): SlackMessage {
  const hint =
    q.kind === 'name'
      ? 'Try part of the first or last name, or the company name.'
      : q.kind === 'phone'
        ? 'Phone numbers are matched in full; try the name or email instead.'
        : 'Emails are matched exactly; try the name instead.';
  return textMessage(`:mag: No contact matches “${esc(truncate(queryLabel(q), 100))}” in SMBcrm. ${hint}`);
}

export const contactGone = () =>
  textMessage(
    ':mag: That contact is no longer in SMBcrm (it may have been deleted or merged). Run the lookup again.',
  );

/** Text from `describeError` or a UserInputError, shown as it is. */
export const errorMessage = (text: string) => textMessage(text);

export function unknownSubcommand(word: string): SlackMessage {
  return textMessage(
    `I don't know \`${esc(truncate(word, 40))}\`. Try \`/smbcrm lookup <email | phone | name>\`, or \`/smbcrm help\`.`,
  );
}

export function unknownCommand(name: string): SlackMessage {
  return textMessage(
    `This app answers \`/smbcrm\`; \`${esc(truncate(name, 40))}\` is not one of its commands. Try \`/smbcrm help\`. (An admin can check the app's slash commands against manifest.yml.)`,
  );
}

/** A slash command turned away because the bot has too much in hand (src/middleware/request-log.ts). */
export const busyMessage = () =>
  textMessage(':hourglass: I am answering a lot of requests right now. Try again in a few seconds.');
