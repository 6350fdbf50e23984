import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decisionNotice } from '../../services/presentation/views/home-notices.js';
import type { ListenerDeps } from '../deps.js';
import { clickedTask, homeClicker } from '../payloads.js';
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
    const home = homeClicker(body);
    if (!home) {
      context.outcome = 'bad-input'; // a Home tab button always comes from a home view
      return;
    }
    const { user, click } = home;
    await replyOnHome(s, context, user, { component: 'home', action: 'task-done', user }, async () => {
      if (!task) {
        context.outcome = 'bad-input';
        return { notice: 'That button is no longer valid. Nothing was changed.' };
      }
      const r = await s.home.completeTask(user, click, task);
      if (r.refusal) context.outcome = 'refused';
      return { notice: decisionNotice(r, s.settings.currency), dropParts: true };
    });
  };
