import { UserInputError } from '../../lib/errors.js';
import type { SmbcrmClient } from '../../platform/smbcrm/client.js';
import type { ActionHandler, ActionOutcome } from '../approvals/engine.js';
import type { Credit } from '../approvals/requests.js';
import type { ContactTarget } from './targets.js';

/**
 * Tags added and removed in one request: POST and DELETE /contacts/:contactId/tags. Both are idempotent (a tag
 * added twice is there once), so a retry simply sends them again. Never the upsert's `tags`, which replaces all.
 */
export const TAGS_ACTION = 'contact.tags';
// + or -, then up to 100 characters with at least one letter or digit (so "+-" or "+…" is not a tag).
const TAG = /^[+-](?=[^\s,+]*[\p{L}\p{N}])[^\s,+]{1,100}$/u;

export interface TagsParams extends ContactTarget, Record<string, unknown> {
  add: string[];
  remove: string[];
  credit?: Credit;
}

const USAGE = 'Write each tag with + to add it or - to remove it: `/smbcrm tag Jordan Lee: +vip -cold`.';

/** "+vip -cold, +hot" → what to add and what to remove (lower-cased), or what to type instead. */
export function parseTags(text: string): { add: string[]; remove: string[] } {
  // Invisible and direction-changing characters make look-alike tags ("vip" and "vip\u200b"): dropped.
  const words = text
    .replace(/[\p{Cf}\u115F\u1160\u3164\uFFA0]/gu, '')
    .replace(/\p{Cc}/gu, ' ')
    .split(/[\s,]+/)
    .filter(Boolean);
  if (words.length === 0) throw new UserInputError(`No tags given. ${USAGE}`);
  if (words.length > 20) throw new UserInputError('At most 20 tags at a time.');
  const bad = words.filter((w) => !TAG.test(w));
  if (bad.length > 0) throw new UserInputError(`Each tag starts with + or -. ${USAGE}`);
  // SMBcrm keeps tags lower-case (ASSUMED, as its web app shows them); comparing so keeps "+VIP" on a contact
  // tagged "vip" from being a change.
  const add = [...new Set(words.filter((w) => w.startsWith('+')).map((w) => w.slice(1).toLowerCase()))];
  const remove = [...new Set(words.filter((w) => w.startsWith('-')).map((w) => w.slice(1).toLowerCase()))];
  if (add.some((t) => remove.includes(t)))
    throw new UserInputError('A tag cannot be added and removed at once.');
  return { add, remove };
}

/** Only what would change, against the tags the contact has now. */
export function planTags(target: ContactTarget, text: string, current: string[]): TagsParams {
  const { add, remove } = parseTags(text);
  const has = new Set(current.map((t) => t.toLowerCase()));
  const toAdd = add.filter((t) => !has.has(t));
  const toRemove = remove.filter((t) => has.has(t));
  if (toAdd.length === 0 && toRemove.length === 0)
    throw new UserInputError(
      'The contact already has those tags (and not the ones to remove); nothing to change.',
    );
  return { ...target, add: toAdd, remove: toRemove };
}

export function createTagsHandler(smbcrm: SmbcrmClient): ActionHandler {
  return {
    async execute(params): Promise<ActionOutcome> {
      const p = params as TagsParams;
      if (p.add.length > 0) await smbcrm.changeTags(p.contactId, 'add', p.add);
      if (p.remove.length > 0) await smbcrm.changeTags(p.contactId, 'remove', p.remove);
      return { kind: 'done' };
    },
  };
}
