import type { App } from '@slack/bolt';
import { MOVE_MODAL } from '../../services/views/actions.js';
import type { AppServices } from '../../src/services.js';
import { moveStageSubmitted } from './move-stage.js';

export function register(app: App, s: AppServices) {
  app.view(MOVE_MODAL, moveStageSubmitted(s));
}
