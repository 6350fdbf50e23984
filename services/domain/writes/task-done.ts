import type { SmbcrmClient } from '../../platform/smbcrm/client.js';
import type { ActionHandler, ActionOutcome } from '../approvals/engine.js';
import type { Credit } from '../approvals/requests.js';
import type { ContactTarget } from './targets.js';

/**
 * A task marked done from the Home tab: PUT /contacts/:contactId/tasks/:taskId/completed `{ completed: true }`, a
 * confirmed write like any other (Slack's confirmation dialog on the button is the requester's Confirm), audited
 * (the endpoint takes no user, so nothing is credited in SMBcrm). Marking it done twice is marking it once; a task
 * already done is said so, one that went is `changed`.
 */
export const TASK_DONE_ACTION = 'contact.task.done';

export interface TaskDoneParams extends ContactTarget, Record<string, unknown> {
  taskId: string;
  title: string;
  dueDate: string | null;
  credit?: Credit;
}

export function createTaskDoneHandler(smbcrm: SmbcrmClient): ActionHandler {
  return {
    async execute(params): Promise<ActionOutcome> {
      const p = params as TaskDoneParams;
      const now = (await smbcrm.listTasks(p.contactId)).find((t) => t.id === p.taskId);
      if (!now) return { kind: 'changed', now: 'no longer in SMBcrm' };
      if (now.completed) return { kind: 'done', already: true };
      await smbcrm.completeTask(p.contactId, p.taskId);
      return { kind: 'done' };
    },
  };
}
