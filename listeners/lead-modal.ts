import type { WebClient } from '@slack/web-api';
import type { LeadPreview } from '../services/domain/writes/lead.js';
import { leadModal } from '../services/presentation/views/lead-modal.js';
import type { ListenerDeps } from './deps.js';

/**
 * Opens the new-lead modal at once (the trigger_id lasts 3 seconds), then looks in SMBcrm for the same email or
 * phone and updates the modal with what SMBcrm is expected to do. A failed look is said in the modal (the card
 * looks again), and logged.
 * https://docs.slack.dev/surfaces/modals#updating_views
 */
export async function openLeadModal(
  s: ListenerDeps,
  client: WebClient,
  o: {
    triggerId: string;
    text: string;
    from: 'command' | 'message';
    requester: string;
    channel: string;
    responseUrl: string | undefined;
    note: string;
  },
): Promise<void> {
  const { draft, owners, owner } = await s.leads.draft(o.text, o.from, o.requester);
  const base = {
    draft,
    owners,
    owner,
    note: o.note,
    metadata: JSON.stringify({ c: o.channel, r: o.responseUrl }),
  };
  const opened = await client.views.open({ trigger_id: o.triggerId, view: leadModal(base) });
  const email = draft.emails[0] ?? null;
  const phone = draft.phones[0] ?? null;
  let preview: LeadPreview | undefined;
  let previewNote: string | undefined;
  if (!email && !phone)
    previewNote =
      'Give an email or a phone number: before anything is written, the bot looks for the same one in SMBcrm.';
  else {
    try {
      preview = await s.leads.preview({ email, phone });
    } catch (err) {
      s.logger.warn({ component: 'leads', err }, 'could not look for the lead in SMBcrm');
      previewNote = ':warning: SMBcrm could not be asked just now; the approval card will say what it finds.';
    }
  }
  if (!opened.view?.id) return;
  await client.views
    .update({
      view_id: opened.view.id,
      hash: opened.view.hash,
      view: leadModal({ ...base, preview, previewNote }),
    })
    .catch((err: unknown) => s.logger.warn({ component: 'leads', err }, 'could not show the lead preview'));
}
