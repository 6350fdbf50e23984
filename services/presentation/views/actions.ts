/** action_ids of the bot's buttons; listeners register on these, views put them on buttons. */
export const ACTIONS = {
  viewContact: 'contact_view',
  shareCard: 'contact_share',
  askAboutContact: 'contact_ask',
  agentFeedbackUp: 'agent_feedback_up',
  agentFeedbackDown: 'agent_feedback_down',
  agentRetry: 'agent_retry',
  approve: 'approval_approve',
  reject: 'approval_reject',
  retryWrite: 'approval_retry',
  requestAgain: 'approval_request_again',
  pickOpportunity: 'move_pick',
  openMoveModal: 'opportunity_move',
} as const;

/** callback_id of the "Move stage" modal. */
export const MOVE_MODAL = 'move_stage';
