import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { AgentAvailabilityService } from '../../platform/agent/availability.js';
import { type AgentAnswer, type AgentStudioClient, isUnknownExecution } from '../../platform/agent/client.js';
import type { SlackNames } from '../../platform/slack/names.js';
import {
  agentUnavailableText,
  answerMessages,
  busyText,
  proposalNotes,
  storeDownText,
  thinkingMessage,
  turnFailedMessage,
} from '../../presentation/views/agent.js';
import type { AgentLinkPolicy } from '../../presentation/views/agent-markdown.js';
import type { SlackMessage } from '../../presentation/views/contact-card.js';
import { describeError } from '../../presentation/views/error-text.js';
import type { Proposals } from '../proposals/proposals.js';
import { extractProposals } from '../proposals/protocol.js';
import type { ConversationStore, ThreadRef } from './store.js';

/** One message to the agent: who said what, in which thread. */
export interface Turn extends ThreadRef {
  /** The Slack message this turn answers (its ts orders turns within the thread). */
  messageTs: string;
  userId: string;
  text: string;
  /** Hydrates this contact into the agent's context (the execute body's `contactId`). */
  contactId?: string;
  /** The exactly-once key; by default the Slack message itself (`channel:ts`). */
  dedupeKey?: string;
  /** An existing bot message to turn into the answer (e.g. the failed turn a "Try again" re-sends). */
  placeholderTs?: string;
  /** Assistant-pane threads show Slack's own "is thinking…" status instead of a placeholder message. */
  setStatus?: (status: string) => Promise<unknown>;
}

export type TurnOutcome = 'answered' | 'duplicate' | 'busy' | 'failed';

export interface ConversationServiceOptions {
  agent: AgentStudioClient;
  store: ConversationStore;
  names: SlackNames;
  client: WebClient;
  logger: Logger;
  locationId: string;
  /** How long a message waits for an earlier turn in its thread before the person is asked to try again. */
  maxTurnWaitMs: number;
  /** Which links in the agent's answers stay links (services/presentation/views/agent-markdown.ts). */
  links: AgentLinkPolicy;
  /** Sees every failure of a turn (a refused Slack token fails /readyz). */
  noticeFailure?: (err: unknown) => void;
  /** Whether the agent can answer (read at start-up); a turn to an agent that cannot is answered with the fix. */
  availability?: Pick<AgentAvailabilityService, 'now'>;
  /** Turns the agent's `smbcrm-action` blocks into approval cards in the thread (services/domain/proposals). */
  proposals?: Pick<Proposals, 'propose'>;
}

export type ConversationService = ReturnType<typeof createConversationService>;

/**
 * Runs agent turns. Every Slack thread is one Agent Studio execution: the first turn starts it, later turns send
 * its `executionId`, which lives in Redis so any instance, after any restart, continues the same conversation.
 */
export function createConversationService(options: ConversationServiceOptions) {
  const { agent, store, names, client } = options;
  const log = options.logger.child({ component: 'conversation' });

  async function post(turn: Turn, message: SlackMessage, replaceTs?: string): Promise<string | undefined> {
    if (replaceTs) {
      await client.chat.update({ channel: turn.channel, ts: replaceTs, ...message });
      return replaceTs;
    }
    const res = await client.chat.postMessage({
      channel: turn.channel,
      thread_ts: turn.threadTs,
      ...message,
    });
    return res.ts;
  }

  /** What the agent reads: who is speaking and where, then their words with Slack markup resolved. */
  async function agentText(turn: Turn): Promise<string> {
    const [who, where, text] = await Promise.all([
      names.userName(turn.userId),
      names.channelName(turn.channel),
      names.resolveMentions(turn.text),
    ]);
    return `${who} (in ${where}): ${text}`;
  }

  async function execute(turn: Turn, text: string): Promise<{ answer: AgentAnswer; contextReset: boolean }> {
    const stored = await store.get(turn);
    // A stored execution of another agent (SMBCRM_AGENT_ID changed) or sub-account is not continued.
    const usable =
      stored && stored.agentId === agent.agentId && stored.locationId === options.locationId
        ? stored
        : undefined;
    let answer: AgentAnswer;
    let contextReset = false;
    try {
      answer = await agent.execute({ text, executionId: usable?.executionId, contactId: turn.contactId });
      contextReset = usable !== undefined && answer.executionId !== usable.executionId;
    } catch (err) {
      if (!usable || !isUnknownExecution(err)) throw err;
      log.info(
        { executionId: usable.executionId },
        'Agent Studio no longer knows the execution; starting a fresh one',
      );
      answer = await agent.execute({ text, contactId: turn.contactId });
      contextReset = true;
    }
    await store.save(turn, {
      executionId: answer.executionId,
      agentId: agent.agentId,
      locationId: options.locationId,
      lastTurnAt: new Date().toISOString(),
    });
    return { answer, contextReset };
  }

  async function fail(turn: Turn, text: string, placeholder: string | undefined): Promise<void> {
    const retryId = await store
      .saveTurn({
        teamId: turn.teamId,
        channel: turn.channel,
        threadTs: turn.threadTs,
        userId: turn.userId,
        text: turn.text,
        contactId: turn.contactId,
      })
      .catch((err: Error) => {
        log.warn(
          { err, channel: turn.channel },
          'could not save the turn for "Try again"; no button offered',
        );
        return undefined;
      });
    await post(turn, turnFailedMessage(text, retryId), placeholder).catch((err: Error) =>
      log.error({ err }, 'could not tell the thread that the turn failed'),
    );
  }

  return {
    /**
     * Posts the root message of a new thread in a channel (for `/smbcrm ask` and "Ask the agent"); the turn is
     * then answered under it. Throws Slack's error (e.g. not_in_channel) for the caller to explain.
     */
    async startThread(channel: string, message: SlackMessage): Promise<string> {
      return (await this.startThreadIn(channel, message)).ts;
    },

    /**
     * The same, where `to` may be a person (a user id posts into their DM with the app: the Home tab's "Ask the
     * agent"); answers the conversation's own id with the thread.
     * https://docs.slack.dev/reference/methods/chat.postMessage#app_home
     */
    async startThreadIn(to: string, message: SlackMessage): Promise<{ channel: string; ts: string }> {
      const res = await client.chat.postMessage({ channel: to, ...message });
      if (!res.ts || !res.channel) throw new Error('chat.postMessage returned no channel or ts');
      return { channel: res.channel, ts: res.ts };
    },

    /** A failed turn saved for its "Try again" button. */
    loadTurn: (id: string) => store.loadTurn(id),

    /** Is the bot part of this thread (it has posted a turn there, answered or not)? */
    knows: (ref: ThreadRef) => store.knows(ref),

    async handle(turn: Turn): Promise<TurnOutcome> {
      let first: boolean;
      try {
        first = await store.claim(turn.dedupeKey ?? `msg:${turn.channel}:${turn.messageTs}`);
        if (first) await store.markThread(turn);
      } catch (err) {
        // Slack will not send the event again (it was acknowledged): say so in the thread rather than go quiet.
        log.error(
          { err, channel: turn.channel, ts: turn.messageTs },
          'agent turn not started: store unavailable',
        );
        await post(turn, turnFailedMessage(storeDownText, undefined), turn.placeholderTs).catch((e: Error) =>
          log.error({ err: e }, 'could not tell the thread that the store is unavailable'),
        );
        return 'failed';
      }
      if (!first) {
        log.debug({ channel: turn.channel, ts: turn.messageTs }, 'duplicate delivery ignored');
        return 'duplicate';
      }
      const availability = await options.availability?.now();
      if (availability?.state === 'unavailable') {
        await post(
          turn,
          turnFailedMessage(agentUnavailableText(availability.why), undefined),
          turn.placeholderTs,
        ).catch((err: Error) =>
          log.error({ err }, 'could not tell the thread that the agent is unavailable'),
        );
        return 'failed';
      }
      const started = performance.now();
      let placeholder = turn.placeholderTs;
      // Slack's "is thinking…" status where the thread has one, else a placeholder message. Both are courtesies:
      // a failure to show them is logged and the turn goes on.
      const statusShown = turn.setStatus
        ? await turn.setStatus('is thinking…').then(
            () => true,
            (err: Error) => {
              log.debug({ err, channel: turn.channel }, 'no thinking status; posting a placeholder instead');
              return false;
            },
          )
        : false;
      if (!statusShown)
        placeholder = await post(turn, thinkingMessage(), placeholder).catch((err: Error) => {
          log.warn({ err, channel: turn.channel }, 'could not post the thinking placeholder');
          return placeholder;
        });

      const lock = await store.acquireTurn(turn, turn.messageTs, options.maxTurnWaitMs);
      if (!lock) {
        await fail(turn, busyText, placeholder);
        return 'busy';
      }
      try {
        const { answer, contextReset } = await execute(turn, await agentText(turn));
        // The agent's proposals are not shown as text: each becomes a card (or a line saying why not) below.
        const proposed = extractProposals(answer.response);
        const messages = answerMessages(proposed.text || '_The agent proposed these changes:_', answer, {
          contextReset,
          links: options.links,
        });
        for (const [i, message] of messages.entries())
          await post(turn, message, i === 0 ? placeholder : undefined);
        if (options.proposals && (proposed.blocks.length > 0 || proposed.more > 0)) {
          const lines = await options.proposals.propose(proposed, {
            asker: turn.userId,
            channel: turn.channel,
            threadTs: turn.threadTs,
          });
          if (lines.length) await post(turn, proposalNotes(lines));
        }
        log.info(
          {
            executionId: answer.executionId,
            interactionId: answer.interactionId,
            parts: messages.length,
            contextReset,
            proposed: proposed.blocks.length + proposed.more,
            ms: Math.round(performance.now() - started),
          },
          'agent turn answered',
        );
        return 'answered';
      } catch (err) {
        options.noticeFailure?.(err);
        const described = describeError(err);
        (described.operatorFix ? log.error.bind(log) : log.warn.bind(log))({ err }, 'agent turn failed');
        await fail(turn, described.text, placeholder);
        return 'failed';
      } finally {
        await lock.release().catch((err: Error) => log.warn({ err }, 'could not release a turn lock'));
      }
    },
  };
}
