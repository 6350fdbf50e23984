import type { App } from '@slack/bolt';
import type { AppServices } from '../../src/services.js';
import { appMention } from './app-mention.js';

export function register(app: App, s: AppServices) {
  app.event('app_mention', appMention(s));
}
