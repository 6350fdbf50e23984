import type { App } from '@slack/bolt';
import { SAVE_CONTACT_PICKER } from '../../services/presentation/views/actions.js';
import type { ListenerDeps } from '../deps.js';
import { contactSuggestions } from './contact-options.js';

export function register(app: App, s: ListenerDeps) {
  app.options({ action_id: SAVE_CONTACT_PICKER }, contactSuggestions(s));
}
