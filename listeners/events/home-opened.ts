import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { reportFailure } from '../reply.js';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/**
 * `app_home_opened`: the Home tab (`tab: "home"`) is published for the person (services/domain/home); in Slack's
 * agent view, the Messages tab opened (`tab: "messages"`) replaces the legacy pane's `assistant_thread_started`.
 * https://docs.slack.dev/reference/events/app_home_opened
 */
export const homeOpened =
  (s: ListenerDeps) =>
  async ({ event, context }: Args) => {
    if (event.tab === 'home') {
      try {
        context.result = await s.home.opened(event.user);
      } catch (err) {
        reportFailure(s, context, { component: 'home', user: event.user }, err);
      }
      return;
    }
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
