import type { KnownBlock, View } from '@slack/types';
import type { ApprovalRecord } from '../../domain/approvals/store.js';
import type { Opportunity, Pipeline } from '../../platform/smbcrm/schemas.js';
import { ACTIONS, MOVE_MODAL } from './actions.js';
import type { SlackMessage } from './contact-card.js';
import { esc, mention, money, plain, slackDateTime, truncate } from './format.js';
import { textMessage } from './messages.js';
import { summarise } from './write-summary.js';

export const moveUsage = () =>
  textMessage(
    'Tell me what to move and where: `/smbcrm move <opportunity name or id> to <stage name>`, e.g. `/smbcrm move Website redesign to Proposal Sent`.',
  );

export const noOpportunity = (q: string) =>
  textMessage(
    `:mag: No open opportunity matches “${esc(truncate(q, 100))}”. Try part of its name, or its id.`,
  );

export const unknownStage = (opportunity: string, pipeline: string, stages: string[]) =>
  textMessage(
    `I can't find that stage in *${esc(truncate(pipeline, 100))}* (the pipeline of ${esc(truncate(opportunity, 200))}). Its stages: ${stages.map((s) => `*${esc(truncate(s, 100))}*`).join(', ') || 'none'}.`,
  );

export const sameStage = (opportunity: string, stage: string) =>
  textMessage(
    `*${esc(truncate(opportunity, 200))}* is already in *${esc(truncate(stage, 100))}*; nothing to do.`,
  );

/** Several opportunities match: one button each, carrying only the id of a short-lived draft. */
export function pickOpportunity(
  candidates: { opportunity: Opportunity; draftId: string; stageName: string }[],
  currency: string,
): SlackMessage {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${candidates.length} opportunities match.* Which one should move?` },
    },
  ];
  for (const [i, c] of candidates.entries()) {
    blocks.push({
      type: 'section',
      block_id: `pick_${i}`,
      text: {
        type: 'mrkdwn',
        text: `*${esc(truncate(c.opportunity.name, 150))}* · ${money(c.opportunity.monetaryValue ?? null, currency)}\n${esc(truncate(c.opportunity.contact?.name ?? '', 150))}`,
      },
      accessory: {
        type: 'button',
        action_id: ACTIONS.pickOpportunity,
        text: { type: 'plain_text', text: plain(`Move to ${c.stageName}`, 48) },
        value: c.draftId,
      },
    });
  }
  return { text: 'Several opportunities match', blocks };
}

/** The "Move stage" modal of a lookup card: the stages of the opportunity's pipeline, the current one excluded. */
export function moveModal(opportunity: Opportunity, pipeline: Pipeline, privateMetadata: string): View {
  const options = pipeline.stages
    .filter((s) => s.id !== opportunity.pipelineStageId)
    .slice(0, 100)
    .map((s) => ({ text: { type: 'plain_text' as const, text: plain(s.name, 75) }, value: s.id }));
  const current = pipeline.stages.find((s) => s.id === opportunity.pipelineStageId)?.name ?? 'unknown';
  return {
    type: 'modal',
    callback_id: MOVE_MODAL,
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: 'Move stage' },
    submit: { type: 'plain_text', text: 'Request approval' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${esc(truncate(opportunity.name, 200))}* is in *${esc(truncate(current, 100))}* (${esc(truncate(pipeline.name, 100))}).`,
        },
      },
      {
        type: 'input',
        block_id: 'stage',
        label: { type: 'plain_text', text: 'Move it to' },
        element: {
          type: 'static_select',
          action_id: 'stage',
          placeholder: { type: 'plain_text', text: 'Choose a stage' },
          options,
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'An approval card is posted in the channel; SMBcrm changes only when someone approves it.',
          },
        ],
      },
    ],
  };
}

/** `/smbcrm approvals`: the pending requests of this channel. */
export function pendingList(records: ApprovalRecord[], currency: string): SlackMessage {
  if (records.length === 0) return textMessage('No approval requests are pending in this channel.');
  const lines = records.slice(0, 20).map((r) => {
    const what = summarise(r, currency).what;
    return `• ${what.charAt(0).toUpperCase()}${what.slice(1)}, requested by ${mention(r.requester)}, expires ${slackDateTime(r.expiresAt)}`;
  });
  const more = records.length > 20 ? `\n…and ${records.length - 20} more.` : '';
  return textMessage(
    `*${records.length} pending approval${records.length === 1 ? '' : 's'} in this channel*\n${lines.join('\n')}${more}`,
  );
}
