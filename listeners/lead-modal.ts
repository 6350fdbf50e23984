import type { WebClient } from '@slack/web-api';
import type { LeadPreview } from '../services/domain/writes/lead.js';
import { leadModal } from '../services/presentation/views/lead-modal.js';
import { errorMessage } from '../services/presentation/views/messages.js';
import type { ListenerDeps } from './deps.js';
import { answerPrivately } from './modal-metadata.js';

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
  const meta = { c: o.channel, ...(o.responseUrl ? { r: o.responseUrl } : {}) };
  // Where no approver could see the card (a DM with the bot), say so before anything is typed.
  const refused = s.leads.refusedHere(o.channel);
  if (refused) return answerPrivately(s, client, meta, o.requester, refused);
  // Opened from the text alone, at once: the trigger_id lasts 3 seconds and SMBcrm may be slow or down. The
  // owners and the preview follow with views.update.
  const draft = s.leads.read(o.text, o.from);
  const base = {
    draft,
    owners: [] as { id: string; name: string }[],
    owner: undefined as { id: string; name: string } | undefined,
    note: o.note,
    metadata: JSON.stringify(meta),
  };
  let opened: Awaited<ReturnType<WebClient['views']['open']>>;
  try {
    opened = await client.views.open({ trigger_id: o.triggerId, view: leadModal(base) });
  } catch (err) {
    s.installation.noticeFailure(err);
    s.logger.warn({ component: 'leads', err }, 'could not open the new-lead modal');
    return answerPrivately(
      s,
      client,
      meta,
      o.requester,
      errorMessage('Slack did not open the form (it took too long, or was refused). Try again.'),
    );
  }
  const email = draft.emails[0] ?? null;
  const phone = draft.phones[0] ?? null;
  let preview: LeadPreview | undefined;
  let previewNote: string | undefined;
  let owners = base.owners;
  let owner = base.owner;
  try {
    ({ owners, owner } = await s.leads.owners(o.requester));
    if (!email && !phone)
      previewNote =
        'Give an email or a phone number: before anything is written, the bot looks for the same one in SMBcrm.';
    else preview = await s.leads.preview({ email, phone });
  } catch (err) {
    s.logger.warn({ component: 'leads', err }, 'could not look for the lead in SMBcrm');
    previewNote = ':warning: SMBcrm could not be asked just now; the approval card will say what it finds.';
  }
  if (!opened.view?.id) return;
  await client.views
    .update({
      view_id: opened.view.id,
      hash: opened.view.hash,
      view: leadModal({ ...base, owners, owner, preview, previewNote }),
    })
    .catch((err: unknown) => s.logger.warn({ component: 'leads', err }, 'could not show the lead preview'));
}
