import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTIONS, HOME_ACTIONS } from '../../services/presentation/views/actions.js';
import type { ListenerDeps } from '../deps.js';
import { agentFeedback } from './agent-feedback.js';
import { agentRetry } from './agent-retry.js';
import { approvalDecision } from './approval-decision.js';
import { askAboutContact } from './ask-about-contact.js';
import { homeAsk } from './home-ask.js';
import { homeDeal } from './home-deal.js';
import { homeDecision } from './home-decision.js';
import { homeRefresh } from './home-refresh.js';
import { homeTaskDone } from './home-task-done.js';
import { movePick } from './move-pick.js';
import { openMoveModal } from './open-move-modal.js';
import { openWriteModal } from './open-write-modal.js';
import { otherAction } from './other-action.js';
import { shareContact } from './share-contact.js';
import { viewContact } from './view-contact.js';
import { writePick } from './write-pick.js';

/** One Bolt listener per button (action_id), as Bolt intends (docs/adr/0002-bolt-listeners.md). */
export function register(app: App, s: ListenerDeps) {
  app.action<BlockButtonAction>(ACTIONS.viewContact, viewContact(s));
  app.action<BlockButtonAction>(ACTIONS.shareCard, shareContact(s));
  app.action<BlockButtonAction>(ACTIONS.askAboutContact, askAboutContact(s));
  app.action<BlockButtonAction>(ACTIONS.agentFeedbackUp, agentFeedback(s));
  app.action<BlockButtonAction>(ACTIONS.agentFeedbackDown, agentFeedback(s));
  app.action<BlockButtonAction>(ACTIONS.agentRetry, agentRetry(s));
  for (const id of [ACTIONS.approve, ACTIONS.reject, ACTIONS.retryWrite, ACTIONS.requestAgain])
    app.action<BlockButtonAction>(id, approvalDecision(s));
  app.action<BlockButtonAction>(ACTIONS.pickOpportunity, movePick(s));
  app.action<BlockButtonAction>(ACTIONS.openMoveModal, openMoveModal(s));
  app.action<BlockButtonAction>(ACTIONS.pickTarget, writePick(s));
  for (const id of [ACTIONS.openNoteModal, ACTIONS.openTaskModal, ACTIONS.openStatusModal])
    app.action<BlockButtonAction>(id, openWriteModal(s));
  // The Home tab's buttons: a click there has a view, not a message or a response_url.
  for (const id of [HOME_ACTIONS.approve, HOME_ACTIONS.reject, HOME_ACTIONS.withdraw])
    app.action<BlockButtonAction>(id, homeDecision(s));
  app.action<BlockButtonAction>(HOME_ACTIONS.taskDone, homeTaskDone(s));
  for (const id of [HOME_ACTIONS.move, HOME_ACTIONS.status]) app.action<BlockButtonAction>(id, homeDeal(s));
  app.action<BlockButtonAction>(HOME_ACTIONS.ask, homeAsk(s));
  app.action<BlockButtonAction>(HOME_ACTIONS.refresh, homeRefresh(s));
  // Every other block_actions payload is acknowledged too: URL buttons ("Open in SMBcrm"), for which Slack sends
  // one and shows a warning on the button when nobody answers within 3 s, and ids this version does not know (a
  // card of an older or newer version of the bot).
  // https://docs.slack.dev/reference/block-kit/block-elements/button-element
  const known = [...Object.values(ACTIONS), ...Object.values(HOME_ACTIONS)].join('|');
  app.action({ type: 'block_actions', action_id: new RegExp(`^(?!(${known})$)`) }, otherAction);
}
