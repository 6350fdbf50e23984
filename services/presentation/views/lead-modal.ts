import type { KnownBlock, View } from '@slack/types';
import type { LeadPreview } from '../../domain/writes/lead.js';
import type { LeadDraft } from '../../domain/writes/lead-input.js';
import { LEAD_MODAL } from './actions.js';
import { esc, plain, truncate } from './format.js';

/**
 * "Create SMBcrm contact" (a message shortcut) and `/smbcrm add`: the lead as read from the text, to be checked and
 * completed; what SMBcrm is expected to do with it (filled in once the bot has looked); and the approval it needs.
 * Text inputs are plain text (sent as typed); several emails or phones in a message are offered to choose from.
 */
const text = (t: string) => ({ type: 'plain_text' as const, text: t });
const option = (value: string, label = value) => ({
  text: text(plain(label, 75)),
  value: value.slice(0, 150),
});

function input(
  block: string,
  label: string,
  initial: string | undefined,
  extra: { multiline?: boolean; max?: number; hint?: string; placeholder?: string } = {},
): KnownBlock {
  return {
    type: 'input',
    block_id: block,
    optional: true, // the bot says what is missing itself, field by field, with what to type
    label: text(label),
    ...(extra.hint ? { hint: text(extra.hint) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: block,
      multiline: extra.multiline ?? false,
      max_length: extra.max ?? 150,
      ...(extra.placeholder ? { placeholder: text(extra.placeholder) } : {}),
      // Cut by code point, never inside an emoji (half a surrogate pair makes Slack refuse the view).
      ...(initial
        ? {
            initial_value: Array.from(initial)
              .slice(0, extra.max ?? 150)
              .join(''),
          }
        : {}),
    },
  };
}

/** One address typed in, or the one chosen among those the message holds. */
function choice(block: string, label: string, all: string[], placeholder: string): KnownBlock {
  // An option's value holds at most 150 characters: a longer address is left out rather than cut into another.
  const found = all.filter((f) => f.length <= 150);
  if (found.length < 2)
    return input(block, label, found[0], { placeholder, max: block === 'email' ? 254 : 40 });
  return {
    type: 'input',
    block_id: block,
    optional: true,
    label: text(`${label} (${found.length} in the message: choose the main one)`),
    element: {
      type: 'static_select',
      action_id: block,
      initial_option: option(found[0] as string),
      options: found.slice(0, 100).map((f) => option(f)),
    },
  };
}

/** What SMBcrm is expected to do, in words (the preview block). */
export function leadPreviewText(preview: LeadPreview | undefined): string {
  if (!preview) return ':hourglass_flowing_sand: Checking SMBcrm for this email and phone…';
  if (preview.kind === 'new')
    return ':sparkles: *New contact*: no contact in SMBcrm has this email or phone.';
  if (preview.kind === 'unknown')
    return ':warning: SMBcrm could not be asked just now; the approval card will say what it finds.';
  const lines = preview.changes
    .slice(0, 8)
    .map(
      (c) => `• ${esc(c.field)}: ${c.from ? esc(truncate(c.from, 80)) : '—'} → ${esc(truncate(c.to, 120))}`,
    );
  return `:arrows_counterclockwise: *Updates ${esc(truncate(preview.contactName, 150))}* (matched by ${preview.matchedBy})${lines.length ? `\n${lines.join('\n')}` : ': nothing changes but the tags and note, if any.'}${preview.otherMatch ? `\n:warning: The phone belongs to ${esc(truncate(preview.otherMatch, 150))}: SMBcrm's duplicate setting decides which is updated.` : ''}`;
}

export function leadModal(o: {
  draft: LeadDraft;
  owners: { id: string; name: string }[];
  owner: { id: string; name: string } | undefined;
  /** A first note: the message and its link (empty from `/smbcrm add`). */
  note: string;
  metadata: string;
  preview?: LeadPreview;
  /** Without a preview: why there is none (the fields are empty, or SMBcrm could not be asked). */
  previewNote?: string;
}): View {
  const ownerOptions = o.owners.slice(0, 100).map((u) => option(u.id, u.name));
  const initialOwner = o.owner && ownerOptions.find((x) => x.value === o.owner?.id);
  return {
    type: 'modal',
    callback_id: LEAD_MODAL,
    private_metadata: o.metadata,
    title: text('New SMBcrm contact'),
    submit: text('Request approval'),
    close: text('Cancel'),
    blocks: [
      {
        type: 'section',
        block_id: 'preview',
        text: { type: 'mrkdwn', text: o.previewNote ?? leadPreviewText(o.preview) },
      },
      input('first_name', 'First name', o.draft.firstName, { max: 100 }),
      input('last_name', 'Last name', o.draft.lastName, { max: 100 }),
      choice('email', 'Email', o.draft.emails, 'name@example.com'),
      choice('phone', 'Phone', o.draft.phones, '+1 555 123 4567'),
      input('company', 'Company', o.draft.companyName, { max: 200 }),
      input('tags', 'Tags', undefined, {
        placeholder: 'vip, spring-promo',
        hint: 'Added to the contact’s tags (never replacing them).',
        max: 500,
      }),
      ...(ownerOptions.length
        ? [
            {
              type: 'input',
              block_id: 'owner',
              optional: true,
              label: text('Owner'),
              element: {
                type: 'static_select',
                action_id: 'owner',
                placeholder: text('Nobody'),
                options: ownerOptions,
                ...(initialOwner ? { initial_option: initialOwner } : {}),
              },
            } as KnownBlock,
          ]
        : []),
      input('note', 'First note', o.note, { multiline: true, max: 3_000, hint: 'Empty: no note.' }),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Source: Slack. An approver approves it on a card in the channel before SMBcrm changes; SMBcrm’s own duplicate rule has the last word.',
          },
        ],
      },
    ],
  };
}
