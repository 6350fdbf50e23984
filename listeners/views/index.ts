import type { App } from '@slack/bolt';
import { LEAD_MODAL, MOVE_MODAL, WRITE_MODALS } from '../../services/presentation/views/actions.js';
import type { ListenerDeps } from '../deps.js';
import { leadSubmitted } from './lead-submitted.js';
import { moveStageSubmitted } from './move-stage.js';
import { writeSubmitted } from './write-submitted.js';

export function register(app: App, s: ListenerDeps) {
  app.view(MOVE_MODAL, moveStageSubmitted(s));
  for (const callbackId of Object.values(WRITE_MODALS)) app.view(callbackId, writeSubmitted(s));
  app.view(LEAD_MODAL, leadSubmitted(s));
}
