import type { KnownBlock } from '@slack/types';
import type { Contact } from '../../platform/smbcrm/schemas.js';
import { ACTIONS } from './actions.js';
import { type AgentLinkPolicy, safeAgentMarkdown } from './agent-markdown.js';
import type { SlackMessage } from './contact-card.js';
import { displayName, esc, mention, money, truncate } from './format.js';
import { splitMarkdown } from './split-markdown.js';

/** Shown in the thread the moment a turn starts; replaced by the answer. */
export function thinkingMessage(): SlackMessage {
  return {
    text: 'Asking the agent…',
    blocks: [
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: ':hourglass_flowing_sand: Asking the agent… (this can take a little while)',
          },
        ],
      },
    ],
  };
}

/** The feedback buttons carry the execution and interaction ids, which are logged with the rating. */
export function feedbackValue(executionId: string, interactionId: string | undefined): string {
  return JSON.stringify({ e: executionId, i: interactionId ?? '' });
}

/**
 * An answer as one or more messages, each with one `markdown` block (Slack renders the agent's Markdown itself,
 * made safe first: services/presentation/views/agent-markdown.ts). The last carries 👍/👎; the first says so when the agent's
 * earlier context was lost.
 */
export function answerMessages(
  response: string,
  ids: { executionId: string; interactionId: string | undefined },
  options: { contextReset: boolean; links: AgentLinkPolicy },
): SlackMessage[] {
  const pieces = splitMarkdown(safeAgentMarkdown(response, options.links));
  return pieces.map((piece, i) => {
    const blocks: KnownBlock[] = [];
    if (i === 0 && options.contextReset) {
      blocks.push({
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: ':information_source: The agent no longer had this thread’s earlier context, so this answer starts a fresh conversation.',
          },
        ],
      });
    }
    blocks.push({ type: 'markdown', text: piece });
    if (pieces.length > 1) {
      blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Part ${i + 1} of ${pieces.length}` }],
      });
    }
    if (i === pieces.length - 1) {
      const value = feedbackValue(ids.executionId, ids.interactionId);
      blocks.push({
        type: 'actions',
        block_id: 'agent_feedback',
        elements: [
          {
            type: 'button',
            action_id: ACTIONS.agentFeedbackUp,
            text: { type: 'plain_text', text: '👍' },
            value,
            accessibility_label: 'Helpful',
          },
          {
            type: 'button',
            action_id: ACTIONS.agentFeedbackDown,
            text: { type: 'plain_text', text: '👎' },
            value,
            accessibility_label: 'Not helpful',
          },
        ],
      });
    }
    // The notification text is mrkdwn, not Markdown: the piece in plain words, through the one escaping path.
    const words = piece.replace(/&lt;/g, '<').replace(/[#>]/g, '');
    return { text: esc(truncate(words, 300)), blocks };
  });
}

/** A failed turn, in plain words, with a button that re-sends the same turn. */
/** `text` is the bot's own mrkdwn (error-text.ts), in which every quoted value was already escaped. */
export function turnFailedMessage(text: string, retryId: string | undefined): SlackMessage {
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (retryId) {
    blocks.push({
      type: 'actions',
      block_id: 'agent_retry',
      elements: [
        {
          type: 'button',
          action_id: ACTIONS.agentRetry,
          text: { type: 'plain_text', text: 'Try again' },
          value: retryId,
        },
      ],
    });
  }
  return { text: truncate(text, 300), blocks };
}

/** The configured agent cannot answer; what an admin must do, by why (services/platform/agent/availability.ts). */
export function agentUnavailableText(why: 'not_found' | 'inactive' | 'unpublished'): string {
  const what = {
    not_found:
      'Agent Studio does not know the agent in `SMBCRM_AGENT_ID` (wrong id, or an agent of another sub-account).',
    inactive: 'the agent in `SMBCRM_AGENT_ID` is not *Active* in Agent Studio.',
    unpublished: 'the agent in `SMBCRM_AGENT_ID` has no *published Production version* in Agent Studio.',
  }[why];
  return `:robot_face: The agent is not available right now: ${what} An admin should fix that in Agent Studio (or the setting); \`/smbcrm lookup\` works meanwhile.`;
}

export const storeDownText =
  ":warning: I can't reach my store right now, so I can't start on this. Please try again in a minute; if it keeps happening, an admin should check that Redis is up (`REDIS_URL`).";

export const busyText =
  ':hourglass: I am still answering an earlier message in this thread. Press *Try again* in a moment, or send your message again.';

export const agentNotConfiguredText =
  ':robot_face: Agent conversations are not set up yet: an admin needs to set `SMBCRM_AGENT_ID` to an Active, published Agent Studio agent. `/smbcrm lookup` works meanwhile.';

export const assistantGreeting =
  'Hi! Ask me about your SMBcrm contacts and deals. I answer with your Agent Studio agent.';

export const assistantPrompts = [
  { title: 'Summarise a contact', message: 'Tell me about Jordan Lee' },
  { title: 'Deals by stage', message: 'How many open deals do we have per stage?' },
  { title: 'A contact’s deals', message: 'What opportunities does Priya Patel have?' },
];

/**
 * The root of a thread the bot starts for a person (`/smbcrm ask`, "Ask the agent"). `what` is mrkdwn the caller
 * built, every value in it escaped.
 */
export function threadRootMessage(userId: string, what: string): SlackMessage {
  const text = `${mention(userId)} asked the agent: ${what}`;
  return {
    text: truncate(text, 300),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }],
  };
}

/** What the agent proposed that could not become a card: one line each, built escaped by the proposals service. */
export function proposalNotes(lines: string[]): SlackMessage {
  const text = lines.slice(0, 10).join('\n');
  return {
    text: 'Some of the agent’s proposals could not be made',
    blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, 2_900) }] }],
  };
}

/** The first words given to the agent about a contact ("Ask the agent" on a lookup card or the Home tab). */
export function askAboutPrompt(
  card: { contact: Contact; opportunities: { value: number | null }[] },
  currency: string,
): string {
  const name = displayName(card.contact);
  const open = card.opportunities;
  const value = open.reduce((sum, o) => sum + (o.value ?? 0), 0);
  return `Tell me about ${name}${card.contact.companyName ? ` (${card.contact.companyName})` : ''}: ${open.length} open ${open.length === 1 ? 'opportunity' : 'opportunities'} worth ${money(value, currency)}.`;
}
