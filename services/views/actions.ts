/** action_ids of the bot's buttons; listeners register on these, views put them on buttons. */
export const ACTIONS = {
  viewContact: 'contact_view',
  shareCard: 'contact_share',
} as const;
