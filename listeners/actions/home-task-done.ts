import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decisionNotice } from '../../services/presentation/views/home-notices.js';
import type { ListenerDeps } from '../deps.js';
import { clickedTask, homeClick } from '../payloads.js';
import { replyOnHome } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Done on a task of the Home tab, after Slack's confirmation dialog: a confirmed write (PUT …/tasks/:id/completed)
 * through the approval engine, audited as the person's (SMBcrm's completion takes no user to credit); the tab shows
 * the outcome and the task gone.
 */
export const homeTaskDone =
  (s: ListenerDeps) =>
  async ({ ack, body, context }: Args) => {
    await ack();
    const task = clickedTask(body);
    const where = homeClick.safeParse(body);
    if (!where.success) {
      context.outcome = 'bad-input';
      return;
    }
    const user = where.data.user.id;
    await replyOnHome(s, context, user, { component: 'home', action: 'task-done', user }, async () => {
      if (!task) {
        context.outcome = 'bad-input';
        return { notice: 'That button is no longer valid. Nothing was changed.' };
      }
      const click = {
        user,
        userTeamId: where.data.user.team_id,
        teamId: where.data.team?.id,
        channel: '',
        messageTs: '',
      };
      const r = await s.home.completeTask(user, click, task);
      if (r.refusal) context.outcome = 'refused';
      return { notice: decisionNotice(r, s.settings.currency), dropParts: true };
    });
  };
