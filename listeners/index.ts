import type { App } from '@slack/bolt';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import type { ListenerDeps } from './deps.js';
import * as events from './events/index.js';
import * as options from './options/index.js';
import * as shortcuts from './shortcuts/index.js';
import * as views from './views/index.js';

/** One register() per kind of listener, as in Slack's bolt-ts-starter-template. */
export function registerListeners(app: App, s: ListenerDeps) {
  commands.register(app, s);
  actions.register(app, s);
  events.register(app, s);
  views.register(app, s);
  shortcuts.register(app, s);
  options.register(app, s);
}
