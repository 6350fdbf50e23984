import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { reportFailure } from '../reply.js';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/**
 * `app_home_opened`: in Slack's agent view, the Messages tab opened (`tab: "messages"`) replaces the legacy pane's
 * `assistant_thread_started`; the Home tab (`tab: "home"`) has nothing published yet.
 */
export const homeOpened =
  (s: ListenerDeps) =>
  async ({ event, context }: Args) => {
    if (event.tab !== 'messages') {
      context.outcome = 'ignored';
      return;
    }
    try {
      context.result = await s.welcome.messagesOpened(event.user, event.channel);
    } catch (err) {
      reportFailure(s, context, { component: 'welcome', user: event.user }, err);
    }
  };
