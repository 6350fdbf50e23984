import type { KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import type { ApprovalRecord } from '../../domain/approvals/store.js';
import type { Opportunity, Pipeline, Task } from '../../platform/smbcrm/schemas.js';
import { HOME_ACTIONS } from './actions.js';
import { cardButton } from './card-buttons.js';
import { esc, money, plain, truncate } from './format.js';
import { askedBy, summarise } from './write-summary.js';

/**
 * The parts of a person's Home tab, each a pure function of data (home.ts lays them out). Every list is capped so
 * the whole view stays within a Home tab's 100 blocks (shared/reference/slack-platform.md §5); what does not fit
 * ends in "and N more" with a link to SMBcrm.
 */
export const HOME_CAPS = { waiting: 8, mine: 6, deals: 10, tasks: 12 } as const;

const line = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const note = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
export const heading = (text: string): KnownBlock => ({
  type: 'header',
  text: { type: 'plain_text', text, emoji: true },
});

function more(n: number, url: string | undefined, what: string): KnownBlock[] {
  if (n <= 0) return [];
  return [note(url ? `…and ${n} more ${what}: <${url}|see them in SMBcrm>` : `…and ${n} more ${what}.`)];
}

/** Requests this person may approve, with Approve / Reject right here (the same engine and checks as the card). */
export function waitingBlocks(records: ApprovalRecord[], currency: string): KnownBlock[] {
  if (records.length === 0) return [note('Nothing is waiting for your approval.')];
  const out: KnownBlock[] = [];
  for (const r of records.slice(0, HOME_CAPS.waiting)) {
    const s = summarise(r, currency);
    const who =
      r.params.proposedBy === 'agent' ? `The agent proposes, for ${askedBy(r)}, to` : `${askedBy(r)} asks to`;
    out.push(line(`${who} ${s.what}.${r.channel.startsWith('D') ? '' : ` In <#${r.channel}>.`}`));
    out.push({
      type: 'actions',
      block_id: `home_wait_${r.id}`,
      elements: [
        cardButton(HOME_ACTIONS.approve, 'Approve', r.id, 'primary'),
        cardButton(HOME_ACTIONS.reject, 'Reject', r.id, 'danger'),
      ],
    });
  }
  return [...out, ...more(records.length - HOME_CAPS.waiting, undefined, 'in their channels')];
}

/** The person's own pending requests, each with Withdraw. */
export function mineBlocks(records: ApprovalRecord[], currency: string): KnownBlock[] {
  if (records.length === 0) return [note('You have no requests waiting for someone else.')];
  const out: KnownBlock[] = records.slice(0, HOME_CAPS.mine).map((r) => ({
    type: 'section',
    block_id: `home_mine_${r.id}`,
    text: { type: 'mrkdwn', text: `You asked to ${summarise(r, currency).what}.` },
    accessory: cardButton(HOME_ACTIONS.withdraw, 'Withdraw', r.id),
  }));
  return [...out, ...more(records.length - HOME_CAPS.mine, undefined, 'in their channels')];
}

/** Open opportunities assigned to the person, grouped by pipeline and stage (pipeline order), with their buttons. */
export function dealBlocks(
  opportunities: Opportunity[],
  pipelines: Pipeline[],
  currency: string,
  listUrl: string,
  total = opportunities.length,
  askable = true,
): KnownBlock[] {
  if (opportunities.length === 0) return [note('No open opportunities are assigned to you.')];
  const position = (o: Opportunity) => {
    const p = pipelines.findIndex((x) => x.id === o.pipelineId);
    const s = pipelines[p]?.stages.findIndex((x) => x.id === o.pipelineStageId) ?? -1;
    return (p < 0 ? 999 : p) * 1000 + (s < 0 ? 999 : s);
  };
  const sorted = [...opportunities].sort((a, b) => position(a) - position(b));
  const out: KnownBlock[] = [];
  let group = '';
  for (const o of sorted.slice(0, HOME_CAPS.deals)) {
    const pipeline = pipelines.find((p) => p.id === o.pipelineId);
    const stage = pipeline?.stages.find((s) => s.id === o.pipelineStageId);
    const here = `${pipeline?.name ?? 'Unknown pipeline'} › ${stage?.name ?? 'unknown stage'}`;
    if (here !== group) {
      group = here;
      out.push(note(`*${esc(truncate(here, 200))}*`));
    }
    const contact = o.contact?.name ? ` · ${esc(truncate(o.contact.name, 100))}` : '';
    out.push(line(`*${esc(truncate(o.name, 200))}* · ${money(o.monetaryValue ?? null, currency)}${contact}`));
    out.push({
      type: 'actions',
      block_id: `home_deal_${o.id}`.slice(0, 255),
      elements: [
        cardButton(HOME_ACTIONS.move, 'Move stage', o.id),
        cardButton(HOME_ACTIONS.status, 'Won / Lost', o.id),
        ...(askable && o.contactId ? [cardButton(HOME_ACTIONS.ask, 'Ask the agent', o.contactId)] : []),
      ],
    });
  }
  return [
    ...out,
    ...more(
      Math.max(total, opportunities.length) - Math.min(HOME_CAPS.deals, opportunities.length),
      listUrl,
      'open deals',
    ),
  ];
}

/** A due date in the person's zone: "Fri 4 Dec, 17:00", with "overdue" when it has passed. */
function due(iso: string | null | undefined, zone: string, now: number): string {
  if (!iso) return 'no due date';
  const at = DateTime.fromISO(iso, { zone });
  if (!at.isValid) return 'no due date';
  const words = at.toFormat('ccc d LLL, HH:mm');
  return at.toMillis() < now ? `:warning: overdue since ${words}` : `due ${words}`;
}

/** Open tasks assigned to the person, overdue first, then by due date; each with Done (behind a confirmation). */
export function taskBlocks(tasks: Task[], zone: string, now: number, listUrl: string): KnownBlock[] {
  if (tasks.length === 0) return [note('You have no open tasks.')];
  const at = (t: Task) =>
    (t.dueDate ? Date.parse(t.dueDate) : Number.POSITIVE_INFINITY) || Number.POSITIVE_INFINITY;
  const sorted = [...tasks].sort((a, b) => at(a) - at(b));
  const out: KnownBlock[] = sorted.slice(0, HOME_CAPS.tasks).map((t) => ({
    type: 'section',
    block_id: `home_task_${t.id}`.slice(0, 255),
    text: { type: 'mrkdwn', text: `*${esc(truncate(t.title, 200))}*\n${due(t.dueDate, zone, now)}` },
    ...(t.contactId
      ? {
          accessory: {
            ...cardButton(HOME_ACTIONS.taskDone, 'Done', JSON.stringify({ c: t.contactId, t: t.id })),
            confirm: {
              title: { type: 'plain_text' as const, text: 'Mark this task done?' },
              text: {
                type: 'plain_text' as const,
                text: plain(`“${t.title}” will be marked done in SMBcrm.`, 300),
              },
              confirm: { type: 'plain_text' as const, text: 'Mark done' },
              deny: { type: 'plain_text' as const, text: 'Not yet' },
            },
          },
        }
      : {}),
  }));
  return [...out, ...more(tasks.length - HOME_CAPS.tasks, listUrl, 'open tasks')];
}
