import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppServices } from '../../src/services.js';
import { appMention } from './app-mention.js';
import { assistantMiddleware } from './assistant.js';
import { homeOpened } from './home-opened.js';
import { message } from './message.js';

/** Every event type the bot subscribes to (manifest.yml, settings.event_subscriptions.bot_events). */
const EVENT_TYPES =
  /^(app_mention|message|app_home_opened|assistant_thread_started|assistant_thread_context_changed)$/;

/**
 * One Bolt listener for every event, dispatching by type, with the assistant pane's middleware in front.
 * Bolt runs every registered listener's matchers on every request, commands and clicks included: each listener
 * costs about 1.4 KB of garbage per request (measured with V8's sampling heap profiler under load), and garbage
 * collection pauses are what make the slowest acks slow. So one listener per kind of payload, as for buttons.
 */
export function register(app: App, s: AppServices) {
  const onMention = appMention(s);
  const onMessage = message(s);
  const onHomeOpened = homeOpened(s);
  app.event(EVENT_TYPES, assistantMiddleware(s), async (args) => {
    if (args.event.type === 'app_mention')
      await onMention(args as SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs);
    else if (args.event.type === 'message')
      await onMessage(args as SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs);
    else if (args.event.type === 'app_home_opened')
      await onHomeOpened(args as SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs);
  });
}
