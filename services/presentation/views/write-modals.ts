import type { KnownBlock, PlainTextOption, View } from '@slack/types';
import type { Opportunity } from '../../platform/smbcrm/schemas.js';
import { SAVE_CONTACT_PICKER, WRITE_MODALS } from './actions.js';
import { esc, plain, truncate } from './format.js';

/**
 * The modals of the day's writes: a note or a task from a lookup card, won / lost from one of its opportunities,
 * and "Save to SMBcrm" on any message. Each only gathers what the command would take; the submission goes through
 * the same checks, policy and card as the command (services/domain/writes). Text inputs are plain text: what the
 * person types is sent to SMBcrm as typed.
 */
const SLACK_TEXT_MAX = 3_000; // plain_text_input's max_length

const text = (t: string) => ({ type: 'plain_text' as const, text: t });
const context = (t: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: t }] });
const input = (
  block: string,
  label: string,
  options: {
    multiline?: boolean;
    optional?: boolean;
    placeholder?: string;
    initial?: string;
    max?: number;
    hint?: string;
  },
): KnownBlock => ({
  type: 'input',
  block_id: block,
  optional: options.optional ?? false,
  label: text(label),
  ...(options.hint ? { hint: text(options.hint) } : {}),
  element: {
    type: 'plain_text_input',
    action_id: block,
    multiline: options.multiline ?? false,
    max_length: options.max ?? SLACK_TEXT_MAX,
    ...(options.placeholder ? { placeholder: text(options.placeholder) } : {}),
    ...(options.initial ? { initial_value: options.initial.slice(0, options.max ?? SLACK_TEXT_MAX) } : {}),
  },
});
const DUE_HINT = 'today, tomorrow, friday, in 3 days, 2026-12-24 (your time zone). Empty: tomorrow at 17:00.';
const AFTER = 'You confirm (or an approver approves) on a card before SMBcrm changes.';

const modal = (callbackId: string, title: string, metadata: string, blocks: KnownBlock[]): View => ({
  type: 'modal',
  callback_id: callbackId,
  private_metadata: metadata,
  title: text(title),
  submit: text('Continue'),
  close: text('Cancel'),
  blocks,
});

/** "Add note" on a lookup card; `contactName` is the card's own header, shown as plain text. */
export const noteModal = (contactName: string, metadata: string) =>
  modal(WRITE_MODALS.note, 'Add a note', metadata, [
    { type: 'section', text: { type: 'plain_text', text: plain(`Note on ${contactName}`, 150) } },
    input('note', 'Note', { multiline: true, placeholder: 'Called, wants a quote by Friday' }),
    context(AFTER),
  ]);

/** "Add task" on a lookup card. */
export const taskModal = (contactName: string, metadata: string) =>
  modal(WRITE_MODALS.task, 'Add a task', metadata, [
    { type: 'section', text: { type: 'plain_text', text: plain(`Task for ${contactName}`, 150) } },
    input('title', 'Task', { placeholder: 'Send the quote', max: 200 }),
    input('due', 'Due', { optional: true, placeholder: 'friday', max: 60, hint: DUE_HINT }),
    input('details', 'Details', { multiline: true, optional: true }),
    context(AFTER),
  ]);

const STATUS_CHOICES: [string, string][] = [
  ['won', 'Won'],
  ['lost', 'Lost'],
  ['abandon', 'Abandoned'],
];

/** "Won / Lost" on an opportunity of a lookup card. */
export const statusModal = (opportunity: Opportunity, metadata: string) =>
  modal(WRITE_MODALS.status, 'Won or lost', metadata, [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${esc(truncate(opportunity.name, 200))}* is ${opportunity.status ?? 'open'}.`,
      },
    },
    {
      type: 'input',
      block_id: 'status',
      label: text('Mark it'),
      element: {
        type: 'radio_buttons',
        action_id: 'status',
        options: STATUS_CHOICES.map(([value, label]) => ({ text: text(label), value })),
      },
    },
    context('An approver approves it on a card in the channel before SMBcrm changes.'),
  ]);

/** "Save to SMBcrm" on a message: the contact (search as you type), note or task, the message and its link. */
export function saveMessageModal(messageText: string, permalink: string | undefined, metadata: string): View {
  const link = permalink ? `\n\n${permalink}` : '';
  const body = `${messageText.slice(0, SLACK_TEXT_MAX - link.length - 1)}${link}`;
  return modal(WRITE_MODALS.save, 'Save to SMBcrm', metadata, [
    {
      type: 'input',
      block_id: 'contact',
      label: text('Contact'),
      element: {
        type: 'external_select',
        action_id: SAVE_CONTACT_PICKER,
        min_query_length: 2,
        placeholder: text('Name, email, phone or company'),
      },
    },
    {
      type: 'input',
      block_id: 'kind',
      label: text('Save as'),
      element: {
        type: 'radio_buttons',
        action_id: 'kind',
        initial_option: { text: text('Note'), value: 'note' },
        options: [
          { text: text('Note'), value: 'note' },
          { text: text('Task (its first line is the title)'), value: 'task' },
        ],
      },
    },
    input('text', 'Text', { multiline: true, initial: body }),
    input('due', 'Due (tasks)', { optional: true, placeholder: 'tomorrow', max: 60, hint: DUE_HINT }),
    context(AFTER),
  ]);
}

/** The picker's options: one per contact, "Jordan Lee (Lee Landscaping)", its id as the value. */
export function contactOptions(contacts: { id: string; label: string; detail: string }[]): PlainTextOption[] {
  return contacts.slice(0, 20).map((c) => ({
    text: text(plain(c.detail ? `${c.label} (${c.detail})` : c.label, 75)),
    value: c.id,
  }));
}

/** block_id and action_id of the channel picker a modal opened from the Home tab adds. */
export const CHANNEL_PICKER = 'channel';

/**
 * A modal opened from the Home tab, which has no channel: where the request's card is to go (approvers see it
 * there). Channels shared with another organisation are left out: their guests do not approve this team's CRM.
 * https://docs.slack.dev/reference/block-kit/block-elements/multi-select-menu-element#conversation_multi_select
 */
export function withChannelPicker(view: View): View {
  const picker: KnownBlock = {
    type: 'input',
    block_id: CHANNEL_PICKER,
    label: { type: 'plain_text', text: 'Post the request in' },
    hint: { type: 'plain_text', text: 'A channel the app is in, where an approver will see the card.' },
    element: {
      type: 'conversations_select',
      action_id: CHANNEL_PICKER,
      placeholder: { type: 'plain_text', text: 'Choose a channel' },
      filter: {
        include: ['public', 'private'],
        exclude_bot_users: true,
        exclude_external_shared_channels: true,
      },
    },
  };
  return { ...view, blocks: [...view.blocks, picker] } as View;
}
