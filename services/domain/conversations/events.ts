import type { Turn } from './service.js';

/**
 * Which Slack messages are turns of an agent conversation (shared/reference/slack-platform.md §3). The bot ignores
 * its own messages, other bots, edits, deletions, joins and every other subtype; it keeps people's messages
 * (with or without files).
 */
export interface SlackMessageLike {
  type?: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  channel?: string;
  channel_type?: string;
  edited?: unknown;
}

export function isPersonMessage(e: SlackMessageLike, botUserId: string | undefined): boolean {
  if (e.subtype !== undefined && e.subtype !== 'file_share') return false;
  if (e.bot_id || !e.user || e.user === botUserId) return false;
  return typeof e.ts === 'string' && typeof e.channel === 'string';
}

/** The text without the leading mention of the bot ("<@U0BOT> find Acme" → "find Acme"). */
export function withoutBotMention(text: string, botUserId: string | undefined): string {
  const mention = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g') : /^<@[UW][A-Z0-9]+(\|[^>]*)?>/;
  const stripped = text.replace(mention, ' ').replace(/\s+/g, ' ').trim();
  return stripped === '' ? 'Hello!' : stripped;
}

type Base = Pick<Turn, 'teamId'>;

/** The turn a person's message makes; answered in its thread, or in a new thread under it. */
function toTurn(e: SlackMessageLike, base: Base, botUserId: string | undefined): Turn {
  return {
    ...base,
    channel: e.channel as string,
    threadTs: e.thread_ts ?? (e.ts as string),
    messageTs: e.ts as string,
    userId: e.user as string,
    text: withoutBotMention(e.text ?? '', botUserId),
  };
}

/** A mention in a channel: answered in a thread under it (or in the thread it was made in). */
export function turnFromMention(
  e: SlackMessageLike,
  base: Base,
  botUserId: string | undefined,
): Turn | undefined {
  if (!isPersonMessage(e, botUserId) || e.edited) return undefined;
  return toTurn(e, base, botUserId);
}

/**
 * A plain message: a top-level DM starts a conversation in its own thread; a reply in a channel thread is a turn
 * only if the bot is part of that thread (`needsKnownThread`, checked against the store by the caller).
 * DM thread replies never get here: Bolt's Assistant middleware takes them (see listeners/events/assistant.ts).
 */
export function turnFromMessage(
  e: SlackMessageLike,
  base: Base,
  botUserId: string | undefined,
): { turn: Turn; needsKnownThread: boolean } | undefined {
  if (!isPersonMessage(e, botUserId)) return undefined;
  // Top-level channel chatter is not for the bot. It is the commonest event in a busy workspace, so it is turned
  // away before any turn is built (the mention is stripped with a regex made per call).
  if (e.channel_type !== 'im' && e.thread_ts === undefined) return undefined;
  const turn = toTurn(e, base, botUserId);
  return { turn, needsKnownThread: e.channel_type !== 'im' || e.thread_ts !== undefined };
}
