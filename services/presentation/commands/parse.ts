import type { StatusWord } from '../../domain/writes/status.js';
import type { ContactWrite, WriteCommand } from '../../domain/writes/write-requests.js';
import { cleanText } from '../../lib/clean-text.js';
import { typedText } from '../../lib/typed-text.js';

/** `/smbcrm <subcommand> …`, as typed. Parsing only; what each does lives in its service. */
export type SmbcrmCommand =
  | { kind: 'help' }
  | { kind: 'lookup'; text: string }
  | { kind: 'ask'; text: string }
  | { kind: 'move'; text: string }
  | { kind: 'approvals' }
  | { kind: 'status' }
  | { kind: 'write'; write: WriteCommand }
  | { kind: 'write_usage'; of: ContactWrite | 'status' | 'assign' }
  | { kind: 'whoami' }
  | { kind: 'add'; text: string }
  | { kind: 'unknown'; word: string };

const LOOKUP_WORDS = new Set(['lookup', 'find', 'search']);
const CONTACT_WRITES = new Set<string>(['note', 'task', 'tag']);
const STATUS_WORDS = new Set<string>(['won', 'lost', 'abandon', 'reopen']);
const SUBCOMMANDS = new Set([
  ...LOOKUP_WORDS,
  ...CONTACT_WRITES,
  ...STATUS_WORDS,
  'help',
  'approvals',
  'move',
  'ask',
  'status',
  'assign',
  'whoami',
  'add',
]);

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
  if (word === 'whoami') return { kind: 'whoami' };
  // `add <name> [email] [phone] [company]`: read as typed (emails are mailto markup, & is an entity, in Slack's text).
  if (word === 'add') return { kind: 'add', text: typedText(raw.trim().replace(/^\S+\s*/, '')) };
  if (CONTACT_WRITES.has(word)) {
    // `note <contact>: <text>`: the contact as a lookup takes it, the text as the person typed it.
    const after = raw.trim().replace(/^\S+\s*/, '');
    // The first colon outside Slack's markup: `<mailto:a@b.c|a@b.c>: text` names the contact by email.
    const colon = after.replace(/<[^>]*>/g, (m) => '_'.repeat(m.length)).indexOf(':');
    const contact = colon > 0 ? cleanText(after.slice(0, colon)) : '';
    if (contact === '') return { kind: 'write_usage', of: word as ContactWrite };
    return {
      kind: 'write',
      write: { kind: word as ContactWrite, contact, text: typedText(after.slice(colon + 1)) },
    };
  }
  if (STATUS_WORDS.has(word)) {
    const opportunity = rest.join(' ');
    return opportunity === ''
      ? { kind: 'write_usage', of: 'status' }
      : { kind: 'write', write: { kind: 'status', word: word as StatusWord, opportunity } };
  }
  if (word === 'assign') {
    const text = rest.join(' ');
    return text === ''
      ? { kind: 'write_usage', of: 'assign' }
      : { kind: 'write', write: { kind: 'assign', text } };
  }
  if (word === 'ask') {
    const question = raw.trim().replace(/^\S+\s*/, '');
    // The agent gets the question as it was typed: mentions as @names, Slack's entities decoded.
    return cleanText(question) === '' ? { kind: 'help' } : { kind: 'ask', text: typedText(question) };
  }
  return { kind: 'unknown', word: first };
}
