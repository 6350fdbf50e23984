import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { UserInputError } from '../../lib/errors.js';
import { fold } from '../../lib/fold.js';
import type { Contact, Opportunity, User } from '../../platform/smbcrm/schemas.js';
import type { Redis } from '../../platform/store/redis.js';
import { esc, truncate } from '../../presentation/views/format.js';
import type { createMoveAction } from '../approvals/move.js';
import { MOVE_ACTION } from '../approvals/move.js';
import type { ApprovalRequests } from '../approvals/requests.js';
import { userName } from '../lookup/service.js';
import type { StatusWord } from '../writes/status.js';
import type { Found, Targets } from '../writes/targets.js';
import type { Planned, WriteRequests } from '../writes/write-requests.js';
import type { Proposal, ReadBlock } from './protocol.js';

/**
 * The agent proposes, a person approves: each valid `smbcrm-action` block of an answer becomes the approval card the
 * slash command would make, posted in the conversation's thread and marked "proposed by the agent for @asker" (the
 * asker is the requester, for the policy too). Targets are resolved as the commands resolve them; what cannot be
 * proposed (no such contact, several, an unknown stage, a refusal the command would give) becomes one line in the
 * thread, never a write. An identical proposal still pending in the thread is not posted again.
 */
export interface ProposalsOptions {
  writes: Pick<WriteRequests, 'planContactWrite' | 'planStatusWrite' | 'planAssignWrite'>;
  targets: Targets;
  move: ReturnType<typeof createMoveAction>;
  requests: ApprovalRequests;
  users: () => Promise<User[]>;
  redis: Redis;
  prefix: string;
  /** How long a proposal is remembered against repeats: the approval's own lifetime. */
  ttlMs: number;
  logger: Logger;
}

export interface Asked {
  /** The person whose message the agent answered: the requester. */
  asker: string;
  channel: string;
  threadTs: string;
}

export type Proposals = ReturnType<typeof createProposals>;

const STATUS_WORD: Record<string, StatusWord> = {
  won: 'won',
  lost: 'lost',
  abandoned: 'abandon',
  open: 'reopen',
};
const quote = (s: string) => `“${esc(truncate(s, 80))}”`;
const looksLikeId = (s: string) => /^[A-Za-z0-9_-]{10,64}$/.test(s) && /\d/.test(s) && !/\s/.test(s);

export function createProposals(options: ProposalsOptions) {
  const log = options.logger.child({ component: 'proposals' });

  const one = <T>(found: Found<T>, what: string, named: string): T => {
    if (found.kind === 'none') throw new UserInputError(`no ${what} matches ${quote(named)}`);
    if (found.kind === 'many')
      throw new UserInputError(
        `${found.items.length} ${what}s match ${quote(named)}; the agent should name one by id or email`,
      );
    return found.item;
  };

  /** A contact named by id, email, phone or name, as `/smbcrm lookup` finds it. */
  async function contact(named: string): Promise<Contact> {
    if (looksLikeId(named)) {
      const byId = await options.targets.contactById(named);
      if (byId) return byId;
    }
    return one(await options.targets.contact(named), 'contact', named);
  }
  async function opportunity(named: string, status: 'open' | 'any'): Promise<Opportunity> {
    const found = await options.move.findOpportunities(named, status);
    return one(
      found.length === 0
        ? { kind: 'none' }
        : found.length === 1
          ? { kind: 'one', item: found[0] as Opportunity }
          : { kind: 'many', items: found },
      'opportunity',
      named,
    );
  }
  /** An SMBcrm user named by email or name (the agent knows SMBcrm's people, not Slack's). */
  async function user(named: string): Promise<{ userId: string; name: string }> {
    const people = (await options.users()).filter((u) => !u.deleted);
    const byEmail = people.filter((u) => u.email?.toLowerCase() === named.toLowerCase());
    const byName = people.filter((u) => fold(userName(u)) === fold(named));
    const u = one<User>(
      byEmail.length
        ? { kind: 'one', item: byEmail[0] as User }
        : byName.length === 1
          ? { kind: 'one', item: byName[0] as User }
          : byName.length
            ? { kind: 'many', items: byName }
            : { kind: 'none' },
      'SMBcrm user',
      named,
    );
    return { userId: u.id, name: userName(u) };
  }

  async function plan(p: Proposal, asker: string): Promise<Planned> {
    switch (p.action) {
      case 'move_stage': {
        const planned = await options.move.plan(await opportunity(p.opportunity, 'open'), p.stage);
        if (planned.kind === 'unknown_stage')
          throw new UserInputError(`${quote(planned.pipelineName)} has no stage ${quote(p.stage)}`);
        if (planned.kind === 'same_stage')
          throw new UserInputError(
            `${quote(planned.opportunity.name)} is already in ${quote(planned.stageName)}`,
          );
        return { action: MOVE_ACTION, params: planned.params };
      }
      case 'set_status':
        return options.writes.planStatusWrite(
          await opportunity(p.opportunity, 'any'),
          STATUS_WORD[p.status] as StatusWord,
        );
      case 'assign':
        return options.writes.planAssignWrite(await opportunity(p.opportunity, 'open'), await user(p.to));
      case 'add_note':
        return options.writes.planContactWrite('note', await contact(p.contact), p.text, asker);
      case 'add_task':
        return options.writes.planContactWrite(
          'task',
          await contact(p.contact),
          { title: p.title, when: p.due },
          asker,
        );
      case 'add_tags':
      case 'remove_tags': {
        const sign = p.action === 'add_tags' ? '+' : '-';
        const words = p.tags.map((t) => `${sign}${t.trim().replace(/\s+/g, '-')}`).join(' ');
        return options.writes.planContactWrite('tag', await contact(p.contact), words, asker);
      }
    }
  }

  const key = (at: Asked, p: Proposal) =>
    `${options.prefix}proposal:${createHash('sha256')
      .update(JSON.stringify([at.channel, at.threadTs, p]))
      .digest('hex')
      .slice(0, 32)}`;

  /** Posts one proposal's card, or says why not (one line of mrkdwn). */
  async function proposeOne(p: Proposal, at: Asked): Promise<string | undefined> {
    const k = key(at, p);
    const earlier = await options.redis.get(k);
    if (earlier && (await options.requests.get(earlier))?.status === 'pending') return undefined; // on its card above
    let planned: Planned;
    try {
      planned = await plan(p, at.asker);
    } catch (err) {
      if (err instanceof UserInputError) return `:grey_question: Not proposed (${p.action}): ${err.message}`;
      throw err;
    }
    const reply = await options.requests.submit(
      { ...planned, requester: at.asker, channel: at.channel },
      { threadTs: at.threadTs, proposedBy: 'agent' },
    );
    if (!reply.posted)
      return `:grey_question: Not proposed (${p.action}): ${reply.ephemeral?.text ?? 'it could not be posted'}`;
    await options.redis.set(k, reply.posted, 'PX', options.ttlMs);
    return undefined;
  }

  return {
    /** The answer's blocks, proposed in its thread; resolves with the lines to post there (none when all went well). */
    async propose(read: { blocks: ReadBlock[]; more: number }, at: Asked): Promise<string[]> {
      const lines: string[] = [];
      for (const b of read.blocks) {
        if (!b.ok) {
          lines.push(`:grey_question: Not proposed: ${esc(b.why)}.`);
          continue;
        }
        try {
          const line = await proposeOne(b.proposal, at);
          if (line) lines.push(line);
        } catch (err) {
          log.warn({ err, action: b.proposal.action }, 'a proposal could not be made');
          lines.push(
            `:warning: Not proposed (${b.proposal.action}): SMBcrm or the bot's store could not be reached; ask again in a minute.`,
          );
        }
      }
      if (read.more > 0)
        lines.push(
          `The agent proposed ${read.more} more change${read.more === 1 ? '' : 's'}; only the first 5 are shown. Ask again for the rest.`,
        );
      return lines;
    },
  };
}
