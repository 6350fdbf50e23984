import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
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

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * One Bolt listener for every button, dispatching by action_id. Bolt runs each registered listener's matchers on
 * every request, so one registration instead of nine keeps the per-request cost down (measured with a CPU profile
 * under load: listener matching was the largest single cost of an ack).
 */
export function register(app: App, s: AppServices) {
  const handlers: Record<string, (args: Args) => Promise<unknown>> = {
    [ACTIONS.viewContact]: viewContact(s),
    [ACTIONS.shareCard]: shareContact(s),
    [ACTIONS.askAboutContact]: askAboutContact(s),
    [ACTIONS.agentFeedbackUp]: agentFeedback(s),
    [ACTIONS.agentFeedbackDown]: agentFeedback(s),
    [ACTIONS.agentRetry]: agentRetry(s),
    [ACTIONS.approve]: approvalDecision(s),
    [ACTIONS.reject]: approvalDecision(s),
    [ACTIONS.retryWrite]: approvalDecision(s),
    [ACTIONS.requestAgain]: approvalDecision(s),
    [ACTIONS.pickOpportunity]: movePick(s),
    [ACTIONS.openMoveModal]: openMoveModal(s),
  };
  // Every block_actions payload is acknowledged, including URL buttons ("Open in SMBcrm"), for which Slack sends
  // one too and shows a warning on the button when nobody answers within 3 s, and ids this version does not know
  // (a card posted by an older or newer version of the bot).
  // https://docs.slack.dev/reference/block-kit/block-elements/button-element
  app.action<BlockButtonAction>({ type: 'block_actions' }, async (args) => {
    const handler = handlers[args.action.action_id];
    if (handler) {
      await handler(args);
      return;
    }
    await args.ack();
    args.context.outcome = 'ignored';
  });
}
