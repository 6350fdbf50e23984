import type { KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import type { MoveParams } from '../../domain/approvals/move.js';
import type { ActionOutcome } from '../../domain/approvals/outcome.js';
import type { Credit } from '../../domain/approvals/requests.js';
import type { ApprovalRecord } from '../../domain/approvals/store.js';
import { ASSIGN_ACTION, type AssignParams } from '../../domain/writes/assign.js';
import { LEAD_ACTION, type LeadParams } from '../../domain/writes/lead.js';
import { NOTE_ACTION, type NoteParams } from '../../domain/writes/note.js';
import { STATUS_ACTION, type StatusParams } from '../../domain/writes/status.js';
import { TAGS_ACTION, type TagsParams } from '../../domain/writes/tags.js';
import { TASK_ACTION, type TaskParams } from '../../domain/writes/task.js';
import { TASK_DONE_ACTION, type TaskDoneParams } from '../../domain/writes/task-done.js';
import { esc, mention, money, truncate } from './format.js';
import { leadSummary } from './lead-summary.js';

/**
 * What a request will change, in words, for every kind of write: the card, the pending list and the private
 * confirmations all say it the same way. Every value is escaped here (esc), once. A new kind of write adds one
 * case.
 */
export interface WriteSummary {
  /** "add a note to *Jordan Lee*" (mrkdwn, escaped). */
  what: string;
  /** "Added a note to *Jordan Lee*". */
  done: string;
  /** The facts shown beside it, as mrkdwn fields. */
  fields: string[];
  /** The change itself, shown in full (a note's text, a task's due date, tags, a status, an owner). */
  change: string;
  /** Where the record is now when it changed under the request ("won", "Sam Jones"). */
  changedTo(now: string): string;
  /** What the done card adds for this kind: what SMBcrm actually did, and what to do next. */
  afterDone?: (outcome: ActionOutcome | undefined) => KnownBlock[];
}

const b = (s: string, max = 200) => `*${esc(truncate(s, max))}*`;
const list = (tags: string[]) => tags.map((t) => esc(truncate(t, 60))).join(', ');

/** A due date in words, in the zone it was asked in: "Friday 4 December 2026, 17:00 (Europe/London)". */
export function dueInWords(iso: string, zone: string): string {
  const at = DateTime.fromISO(iso, { zone });
  return at.isValid ? `${at.toFormat('cccc d LLLL yyyy, HH:mm')} (${esc(zone)})` : esc(iso);
}

const STATUS_VERB: Record<string, string> = { won: 'mark', lost: 'mark', abandoned: 'mark', open: 'reopen' };

export function summarise(record: ApprovalRecord, currency: string): WriteSummary {
  switch (record.action) {
    case NOTE_ACTION: {
      const p = record.params as NoteParams;
      return {
        what: `add a note to ${b(p.contactName)}`,
        done: `Added a note to ${b(p.contactName)}`,
        fields: [`*Contact*\n${esc(truncate(p.contactName, 300))}`],
        change: `*Note*\n${esc(truncate(p.body, 2_500), { keepNewlines: true })}`,
        changedTo: (now) => esc(now),
      };
    }
    case TASK_ACTION: {
      const p = record.params as TaskParams;
      return {
        what: `add a task for ${b(p.contactName)}`,
        done: `Added a task for ${b(p.contactName)}`,
        fields: [
          `*Contact*\n${esc(truncate(p.contactName, 300))}`,
          `*Assigned to*\n${p.credit ? esc(truncate(p.credit.name, 100)) : 'nobody (not linked)'}`,
        ],
        change: `*Task:* ${esc(truncate(p.title, 300))}\n*Due:* ${dueInWords(p.dueDate, p.dueZone)}${p.body ? `\n${esc(truncate(p.body, 2_000), { keepNewlines: true })}` : ''}`,
        changedTo: (now) => esc(now),
      };
    }
    case TAGS_ACTION: {
      const p = record.params as TagsParams;
      const parts = [
        ...(p.add.length ? [`*Add:* ${list(p.add)}`] : []),
        ...(p.remove.length ? [`*Remove:* ${list(p.remove)}`] : []),
      ];
      return {
        what: `change the tags of ${b(p.contactName)}`,
        done: `Changed the tags of ${b(p.contactName)}`,
        fields: [`*Contact*\n${esc(truncate(p.contactName, 300))}`],
        change: parts.join('\n'),
        changedTo: (now) => esc(now),
      };
    }
    case STATUS_ACTION: {
      const p = record.params as StatusParams;
      const verb = STATUS_VERB[p.toStatus] ?? 'mark';
      const what =
        verb === 'reopen' ? `reopen ${b(p.opportunityName)}` : `mark ${b(p.opportunityName)} ${p.toStatus}`;
      return {
        what,
        done:
          verb === 'reopen'
            ? `Reopened ${b(p.opportunityName)}`
            : `Marked ${b(p.opportunityName)} ${p.toStatus}`,
        fields: opportunityFields(p, currency),
        change: `*Status:* ${p.fromStatus}  →  *${p.toStatus}*`,
        changedTo: (now) => `now ${esc(now)}, not ${p.fromStatus} as when it was asked`,
      };
    }
    case ASSIGN_ACTION: {
      const p = record.params as AssignParams;
      return {
        what: `hand ${b(p.opportunityName)} to ${esc(truncate(p.toName, 100))}`,
        done: `Handed ${b(p.opportunityName)} to ${esc(truncate(p.toName, 100))}`,
        fields: opportunityFields(p, currency),
        change: `*Owner:* ${p.fromName ? esc(truncate(p.fromName, 100)) : 'nobody'}  →  *${esc(truncate(p.toName, 100))}*${p.toSlackUser ? ` (${mention(p.toSlackUser)})` : ''}`,
        changedTo: (now) =>
          `now owned by ${esc(truncate(now, 100))}, not ${p.fromName ? esc(truncate(p.fromName, 100)) : 'nobody'} as when it was asked`,
      };
    }
    case LEAD_ACTION:
      return leadSummary(record.params as LeadParams);
    case TASK_DONE_ACTION: {
      const p = record.params as TaskDoneParams;
      return {
        what: `mark the task ${b(p.title)} done`,
        done: `Marked the task ${b(p.title)} done`,
        fields: p.contactName ? [`*Contact*\n${esc(truncate(p.contactName, 300))}`] : [],
        change: `*Task:* ${esc(truncate(p.title, 300))}  →  *done*`,
        changedTo: (now) => esc(now),
      };
    }
    default: {
      const p = record.params as MoveParams;
      return {
        what: `move ${b(p.opportunityName ?? 'an opportunity')} ${esc(truncate(p.fromStageName ?? '', 60))} → ${b(p.toStageName ?? 'another stage', 60)}`,
        done: `Moved ${b(p.opportunityName ?? 'an opportunity')} to ${b(p.toStageName ?? 'another stage', 100)}`,
        fields: opportunityFields(p, currency),
        change: `*Stage:* ${esc(truncate(p.fromStageName ?? '', 100))}  →  ${b(p.toStageName ?? '', 100)}`,
        changedTo: (now) => `now in ${b(now, 100)}`,
      };
    }
  }
}

function opportunityFields(
  p: { opportunityName: string; contactName: string | null; value: number | null },
  currency: string,
): string[] {
  return [
    `*Opportunity*\n${esc(truncate(p.opportunityName, 300))}`,
    `*Contact*\n${p.contactName ? esc(truncate(p.contactName, 300)) : '—'}`,
    `*Value*\n${money(p.value, currency)}`,
  ];
}

/**
 * Who asked, as every card says it: "@maya (Maya Chen in SMBcrm)", or that the write is credited to no one in
 * SMBcrm when they are not linked. Requests made before identities existed carry no `credit` and say neither.
 */
export function askedBy(record: ApprovalRecord): string {
  const credit = record.params.credit as Credit | undefined;
  if (credit === undefined) return mention(record.requester);
  return credit
    ? `${mention(record.requester)} (${esc(truncate(credit.name, 100))} in SMBcrm)`
    : `${mention(record.requester)} (not linked to an SMBcrm user: not credited to anyone in SMBcrm)`;
}

/** The card's "requested by …" (or, for an agent's proposal, "proposed by the agent for …"). */
export function requestedBy(record: ApprovalRecord): string {
  return record.params.proposedBy === 'agent'
    ? `proposed by the agent for ${askedBy(record)}`
    : `requested by ${askedBy(record)}`;
}
