import type { App } from '@slack/bolt';
import { ACTIONS } from '../../services/views/actions.js';
import type { AppServices } from '../../src/services.js';
import { shareContact } from './share-contact.js';
import { viewContact } from './view-contact.js';

export function register(app: App, s: AppServices) {
  app.action(ACTIONS.viewContact, viewContact(s));
  app.action(ACTIONS.shareCard, shareContact(s));
}
