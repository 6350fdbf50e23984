/** action_ids of the bot's buttons; listeners register on these, views put them on buttons. */
export const ACTIONS = {
  viewContact: 'contact_view',
  shareCard: 'contact_share',
  askAboutContact: 'contact_ask',
  agentFeedbackUp: 'agent_feedback_up',
  agentFeedbackDown: 'agent_feedback_down',
  agentRetry: 'agent_retry',
} as const;
