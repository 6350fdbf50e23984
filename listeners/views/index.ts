import type { App } from '@slack/bolt';
import { MOVE_MODAL, WRITE_MODALS } from '../../services/presentation/views/actions.js';
import type { ListenerDeps } from '../deps.js';
import { moveStageSubmitted } from './move-stage.js';
import { writeSubmitted } from './write-submitted.js';

export function register(app: App, s: ListenerDeps) {
  app.view(MOVE_MODAL, moveStageSubmitted(s));
  for (const callbackId of Object.values(WRITE_MODALS)) app.view(callbackId, writeSubmitted(s));
}
