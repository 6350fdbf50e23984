import type { HomeView, KnownBlock } from '@slack/types';
import type { ApprovalRecord } from '../../domain/approvals/store.js';
import type { Identity } from '../../domain/identity/identity.js';
import type { Opportunity, Pipeline, Task } from '../../platform/smbcrm/schemas.js';
import { HOME_ACTIONS } from './actions.js';
import { esc, truncate } from './format.js';
import { dealBlocks, heading, mineBlocks, taskBlocks, waitingBlocks } from './home-sections.js';
import { notLinkedReason } from './write-messages.js';

/** A part of the Home tab read from SMBcrm: what it holds, why it cannot be shown, or nothing for an unlinked person. */
export type HomePart<T> = { kind: 'ok'; value: T } | { kind: 'error'; text: string } | { kind: 'unlinked' };

export interface HomeData {
  who: Identity;
  /** The outcome of the person's last click here (mrkdwn built by the bot's views), shown on top for a while. */
  notice?: string;
  /** Pending requests this person may approve. */
  waiting: ApprovalRecord[];
  /** Their own pending requests. */
  mine: ApprovalRecord[];
  /** `total`: how many SMBcrm has in all (the search's meta), for "and N more". */
  deals: HomePart<{ opportunities: Opportunity[]; pipelines: Pipeline[]; total?: number }>;
  tasks: HomePart<Task[]>;
  currency: string;
  /** Whether an agent is set up (Ask the agent on each deal). */
  askable: boolean;
  links: { opportunities: string; tasks: string };
  /** For approvers: how many of the setup checks fail (undefined when not an approver or not known). */
  setupProblems?: number;
  now: number;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

function part<T>(p: HomePart<T>, render: (value: T) => KnownBlock[]): KnownBlock[] {
  if (p.kind === 'ok') return render(p.value);
  if (p.kind === 'error') return [section(`:warning: This part could not be loaded. ${p.text}`)];
  return [];
}

/**
 * Each person's Home tab: what waits for them, their open deals, their tasks. Pure: the data comes from
 * services/domain/home, and every value that came from SMBcrm or from people goes through `esc`.
 * https://docs.slack.dev/surfaces/app-home
 */
export function homeView(d: HomeData): HomeView {
  const zone = d.who.tz ?? 'UTC';
  const blocks: KnownBlock[] = [];
  // A section holds 3,000 characters: a notice quoting a long refusal is cut, not the whole tab refused.
  if (d.notice) blocks.push(section(truncate(d.notice, 2_900)));
  blocks.push(
    d.who.linked
      ? {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: `In SMBcrm you are *${esc(truncate(d.who.name, 100))}*. Times are in ${esc(zone)}.`,
            },
          ],
        }
      : section(
          `:bust_in_silhouette: *You are not linked to an SMBcrm user*, so your deals and tasks cannot be shown here. ${notLinkedReason(d.who.why)} Run \`/smbcrm whoami\` to check.`,
        ),
  );
  if (d.setupProblems !== undefined)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text:
            d.setupProblems === 0
              ? ':white_check_mark: Setup: every check passes.'
              : `:warning: Setup: ${d.setupProblems} check${d.setupProblems === 1 ? '' : 's'} failing. Run \`/smbcrm status\` for the fix.`,
        },
      ],
    });
  blocks.push(
    heading('Waiting for you'),
    ...waitingBlocks(d.waiting, d.currency),
    heading('Your requests'),
    ...mineBlocks(d.mine, d.currency),
  );
  if (d.deals.kind !== 'unlinked')
    blocks.push(
      { type: 'divider' },
      heading('Your open deals'),
      ...part(d.deals, (v) =>
        dealBlocks(v.opportunities, v.pipelines, d.currency, d.links.opportunities, v.total, d.askable),
      ),
    );
  if (d.tasks.kind !== 'unlinked')
    blocks.push(
      { type: 'divider' },
      heading('Your tasks'),
      ...part(d.tasks, (v) => taskBlocks(v, zone, d.now, d.links.tasks)),
    );
  blocks.push({
    type: 'actions',
    block_id: 'home_footer',
    elements: [
      {
        type: 'button',
        action_id: HOME_ACTIONS.refresh,
        text: { type: 'plain_text', text: 'Refresh' },
        value: 'home',
      },
    ],
  });
  return { type: 'home', callback_id: 'smbcrm_home', blocks };
}

/** The Home tab when it cannot be built at all (Redis down, a bug): said, with what to do, never left blank. */
export function homeUnavailableView(text: string): HomeView {
  return {
    type: 'home',
    callback_id: 'smbcrm_home',
    blocks: [
      section(`:warning: Your SMBcrm home could not be built just now. ${text}`),
      {
        type: 'actions',
        block_id: 'home_footer',
        elements: [
          {
            type: 'button',
            action_id: HOME_ACTIONS.refresh,
            text: { type: 'plain_text', text: 'Try again' },
            value: 'home',
          },
        ],
      },
    ],
  };
}
