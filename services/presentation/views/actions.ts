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
  pickTarget: 'write_pick',
  openNoteModal: 'contact_note',
  openTaskModal: 'contact_task',
  openStatusModal: 'opportunity_status',
} as const;

/** callback_id of the "Move stage" modal. */
export const MOVE_MODAL = 'move_stage';
/** callback_ids of the modals of the day's writes (from lookup cards and the "Save to SMBcrm" shortcut). */
export const WRITE_MODALS = {
  note: 'write_note',
  task: 'write_task',
  status: 'write_status',
  save: 'save_message',
} as const;
/** callback_id of the new-lead modal ("Create SMBcrm contact", `/smbcrm add`). */
export const LEAD_MODAL = 'write_lead';
/** action_id of the contact picker (external_select) of "Save to SMBcrm": its options come from the bot. */
export const SAVE_CONTACT_PICKER = 'save_contact';
/** callback_ids of the message shortcuts (manifest.yml). */
export const SAVE_SHORTCUT = 'save_to_smbcrm';
export const LEAD_SHORTCUT = 'create_contact';

/**
 * action_ids of the Home tab's buttons. A Home tab click carries a view, not a message or a response_url, so these
 * have listeners of their own (listeners/actions/home-*.ts) that answer by republishing the tab.
 */
export const HOME_ACTIONS = {
  approve: 'home_approve',
  reject: 'home_reject',
  withdraw: 'home_withdraw',
  taskDone: 'home_task_done',
  move: 'home_move',
  status: 'home_status',
  ask: 'home_ask',
  refresh: 'home_refresh',
} as const;
