import type { KnownBlock } from '@slack/types';
import type { Identity } from '../../domain/identity/identity.js';
import { ACTIONS } from './actions.js';
import type { SlackMessage } from './contact-card.js';
import { esc, plain, truncate } from './format.js';
import { textMessage } from './messages.js';

/** The private messages of the day's writes: usage, "posted for approval", pick lists, `/smbcrm whoami`. */
export const requestPosted = () =>
  textMessage(
    ':inbox_tray: Your request is posted in the channel for approval. Nothing changes in SMBcrm until someone approves it.',
  );

export const approvalsNeedAChannel = () =>
  textMessage(
    'This change needs an approver, and approvers cannot see a direct message with me: run the same command in a channel where they are.',
  );

/** What to type, per command, when what was typed cannot be read. */
export const WRITE_USAGE = {
  note: 'Name the contact, then the note after a colon: `/smbcrm note Jordan Lee: called, wants a quote by Friday`.',
  task: 'Name the contact, then the task after a colon: `/smbcrm task Jordan Lee: send the quote due friday` (`due` is optional: today, tomorrow, a weekday, `in 3 days` or 2026-12-24).',
  tag: 'Name the contact, then the tags after a colon: `/smbcrm tag Jordan Lee: +vip -cold`.',
  status: 'Name the opportunity: `/smbcrm won Lee Consulting retainer` (also `lost`, `abandon`, `reopen`).',
  assign:
    'Name the opportunity and mention the new owner: `/smbcrm assign Lee Consulting retainer to @maya`.',
} as const;
export type WriteUsage = keyof typeof WRITE_USAGE;
export const writeUsage = (kind: WriteUsage) => textMessage(WRITE_USAGE[kind]);

export const noContact = () =>
  textMessage(
    ':mag: No contact matches that in SMBcrm. Try `/smbcrm lookup` first, with part of the name, the email or the phone.',
  );

export const noOpportunityFor = (status: 'open' | 'any') =>
  textMessage(
    `:mag: No ${status === 'open' ? 'open ' : ''}opportunity matches that. Try part of its name, or its id.`,
  );

/** Several matches: one button each, carrying only the id of a short-lived draft. */
export function pickTarget(
  question: string,
  choices: { label: string; detail: string; draftId: string }[],
): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${choices.length} match.* ${question}` } },
  ];
  for (const [i, c] of choices.slice(0, 10).entries()) {
    blocks.push({
      type: 'section',
      block_id: `pick_${i}`,
      text: {
        type: 'mrkdwn',
        text: `*${esc(truncate(c.label, 200))}*${c.detail ? `\n${esc(truncate(c.detail, 300))}` : ''}`,
      },
      accessory: {
        type: 'button',
        action_id: ACTIONS.pickTarget,
        text: { type: 'plain_text', text: plain('This one', 48) },
        value: c.draftId,
      },
    });
  }
  return { text: `${choices.length} match`, blocks };
}

export const pickExpired = () => textMessage('That choice has expired; run the command again.');

const NOT_LINKED: Record<Exclude<Identity, { linked: true }>['why'], string> = {
  no_email:
    'Slack did not give me your email (your profile hides it, or the app lacks the `users:read.email` scope). An admin can add you to the user map file (`SMBCRM_USER_MAP`).',
  no_match:
    'Your Slack email matches no user of this SMBcrm sub-account. Ask an admin to use the same email in SMBcrm, or to add you to the user map file (`SMBCRM_USER_MAP`).',
  mapped_user_unknown:
    'The user map file (`SMBCRM_USER_MAP`) names an SMBcrm user for you that this sub-account does not have (deleted, or a typo). An admin should fix the file.',
  slack_unreachable: 'I could not read your Slack profile just now. Try again in a minute.',
  not_a_member:
    'Only people of this workspace are matched to SMBcrm users by email (not guests from another organisation, bots or deactivated accounts). An admin can add you to the user map file (`SMBCRM_USER_MAP`).',
};

/** Why a person is not linked, and the fix (whoami and the Home tab). */
export const notLinkedReason = (why: Exclude<Identity, { linked: true }>['why']) => NOT_LINKED[why];

/** `/smbcrm whoami`. */
export function whoami(id: Identity): SlackMessage {
  if (id.linked)
    return textMessage(
      `:bust_in_silhouette: In SMBcrm you are *${esc(truncate(id.name, 100))}*${id.role ? ` (${esc(truncate(id.role, 40))})` : ''}, matched by ${id.via === 'map' ? 'the user map file' : 'your Slack email'}. Notes, tasks and changes you ask for are credited to you.${id.tz ? ` Due dates are read in ${esc(id.tz)}.` : ''}`,
    );
  return textMessage(
    `:bust_in_silhouette: You are not linked to an SMBcrm user, so what you ask for is credited to no one in SMBcrm. ${NOT_LINKED[id.why]}`,
  );
}

/** "assign … to @someone" where @someone has no SMBcrm user. */
export const assigneeNotLinked = (slackUser: string) =>
  textMessage(
    `<@${slackUser}> is not linked to an SMBcrm user, so I can't hand them the opportunity. They can run \`/smbcrm whoami\` to see why and how to fix it.`,
  );
