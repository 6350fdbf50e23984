import type { App } from '@slack/bolt';
import { MOVE_MODAL } from '../../services/presentation/views/actions.js';
import type { ListenerDeps } from '../deps.js';
import { moveStageSubmitted } from './move-stage.js';

export function register(app: App, s: ListenerDeps) {
  app.view(MOVE_MODAL, moveStageSubmitted(s));
}
