import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Reply } from '../../services/domain/approvals/requests.js';
import { MAX_NOTE_LENGTH } from '../../services/domain/writes/note.js';
import type { StatusWord } from '../../services/domain/writes/status.js';
import { WRITE_MODALS } from '../../services/presentation/views/actions.js';
import { errorMessage } from '../../services/presentation/views/messages.js';
import { CHANNEL_PICKER } from '../../services/presentation/views/write-modals.js';
import type { ListenerDeps } from '../deps.js';
import { answerFromHome, answerPrivately, pickedChannelProblem, readMetadata } from '../modal-metadata.js';
import { recordId } from '../payloads.js';
import { reportFailure } from '../reply.js';

type Args = SlackViewMiddlewareArgs & AllMiddlewareArgs;
type Values = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_option?: { value: string } | null;
      selected_conversation?: string | null;
    }
  >
>;

const fieldValue = (v: Values, block: string, action = block) => v[block]?.[action]?.value?.trim() ?? '';
const choiceOf = (v: Values, block: string, action = block) => v[block]?.[action]?.selected_option?.value;

/** What the modal asks for, checked before it closes: an empty field is named in the modal itself. */
function fieldErrors(callbackId: string, v: Values): Record<string, string> | undefined {
  const errors: Record<string, string> = {};
  if (callbackId === WRITE_MODALS.note && fieldValue(v, 'note') === '') errors.note = 'Type the note.';
  if (callbackId === WRITE_MODALS.task && fieldValue(v, 'title') === '')
    errors.title = 'Type what is to be done.';
  if (callbackId === WRITE_MODALS.status && !choiceOf(v, 'status'))
    errors.status = 'Choose won, lost or abandoned.';
  if (callbackId === WRITE_MODALS.save) {
    const contact = choiceOf(v, 'contact', 'save_contact');
    if (!contact || !recordId.safeParse(contact).success) errors.contact = 'Choose the contact.';
    if (fieldValue(v, 'text') === '') errors.text = 'Type the text to save.';
    else if (fieldValue(v, 'text').length > MAX_NOTE_LENGTH)
      errors.text = `At most ${MAX_NOTE_LENGTH} characters.`;
  }
  return Object.keys(errors).length ? errors : undefined;
}

/**
 * A write modal submitted (a note, a task, won / lost, or "Save to SMBcrm"): empty fields are answered in the
 * modal; otherwise it closes and the person gets, privately, the card to confirm or word that it was posted for
 * approval, or what to fix (the one error policy).
 */
export const writeSubmitted =
  (s: ListenerDeps) =>
  async ({ ack, view, body, client, context }: Args) => {
    const v = view.state.values as Values;
    const meta = readMetadata(view.private_metadata);
    // Opened from the Home tab: no channel in the metadata, the modal's channel picker says where the card goes.
    const fromHome = meta !== undefined && meta.c === undefined;
    const channel = meta?.c ?? v[CHANNEL_PICKER]?.[CHANNEL_PICKER]?.selected_conversation ?? undefined;
    const problem = fromHome ? await pickedChannelProblem(s, channel, body.user.id) : undefined;
    const errors = {
      ...fieldErrors(view.callback_id, v),
      ...(problem ? { [CHANNEL_PICKER]: problem } : {}),
    };
    if (Object.keys(errors).length) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    if (!meta || !channel || !/^[CGD][A-Z0-9]+$/.test(channel)) {
      context.outcome = 'bad-input';
      return;
    }
    const user = body.user.id;
    let reply: Reply;
    try {
      if (view.callback_id === WRITE_MODALS.note && meta.i) {
        reply = await s.writes.contactWriteById('note', meta.i, fieldValue(v, 'note'), user, channel);
      } else if (view.callback_id === WRITE_MODALS.task && meta.i) {
        const task = { title: fieldValue(v, 'title'), when: fieldValue(v, 'due') };
        reply = await s.writes.contactWriteById('task', meta.i, task, user, channel, {
          body: fieldValue(v, 'details'),
        });
      } else if (view.callback_id === WRITE_MODALS.status && meta.i) {
        reply = await s.writes.statusById(meta.i, choiceOf(v, 'status') as StatusWord, user, channel);
      } else {
        reply = await saveMessage(s, v, user, channel);
      }
    } catch (err) {
      const where = { component: 'writes', view: view.callback_id, user, channel };
      reply = { ephemeral: errorMessage(reportFailure(s, context, where, err).text) };
    }
    if (!reply.ephemeral) return;
    if (fromHome) await answerFromHome(s, client, channel, user, reply.ephemeral);
    else await answerPrivately(s, client, { ...meta, c: channel }, user, reply.ephemeral);
  };

/** "Save to SMBcrm": a note holds the whole text; a task takes its first line as the title and keeps the rest. */
function saveMessage(s: ListenerDeps, v: Values, user: string, channel: string): Promise<Reply> {
  const contact = choiceOf(v, 'contact', 'save_contact') as string;
  const text = fieldValue(v, 'text');
  if (choiceOf(v, 'kind') !== 'task') return s.writes.contactWriteById('note', contact, text, user, channel);
  const [first = '', ...rest] = text.split('\n');
  const task = { title: first.trim().slice(0, 200), when: fieldValue(v, 'due') };
  return s.writes.contactWriteById('task', contact, task, user, channel, {
    body: rest.join('\n').trim() || text,
  });
}
