import { UserInputError } from '../../lib/errors.js';
import type { SmbcrmClient } from '../../platform/smbcrm/client.js';
import type { ActionHandler, ActionOutcome } from '../approvals/engine.js';
import type { Credit } from '../approvals/requests.js';
import { type Due, parseDue, readsAsDue } from './due.js';
import type { ContactTarget } from './targets.js';
import { isUncertain } from './uncertain.js';

/**
 * A follow-up task on a contact: POST /contacts/:contactId/tasks `{ title, body?, dueDate, completed: false,
 * assignedTo }`, assigned to the person who asked (when they are linked to an SMBcrm user).
 */
export const TASK_ACTION = 'contact.task';
export const MAX_TASK_TITLE = 200;

export interface TaskParams extends ContactTarget, Record<string, unknown> {
  title: string;
  body: string | null;
  dueDate: string;
  /** The zone the due date was read in (the requester's), to show it back in their terms. */
  dueZone: string;
  credit?: Credit;
}

/**
 * "Send the quote due friday" → the title and the due words: split at the last " due " whose words read as a
 * date, so "Review due diligence pack due friday" keeps "due diligence" in its title.
 */
export function splitDue(text: string, tz?: string, now?: Date): { title: string; when: string | undefined } {
  const t = text.trim();
  const at = [...t.matchAll(/\s+due\s+/gi)].reverse();
  for (const m of at) {
    const when = t.slice((m.index ?? 0) + m[0].length);
    if (m.index && readsAsDue(when, tz, now)) return { title: t.slice(0, m.index).trim(), when };
  }
  // A last " due " followed by words that look like a failed date ("due someday") is a due date read wrong,
  // said as such, rather than silently part of the title.
  const last = at[0];
  if (
    last?.index &&
    /^(today|tomorrow|next|in|on|mon|tue|wed|thu|fri|sat|sun|\d)/i.test(t.slice(last.index + last[0].length))
  )
    return { title: t.slice(0, last.index).trim(), when: t.slice(last.index + last[0].length) };
  return { title: t, when: undefined };
}

/** A task from its title and due words (a command's text split by splitDue, or a modal's two fields). */
export function planTask(
  target: ContactTarget,
  task: { title: string; when?: string },
  tz: string | undefined,
  options: { body?: string; now?: Date } = {},
): TaskParams {
  const title = task.title.trim();
  const when = task.when?.trim() || undefined;
  if (title === '')
    throw new UserInputError(
      'The task has no title. Type it after the colon: `/smbcrm task Jordan Lee: send the quote due friday`.',
    );
  if (title.length > MAX_TASK_TITLE)
    throw new UserInputError(
      `That task title is ${title.length} characters; keep it under ${MAX_TASK_TITLE} and put the rest in a note.`,
    );
  const due: Due = parseDue(when, tz, options.now);
  return { ...target, title, body: options.body?.trim() || null, dueDate: due.iso, dueZone: due.zone };
}

export function createTaskHandler(smbcrm: SmbcrmClient): ActionHandler {
  async function written(p: TaskParams): Promise<boolean> {
    const tasks = await smbcrm.listTasks(p.contactId);
    return tasks.some(
      (t) => t.title === p.title && !!t.dueDate && Date.parse(t.dueDate) === Date.parse(p.dueDate),
    );
  }
  return {
    // Like a note, a task's POST is not idempotent: re-read before sending it again.
    async execute(params, run): Promise<ActionOutcome> {
      const p = params as TaskParams;
      if (run.retry && (await written(p))) return { kind: 'done', already: true };
      try {
        await smbcrm.addTask(p.contactId, {
          title: p.title,
          ...(p.body ? { body: p.body } : {}),
          dueDate: p.dueDate,
          ...(p.credit ? { assignedTo: p.credit.userId } : {}),
        });
        return { kind: 'done' };
      } catch (err) {
        if (isUncertain(err) && (await written(p).catch(() => false))) return { kind: 'done' };
        throw err;
      }
    },
  };
}
