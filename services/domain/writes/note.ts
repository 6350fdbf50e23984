import { UserInputError } from '../../lib/errors.js';
import type { SmbcrmClient } from '../../platform/smbcrm/client.js';
import type { ActionHandler, ActionOutcome } from '../approvals/engine.js';
import type { Credit } from '../approvals/requests.js';
import type { ContactTarget } from './targets.js';
import { isUncertain } from './uncertain.js';

/** A note on a contact, credited to the person who asked: POST /contacts/:contactId/notes `{ body, userId }`. */
export const NOTE_ACTION = 'contact.note';
/** SMBcrm does not document a limit on a note's body; 5,000 characters is what the bot sends at most (ASSUMED). */
export const MAX_NOTE_LENGTH = 5_000;

export interface NoteParams extends ContactTarget, Record<string, unknown> {
  body: string;
  credit?: Credit;
}

/** The note as typed (Markdown and Slack markup included: SMBcrm gets what the person wrote), or why not. */
export function planNote(target: ContactTarget, body: string): NoteParams {
  const text = body.trim();
  if (text === '')
    throw new UserInputError(
      'The note is empty. Type it after the colon: `/smbcrm note Jordan Lee: called, wants a quote`.',
    );
  if (text.length > MAX_NOTE_LENGTH)
    throw new UserInputError(
      `That note is ${text.length.toLocaleString('en-US')} characters; SMBcrm takes at most ${MAX_NOTE_LENGTH.toLocaleString('en-US')}. Shorten it, or split it into two notes.`,
    );
  return { ...target, body: text };
}

export function createNoteHandler(smbcrm: SmbcrmClient): ActionHandler {
  /** The note already there: same text, same author, added since the request was made. */
  async function written(p: NoteParams, since: number): Promise<boolean> {
    const notes = await smbcrm.listNotes(p.contactId);
    return notes.some(
      (n) =>
        n.body === p.body &&
        (p.credit ? n.userId === p.credit.userId : true) &&
        (!n.dateAdded || Date.parse(n.dateAdded) >= since - 60_000),
    );
  }
  return {
    // A POST of a note is not idempotent: a retry, or an answer that never came, re-reads the notes first.
    async execute(params, run): Promise<ActionOutcome> {
      const p = params as NoteParams;
      if (run.retry && (await written(p, run.requestedAt))) return { kind: 'done', already: true };
      try {
        await smbcrm.addNote(p.contactId, { body: p.body, ...(p.credit ? { userId: p.credit.userId } : {}) });
        return { kind: 'done' };
      } catch (err) {
        if (isUncertain(err) && (await written(p, run.requestedAt).catch(() => false)))
          return { kind: 'done' };
        throw err;
      }
    },
  };
}
