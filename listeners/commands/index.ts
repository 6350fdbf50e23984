import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { otherCommand } from './other.js';
import { smbcrmCommand } from './smbcrm.js';

export function register(app: App, s: ListenerDeps) {
  app.command('/smbcrm', smbcrmCommand(s));
  // Any other slash command pointed at this app (a renamed command in the app's settings) is answered too,
  // rather than left to time out, which Slack shows as "failed with the error HTTP 404".
  app.command(/^(?!\/smbcrm$)/, otherCommand);
}
