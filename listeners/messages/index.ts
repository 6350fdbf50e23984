import type { App } from '@slack/bolt';
import type { AppServices } from '../../src/services.js';
import { message } from './message.js';

export function register(app: App, s: AppServices) {
  app.message(message(s));
}
