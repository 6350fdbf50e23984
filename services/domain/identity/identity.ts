import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { User } from '../../platform/smbcrm/schemas.js';
import type { JsonCache } from '../../platform/store/cache.js';
import { userName } from '../lookup/service.js';
import type { UserMap } from './user-map.js';

/**
 * Who a Slack user is in SMBcrm, so every write names the person who really did it. The Slack profile's email
 * (users.info, scope users:read.email), trimmed and lower-cased, is matched against the sub-account's users (the
 * list the bot already caches for owner names); SMBCRM_USER_MAP overrides it. A person whose email matches no user
 * is "not linked": they may still ask, and the card says the write is credited to no one in SMBcrm.
 * https://docs.slack.dev/reference/methods/users.info
 */
export type Identity =
  | {
      linked: true;
      /** The SMBcrm user id, for `userId` on notes and `assignedTo` on tasks. */
      userId: string;
      name: string;
      role: string | undefined;
      via: 'email' | 'map';
      tz: string | undefined;
    }
  | {
      linked: false;
      why: 'no_email' | 'no_match' | 'mapped_user_unknown' | 'slack_unreachable' | 'not_a_member';
      tz: string | undefined;
    };

interface SlackProfile {
  email: string | undefined;
  tz: string | undefined;
  /** The person's own workspace: another organisation's in a Slack Connect channel. */
  teamId: string | undefined;
  /** Deactivated, or a bot: never anyone's SMBcrm identity. */
  inactive: boolean;
}

export function createIdentity(options: {
  slack: WebClient;
  /** The sub-account's users (cached). */
  users: () => Promise<User[]>;
  cache: JsonCache;
  userMap: UserMap;
  ttlSeconds: number;
  logger: Logger;
  /** The workspace the bot is installed in (from auth.test), once known. */
  workspace: () => string | undefined;
}) {
  const log = options.logger.child({ component: 'identity' });

  async function profile(slackUser: string): Promise<SlackProfile | undefined> {
    try {
      return await options.cache.getOrLoad<SlackProfile>(
        `slack:profile:v2:${slackUser}`,
        options.ttlSeconds,
        async () => {
          const res = await options.slack.users.info({ user: slackUser });
          const email = res.user?.profile?.email?.trim().toLowerCase();
          return {
            email: email || undefined,
            tz: res.user?.tz || undefined,
            teamId: res.user?.team_id || undefined,
            inactive: !!res.user?.deleted || !!res.user?.is_bot,
          };
        },
      );
    } catch (err) {
      log.warn({ err, user: slackUser }, 'users.info failed: who this is in SMBcrm is unknown for now');
      return undefined;
    }
  }

  return {
    async who(slackUser: string): Promise<Identity> {
      const [p, users] = await Promise.all([profile(slackUser), options.users()]);
      const tz = p?.tz;
      const live = users.filter((u) => !u.deleted);
      const mapped = options.userMap[slackUser];
      const linked = (u: User, via: 'email' | 'map'): Identity => ({
        linked: true,
        userId: u.id,
        name: userName(u),
        role: u.roles?.role ?? undefined,
        via,
        tz,
      });
      if (mapped) {
        const u = live.find((x) => x.id === mapped);
        return u ? linked(u, 'map') : { linked: false, why: 'mapped_user_unknown', tz };
      }
      if (!p) return { linked: false, why: 'slack_unreachable', tz };
      // An email is only proof of who someone is inside this workspace: a guest of another organisation (Slack
      // Connect) can hold any address on their own workspace's profile, and a bot or a deactivated account is no one.
      const workspace = options.workspace();
      if (p.inactive || workspace === undefined || p.teamId !== workspace)
        return { linked: false, why: 'not_a_member', tz };
      if (!p.email) return { linked: false, why: 'no_email', tz };
      const u = live.find((x) => x.email?.trim().toLowerCase() === p.email);
      return u ? linked(u, 'email') : { linked: false, why: 'no_match', tz };
    },

    /**
     * The Slack user an SMBcrm user is, for notifications that go to a record's owner: the user map first, then
     * the SMBcrm user's email through users.lookupByEmail, kept only for a member of this workspace (not a guest, a
     * bot or a deactivated account). Undefined: not linked.
     * https://docs.slack.dev/reference/methods/users.lookupByEmail
     */
    async slackUserOf(smbcrmUserId: string): Promise<string | undefined> {
      const mapped = Object.entries(options.userMap).find(([, id]) => id === smbcrmUserId)?.[0];
      if (mapped) return mapped;
      const email = (await options.users())
        .find((u) => u.id === smbcrmUserId && !u.deleted)
        ?.email?.trim()
        .toLowerCase();
      if (!email) return undefined;
      try {
        const found = await options.cache.getOrLoad<{ id: string }>(
          `slack:by-smbcrm-user:${smbcrmUserId}`,
          options.ttlSeconds,
          async () => {
            const res = await options.slack.users
              .lookupByEmail({ email })
              .catch((err: { data?: { error?: string } }) => {
                if (err?.data?.error === 'users_not_found') return undefined;
                throw err;
              });
            const u = res?.user;
            const ok = u?.id && !u.deleted && !u.is_bot && u.team_id === options.workspace();
            return { id: ok ? (u.id as string) : '' };
          },
        );
        return found.id || undefined;
      } catch (err) {
        log.warn({ err }, 'users.lookupByEmail failed: the owner is taken as not linked for now');
        return undefined;
      }
    },

    /**
     * Whether a Slack user is an active member of this workspace (not a guest of another organisation, a bot or a
     * deactivated account): what the Home tab shows pending requests and the setup status to.
     */
    async isMember(slackUser: string): Promise<boolean> {
      const p = await profile(slackUser);
      const workspace = options.workspace();
      return !!p && !p.inactive && workspace !== undefined && p.teamId === workspace;
    },

    /** The SMBcrm user a Slack user maps to, for "assign to @someone" (undefined: not linked). */
    async smbcrmUserOf(slackUser: string): Promise<{ userId: string; name: string } | undefined> {
      const id = await this.who(slackUser);
      return id.linked ? { userId: id.userId, name: id.name } : undefined;
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentity>;
