import { UserInputError } from '../../lib/errors.js';
import { typedText } from '../../lib/typed-text.js';
import type { SlackNames } from '../../platform/slack/names.js';
import type { Contact, Opportunity, User } from '../../platform/smbcrm/schemas.js';
import type { SlackMessage } from '../../presentation/views/contact-card.js';
import {
  assigneeNotLinked,
  noContact,
  noOpportunityFor,
  pickExpired,
  pickTarget,
  whoami,
  writeUsage,
} from '../../presentation/views/write-messages.js';
import type { ApprovalRequests, Reply } from '../approvals/requests.js';
import type { ApprovalStore } from '../approvals/store.js';
import type { IdentityService } from '../identity/identity.js';
import { userName } from '../lookup/service.js';
import { ASSIGN_ACTION, parseAssign, planAssign } from './assign.js';
import { NOTE_ACTION, planNote } from './note.js';
import { planStatus, STATUS_ACTION, STATUS_WORDS, type StatusWord } from './status.js';
import { parseTags, planTags, TAGS_ACTION } from './tags.js';
import { contactTarget, type Found, opportunityTarget, type Targets } from './targets.js';
import { planTask, splitDue, TASK_ACTION } from './task.js';

/**
 * The day's writes, from what a person typed or picked to a request on the approval engine: resolve the contact or
 * opportunity, check what was typed (bad input is answered in one sentence, nothing written, no card), plan the
 * change and submit it. The engine, the policy and the card do the rest (services/domain/approvals).
 */
export type ContactWrite = 'note' | 'task' | 'tag';

/** A write made ready for the engine. */
export interface Planned {
  action: string;
  params: Record<string, unknown>;
}

/** A note's or tags' text; a task's text as typed ("title due friday") or its title and due words apart. */
export type WriteText = string | { title: string; when?: string };

export type WriteCommand =
  | { kind: ContactWrite; contact: string; text: string }
  | { kind: 'status'; word: StatusWord; opportunity: string }
  | { kind: 'assign'; text: string };

/** A half-made request waiting for a choice among several matches; the button carries only its id. */
interface Draft {
  w: WriteCommand['kind'];
  text: string;
  word?: StatusWord;
  requester: string;
  channel: string;
  [k: string]: unknown;
}

export interface WriteRequestsOptions {
  /** Slack's mentions in a saved message (`<@U0123>`) as the names people know. */
  names: Pick<SlackNames, 'resolveMentions'>;
  requests: ApprovalRequests;
  targets: Targets;
  identity: IdentityService;
  users: () => Promise<User[]>;
  store: ApprovalStore;
}

export type WriteRequests = ReturnType<typeof createWriteRequests>;

export function createWriteRequests(options: WriteRequestsOptions) {
  const { requests, targets, identity } = options;

  async function tzOf(user: string) {
    return (await identity.who(user)).tz;
  }

  /** A task as typed in a command ("title due friday") or as a modal's two fields. */
  const taskOf = (text: WriteText, tz: string | undefined) =>
    typeof text === 'string' ? splitDue(text, tz) : text;
  const plain = (text: WriteText) => (typeof text === 'string' ? text : text.title);

  /** Checks what was typed before anything is looked up, so bad input costs no SMBcrm call. */
  async function precheck(kind: ContactWrite, text: WriteText, requester: string) {
    const placeholder = { contactId: '', contactName: '' };
    if (kind === 'note') planNote(placeholder, plain(text));
    else if (kind === 'task') {
      const tz = await tzOf(requester);
      planTask(placeholder, taskOf(text, tz), tz);
    } else parseTags(plain(text));
  }

  /** What a note, task or tags write on this contact would be: the action and its checked parameters. */
  async function planContactWrite(
    kind: ContactWrite,
    contact: Contact,
    text: WriteText,
    requester: string,
    extra: { body?: string } = {},
  ): Promise<Planned> {
    const target = contactTarget(contact);
    const tz = kind === 'task' ? await tzOf(requester) : undefined;
    return kind === 'note'
      ? { action: NOTE_ACTION, params: planNote(target, plain(text)) }
      : kind === 'task'
        ? { action: TASK_ACTION, params: planTask(target, taskOf(text, tz), tz, extra) }
        : { action: TAGS_ACTION, params: planTags(target, plain(text), contact.tags ?? []) };
  }

  async function submitContactWrite(
    kind: ContactWrite,
    contact: Contact,
    text: WriteText,
    requester: string,
    channel: string,
    extra: { body?: string } = {},
  ) {
    const planned = await planContactWrite(kind, contact, text, requester, extra);
    return requests.submit({ ...planned, requester, channel });
  }

  const planStatusWrite = (opportunity: Opportunity, word: StatusWord): Planned => ({
    action: STATUS_ACTION,
    params: planStatus(opportunityTarget(opportunity), opportunity, STATUS_WORDS[word]),
  });

  async function submitStatus(
    opportunity: Opportunity,
    word: StatusWord,
    requester: string,
    channel: string,
  ) {
    return requests.submit({ ...planStatusWrite(opportunity, word), requester, channel });
  }

  /** Handing an opportunity to an SMBcrm user (`slackUser`: the Slack account they were named by, if any). */
  async function planAssignWrite(
    opportunity: Opportunity,
    to: { userId: string; name: string; slackUser?: string },
  ): Promise<Planned> {
    const people = await options.users();
    const nameOf = (id: string) => {
      const u = people.find((x) => x.id === id);
      return u ? userName(u) : 'an unknown user';
    };
    return {
      action: ASSIGN_ACTION,
      params: planAssign(opportunityTarget(opportunity), opportunity, to, nameOf),
    };
  }

  async function submitAssign(
    opportunity: Opportunity,
    slackUser: string,
    requester: string,
    channel: string,
  ): Promise<Reply> {
    const to = await identity.smbcrmUserOf(slackUser);
    if (!to) return { ephemeral: assigneeNotLinked(slackUser) };
    return requests.submit({
      ...(await planAssignWrite(opportunity, { ...to, slackUser })),
      requester,
      channel,
    });
  }

  async function offer<T extends { id: string }>(
    found: Found<T> & { kind: 'many' },
    draft: Omit<Draft, 'id'>,
    question: string,
    label: (x: T) => { label: string; detail: string },
  ): Promise<Reply> {
    const choices = await Promise.all(
      found.items.slice(0, 10).map(async (item) => ({
        ...label(item),
        draftId: await options.store.saveDraft({ ...draft, id: item.id }),
      })),
    );
    return { ephemeral: pickTarget(question, choices) };
  }
  const contactChoice = (c: Contact) => {
    const t = contactTarget(c);
    return { label: t.contactName, detail: c.companyName ?? '' };
  };
  const opportunityChoice = (o: Opportunity) => ({ label: o.name, detail: o.contact?.name ?? '' });

  return {
    /** The planners behind the commands, for writes that arrive another way (an agent's proposal). */
    planContactWrite,
    planStatusWrite,
    planAssignWrite,

    async command(cmd: WriteCommand, requester: string, channel: string): Promise<Reply> {
      if (cmd.kind === 'note' || cmd.kind === 'task' || cmd.kind === 'tag') {
        await precheck(cmd.kind, cmd.text, requester);
        const found = await targets.contact(cmd.contact);
        if (found.kind === 'none') return { ephemeral: noContact() };
        if (found.kind === 'many')
          return offer(
            found,
            { w: cmd.kind, text: cmd.text, requester, channel },
            'Which contact?',
            contactChoice,
          );
        return submitContactWrite(cmd.kind, found.item, cmd.text, requester, channel);
      }
      if (cmd.kind === 'status') {
        // Any status: "won" on a deal that is already won is answered as such, not as "no such deal".
        const found = await targets.opportunity(cmd.opportunity, 'any');
        if (found.kind === 'none') return { ephemeral: noOpportunityFor('any') };
        if (found.kind === 'many')
          return offer(
            found,
            { w: 'status', text: '', word: cmd.word, requester, channel },
            'Which opportunity?',
            opportunityChoice,
          );
        return submitStatus(found.item, cmd.word, requester, channel);
      }
      const parsed = parseAssign(cmd.text);
      if (!parsed) return { ephemeral: writeUsage('assign') };
      const found = await targets.opportunity(parsed.opportunity);
      if (found.kind === 'none') return { ephemeral: noOpportunityFor('open') };
      if (found.kind === 'many')
        return offer(
          found,
          { w: 'assign', text: parsed.slackUser, requester, channel },
          'Which opportunity?',
          opportunityChoice,
        );
      return submitAssign(found.item, parsed.slackUser, requester, channel);
    },

    /** One of several matches was picked (only by the person who asked). */
    async pick(draftId: string, user: string): Promise<Reply> {
      const draft = (await options.store.loadDraft(draftId)) as (Draft & { id: string }) | undefined;
      // Someone else's click (a forged payload: the list is private) changes nothing, the list included.
      if (!draft || draft.requester !== user) return { ephemeral: pickExpired(), refused: true };
      // One pick per list: a second click (or a second instance's) is "already used".
      if (!(await options.store.takeDraft(draftId))) return { ephemeral: pickExpired(), refused: true };
      if (draft.w === 'note' || draft.w === 'task' || draft.w === 'tag') {
        const contact = await targets.contactById(draft.id);
        if (!contact) return { ephemeral: noContact() };
        return submitContactWrite(draft.w, contact, draft.text, user, draft.channel);
      }
      const opportunity = await targets.opportunityById(draft.id);
      if (!opportunity) return { ephemeral: noOpportunityFor('any') };
      return draft.w === 'status' && draft.word
        ? submitStatus(opportunity, draft.word, user, draft.channel)
        : submitAssign(opportunity, draft.text, user, draft.channel);
    },

    /** A note or a task from a modal (a lookup card's button, or the "Save to SMBcrm" shortcut). */
    async contactWriteById(
      kind: 'note' | 'task',
      contactId: string,
      text: WriteText,
      requester: string,
      channel: string,
      extra: { body?: string } = {},
    ): Promise<Reply> {
      await precheck(kind, text, requester);
      const contact = await targets.contactById(contactId);
      if (!contact) return { ephemeral: noContact() };
      return submitContactWrite(kind, contact, text, requester, channel, extra);
    },

    /** Won / lost / abandoned from a lookup card's modal. */
    async statusById(
      opportunityId: string,
      word: StatusWord,
      requester: string,
      channel: string,
    ): Promise<Reply> {
      const opportunity = await targets.opportunityById(opportunityId);
      if (!opportunity) return { ephemeral: noOpportunityFor('any') };
      return submitStatus(opportunity, word, requester, channel);
    },

    /** The contacts a picker's text matches (nothing while it is not yet a lookup, e.g. "jo@"). */
    async suggestContacts(text: string): Promise<{ id: string; label: string; detail: string }[]> {
      let found: Found<Contact>;
      try {
        found = await targets.contact(text);
      } catch (err) {
        if (err instanceof UserInputError) return [];
        throw err;
      }
      const items = found.kind === 'one' ? [found.item] : found.kind === 'many' ? found.items : [];
      return items.map((c) => ({ id: c.id, ...contactChoice(c) }));
    },

    /**
     * A Slack message's text as a person reads it, for "Save to SMBcrm": mentions as @names, channels and links as
     * their labels, Slack's entities decoded. SMBcrm gets what people saw, not Slack's markup.
     */
    async readableMessage(text: string): Promise<string> {
      return typedText(await options.names.resolveMentions(text));
    },

    async whoami(user: string): Promise<SlackMessage> {
      return whoami(await identity.who(user));
    },
  };
}
