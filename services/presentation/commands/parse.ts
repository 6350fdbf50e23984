import { cleanText } from '../../lib/clean-text.js';

/** `/smbcrm <subcommand> …`, as typed. Parsing only; what each does lives in its service. */
export type SmbcrmCommand =
  | { kind: 'help' }
  | { kind: 'lookup'; text: string }
  | { kind: 'ask'; text: string }
  | { kind: 'move'; text: string }
  | { kind: 'approvals' }
  | { kind: 'status' }
  | { kind: 'unknown'; word: string };

const LOOKUP_WORDS = new Set(['lookup', 'find', 'search']);
const SUBCOMMANDS = new Set([...LOOKUP_WORDS, 'help', 'approvals', 'move', 'ask', 'status']);

/**
 * The subcommand's name, for logs: a known word or "other". Never the word itself, which can be an email or a
 * phone number when someone forgets the subcommand.
 */
export function subcommandName(raw: string): string {
  const first = /^\s*(\S*)/.exec(raw)?.[1]?.toLowerCase() ?? '';
  if (first === '') return 'help';
  return SUBCOMMANDS.has(first) ? first : 'other';
}

export function parseCommand(raw: string): SmbcrmCommand {
  const text = cleanText(raw);
  const [first = '', ...rest] = text.split(' ');
  const word = first.toLowerCase();
  if (word === '' || word === 'help' || word === '?') return { kind: 'help' };
  if (LOOKUP_WORDS.has(word)) {
    const query = rest.join(' ');
    // An empty lookup gets one line on what to type (from the query parser), not the whole help.
    return query.toLowerCase() === 'help' ? { kind: 'help' } : { kind: 'lookup', text: query };
  }
  if (word === 'approvals') return { kind: 'approvals' };
  if (word === 'status') return { kind: 'status' };
  if (word === 'move') return { kind: 'move', text: rest.join(' ') };
  if (word === 'ask') {
    const question = raw.trim().replace(/^\S+\s*/, '');
    return cleanText(question) === '' ? { kind: 'help' } : { kind: 'ask', text: question };
  }
  return { kind: 'unknown', word: first };
}
