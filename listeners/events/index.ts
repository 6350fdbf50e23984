import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { appMention } from './app-mention.js';
import { assistant } from './assistant.js';
import { homeOpened } from './home-opened.js';
import { linkShared } from './link-shared.js';
import { message } from './message.js';

/**
 * The events the bot subscribes to (manifest.yml, settings.event_subscriptions.bot_events), one listener each,
 * with Bolt's Assistant for the legacy assistant pane (it takes that pane's events and every DM thread message).
 */
export function register(app: App, s: ListenerDeps) {
  app.assistant(assistant(s));
  app.event('app_mention', appMention(s));
  app.event('message', message(s));
  app.event('app_home_opened', homeOpened(s));
  app.event('link_shared', linkShared(s));
}
