import type { App } from '@slack/bolt';
import type { AppServices } from '../../src/services.js';
import { smbcrmCommand } from './smbcrm.js';

export function register(app: App, s: AppServices) {
  app.command('/smbcrm', smbcrmCommand(s));
}
