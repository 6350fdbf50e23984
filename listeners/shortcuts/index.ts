import type { App, MessageShortcut } from '@slack/bolt';
import { LEAD_SHORTCUT, SAVE_SHORTCUT } from '../../services/presentation/views/actions.js';
import type { ListenerDeps } from '../deps.js';
import { createContact } from './create-contact.js';
import { saveMessage } from './save-message.js';

export function register(app: App, s: ListenerDeps) {
  app.shortcut<MessageShortcut>({ callback_id: SAVE_SHORTCUT, type: 'message_action' }, saveMessage(s));
  app.shortcut<MessageShortcut>({ callback_id: LEAD_SHORTCUT, type: 'message_action' }, createContact(s));
}
