import type { SlackMessage } from './contact-card.js';

/** `/smbcrm` and `/smbcrm help`: what the bot can do. */
export function helpMessage(options: { agent: boolean } = { agent: false }): SlackMessage {
  const text = [
    '*SMBcrm in Slack*',
    '`/smbcrm lookup <email | phone | name>` — find a contact: owner, tags and open opportunities.',
    '    e.g. `/smbcrm lookup jordan.lee@example.com`, `/smbcrm lookup (555) 123-4567`, `/smbcrm lookup jordan lee`',
    ...(options.agent
      ? [
          '`/smbcrm ask <question>` — ask the Agent Studio agent; it answers in a thread.',
          'Or mention me (`@smbcrm …`) in a channel, or send me a direct message. Every reply in that thread continues the same conversation.',
        ]
      : []),
    '`/smbcrm move <opportunity name or id> to <stage>` — ask to move an opportunity; an approver must click *Approve* before SMBcrm changes.',
    '`/smbcrm approvals` — the approval requests pending in this channel.',
    '`/smbcrm status` — the setup checks, with the fix for each problem (for approvers).',
    '`/smbcrm help` — this message.',
    'Answers are visible only to you until you press *Share in channel*.',
  ].join('\n');
  return { text: 'SMBcrm commands', blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
