import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { JsonCache } from '../../platform/store/cache.js';

/**
 * Who may approve a request. SMBCRM_APPROVERS lists Slack user ids (U…/W…) and user-group ids (S…, expanded with
 * usergroups.users.list and cached); unset, anyone in the workspace may: a person of this workspace, not a guest
 * of another organisation in a Slack Connect channel (their `user.team_id` differs). The requester never approves their own
 * request unless SMBCRM_ALLOW_SELF_APPROVAL is true.
 * https://docs.slack.dev/reference/methods/usergroups.users.list
 */
export interface ApproverPolicyOptions {
  approvers: string[];
  allowSelfApproval: boolean;
  client: WebClient;
  cache: JsonCache;
  logger: Logger;
  groupCacheSeconds?: number;
  /** The workspace the bot is installed in (from auth.test), once known. */
  workspace: () => string | undefined;
}

export type Verdict = { allowed: true } | { allowed: false; reason: string };

export type ApproverPolicy = ReturnType<typeof createApproverPolicy>;

export function createApproverPolicy(options: ApproverPolicyOptions) {
  const users = new Set(options.approvers.filter((id) => /^[UW]/.test(id)));
  const groups = options.approvers.filter((id) => id.startsWith('S'));
  const log = options.logger.child({ component: 'approvers' });

  async function inGroup(group: string, user: string): Promise<boolean> {
    try {
      const members = await options.cache.getOrLoad(
        `usergroup:${group}`,
        options.groupCacheSeconds ?? 300,
        async () => {
          const res = await options.client.usergroups.users.list({ usergroup: group });
          return res.users ?? [];
        },
      );
      return members.includes(user);
    } catch (err) {
      log.warn({ err, usergroup: group }, 'could not read a user group (is usergroups:read granted?)');
      return false;
    }
  }

  return {
    describe(): string {
      if (options.approvers.length === 0) return 'anyone in the workspace';
      return options.approvers.map((id) => (id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`)).join(', ');
    },
    async check(user: string, requester: string, userTeamId: string | undefined): Promise<Verdict> {
      if (user === requester && !options.allowSelfApproval) {
        return { allowed: false, reason: 'You asked for this change, so someone else must approve it.' };
      }
      if (options.approvers.length === 0) {
        const workspace = options.workspace();
        return workspace !== undefined && userTeamId === workspace
          ? { allowed: true }
          : { allowed: false, reason: 'Only people of this workspace may approve SMBcrm changes.' };
      }
      if (users.has(user)) return { allowed: true };
      for (const g of groups) if (await inGroup(g, user)) return { allowed: true };
      return { allowed: false, reason: `Only ${this.describe()} may approve SMBcrm changes.` };
    },
  };
}
