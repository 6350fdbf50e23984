import type { App } from '@slack/bolt';
import { ACTIONS } from '../../services/views/actions.js';
import type { AppServices } from '../../src/services.js';
import { agentFeedback } from './agent-feedback.js';
import { agentRetry } from './agent-retry.js';
import { approvalDecision } from './approval-decision.js';
import { askAboutContact } from './ask-about-contact.js';
import { movePick } from './move-pick.js';
import { openMoveModal } from './open-move-modal.js';
import { shareContact } from './share-contact.js';
import { viewContact } from './view-contact.js';

export function register(app: App, s: AppServices) {
  app.action(ACTIONS.viewContact, viewContact(s));
  app.action(ACTIONS.shareCard, shareContact(s));
  app.action(ACTIONS.askAboutContact, askAboutContact(s));
  app.action(ACTIONS.agentFeedbackUp, agentFeedback(s));
  app.action(ACTIONS.agentFeedbackDown, agentFeedback(s));
  app.action(ACTIONS.agentRetry, agentRetry(s));
  for (const id of [ACTIONS.approve, ACTIONS.reject, ACTIONS.retryWrite, ACTIONS.requestAgain])
    app.action(id, approvalDecision(s));
  app.action(ACTIONS.pickOpportunity, movePick(s));
  app.action(ACTIONS.openMoveModal, openMoveModal(s));
}
