import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import {
  agentNotConfiguredText,
  askAboutPrompt,
  threadRootMessage,
} from '../../services/presentation/views/agent.js';
import { displayName, esc } from '../../services/presentation/views/format.js';
import { homeAgentStarted } from '../../services/presentation/views/home-notices.js';
import type { ListenerDeps } from '../deps.js';
import { clickedRecordId, homeClicker } from '../payloads.js';
import { replyOnHome } from '../reply.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Ask the agent" on a deal of the Home tab: a new thread about its contact in the person's DM with the app (the
 * Home tab has no channel), answered there like any other conversation.
 */
export const homeAsk =
  (s: ListenerDeps) =>
  async ({ ack, body, context }: Args) => {
    await ack();
    const id = clickedRecordId(body);
    const home = homeClicker(body);
    if (!home) {
      context.outcome = 'bad-input'; // a Home tab button always comes from a home view
      return;
    }
    const { user, click } = home;
    const conversations = s.conversations;
    await replyOnHome(s, context, user, { component: 'conversation', action: 'home-ask', user }, async () => {
      if (!conversations) return { notice: agentNotConfiguredText };
      if (!id) {
        context.outcome = 'bad-input';
        return { notice: 'That button is no longer valid.' };
      }
      const card = await s.lookup.cardById(id);
      if (!card) return { notice: ':mag: That contact is no longer in SMBcrm.' };
      const root = await conversations.startThreadIn(
        user,
        threadRootMessage(user, `about *${esc(displayName(card.contact))}*`),
      );
      const notice = homeAgentStarted(root.channel);
      await s.home.tell(user, notice);
      context.outcome = await conversations.handle({
        teamId: click.teamId ?? click.userTeamId ?? '',
        channel: root.channel,
        threadTs: root.ts,
        messageTs: root.ts,
        userId: user,
        text: askAboutPrompt(card, s.settings.currency),
        contactId: card.contact.id,
      });
      return undefined;
    });
  };
