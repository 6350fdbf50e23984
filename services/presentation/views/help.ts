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
    '`/smbcrm note <contact>: <text>` — a note, credited to you in SMBcrm; you confirm it first.',
    '`/smbcrm task <contact>: <title> due friday` — a task for you (`due`: today, tomorrow, a weekday, `in 3 days`, 2026-12-24).',
    '`/smbcrm tag <contact>: +vip -cold` — add and remove tags.',
    '`/smbcrm won <deal>` (or `lost`, `abandon`, `reopen`), `/smbcrm assign <deal> to @someone` — an approver approves first.',
    '`/smbcrm add <name> [email] [phone] [company]` — a new lead, checked for duplicates first (or *Create SMBcrm contact* on any message).',
    '`/smbcrm whoami` — who you are in SMBcrm.',
    '`/smbcrm approvals` — the approval requests pending in this channel.',
    '`/smbcrm status` — the setup checks, with the fix for each problem (for approvers).',
    '`/smbcrm help` — this message.',
    'Answers are visible only to you until you press *Share in channel*.',
  ].join('\n');
  return { text: 'SMBcrm commands', blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
