import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUIRED_SLACK_SCOPES } from '../../services/platform/slack/scopes.js';
import { listen, readBody, safeJson, sendJson } from '../http.js';
import { checkMessage } from './block-kit.js';
import { createHomeTabs } from './home-tab.js';
import { type LiveMarkup, liveMarkup } from './markup.js';
import { createSocketModeSim, type SocketModeSim } from './socket-mode.js';

/**
 * A stand-in for the Slack Web API and for `response_url`s, as the bot calls them: `@slack/web-api`, and a JSON
 * POST to a response_url (Bolt's respond()); see shared/reference/slack-platform.md §2, §6. It
 * records every call so tests can read what the bot said, and rejects what Slack rejects: a wrong token, invalid
 * blocks, a used-up or expired response_url.
 */
export interface SimSlackUser {
  id: string;
  name: string;
  realName?: string;
  isBot?: boolean;
  /** Shown in users.info's profile only to a token with users:read.email (as Slack does). */
  email?: string;
  /** IANA time zone (users.info `tz`); Slack's default is America/Los_Angeles. */
  tz?: string;
  /** Another organisation's user, in a Slack Connect channel (users.info `team_id`). */
  teamId?: string;
  /** A deactivated account (users.info `deleted`). */
  deactivated?: boolean;
}

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  at: number;
}

export interface SimMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  /** Set for ephemeral messages: the only user who sees it. */
  visibleTo?: string;
  /** Who posted it: the bot (`bot_id`) or a user (a response_url in_channel post shows as the app). */
  bot_id?: string;
  user?: string;
  deleted?: boolean;
  /** The mentions and links Slack would make live in it (sim/slack/markup.ts). */
  live?: LiveMarkup[];
}

export interface ResponseUrlContext {
  channel: string;
  user: string;
  /** The message the interaction came from; `replace_original`/`delete_original` act on it. */
  originalTs?: string;
}

interface ResponseUrlState extends ResponseUrlContext {
  uses: number;
  createdAt: number;
}

export interface ResponsePost {
  id: string;
  body: Record<string, unknown>;
  status: number;
  at: number;
}

export interface SlackSimOptions {
  botToken: string;
  /** The app-level token (`xapp-…`) that apps.connections.open takes, for Socket Mode. */
  appToken?: string;
  /**
   * The bot token's scopes, sent as `X-OAuth-Scopes` on every Web API answer as Slack does (@slack/web-api reads
   * it into `response_metadata.scopes`). Default: every scope the bot asks for.
   */
  scopes?: string[];
  teamId?: string;
  botUserId?: string;
  botId?: string;
  users?: SimSlackUser[];
  /** Channel names by id (conversations.info); unknown ids get a name made from the id. `extShared`: a Slack
   * Connect channel, shared with another organisation (`is_ext_shared`). */
  channels?: { id: string; name: string; extShared?: boolean; members?: string[] }[];
  /** Channels the bot is a member of; posting elsewhere fails with not_in_channel. Default: every channel. */
  memberOf?: string[];
  /** User groups (S…) and their members, for usergroups.users.list. */
  usergroups?: Record<string, string[]>;
  port?: number;
  /** Posts one response_url accepts, and for how long (SEC: 5 posts, 30 minutes). */
  responseUrlMaxUses?: number;
  responseUrlTtlMs?: number;
  now?: () => number;
  /** Called on every response_url post (benchmarks wait on it without scanning the records). */
  onResponsePost?: (post: ResponsePost) => void;
  /**
   * The app's AI experience: `agent` (agent_view, the default for new apps), `assistant` (the legacy
   * assistant_view pane), or `none` (neither: the assistant.threads.* methods are refused).
   */
  experience?: 'agent' | 'assistant' | 'none';
  /** The app's Home tab (manifest `app_home.home_tab_enabled`); off, views.publish answers `not_enabled`. */
  homeTab?: boolean;
}

export type SlackSimulator = Awaited<ReturnType<typeof createSlackSimulator>>;

export async function createSlackSimulator(options: SlackSimOptions) {
  const now = options.now ?? Date.now;
  const teamId = options.teamId ?? 'T0SIM';
  const botUserId = options.botUserId ?? 'U0BOT';
  const botId = options.botId ?? 'B0BOT';
  const maxUses = options.responseUrlMaxUses ?? 5;
  const ttlMs = options.responseUrlTtlMs ?? 30 * 60_000;
  const users = new Map((options.users ?? []).map((u) => [u.id, u]));
  const experience = options.experience ?? 'agent';
  const scopes = options.scopes ?? [...REQUIRED_SLACK_SCOPES];
  const channels = new Map((options.channels ?? []).map((c) => [c.id, c.name]));
  const extShared = new Set((options.channels ?? []).filter((c) => c.extShared).map((c) => c.id));
  /** Who is in a channel: as listed, else every person of the workspace (and the bot, where it is a member). */
  const membersOf = (id: string): string[] => {
    const listed = (options.channels ?? []).find((c) => c.id === id)?.members;
    const people =
      listed ?? [...users.values()].filter((u) => !u.teamId || u.teamId === teamId).map((u) => u.id);
    const botIn = !options.memberOf || options.memberOf.includes(id);
    return botIn ? [...people, botUserId] : people;
  };
  /** A person's DM with the app: an id of its own, as in Slack (never derivable from the user id). */
  const dmOf = (user: string) =>
    `D${createHash('sha1').update(user).digest('hex').slice(0, 10).toUpperCase()}`;
  /** chat.unfurl calls, in order. */
  const unfurls: {
    channel?: string;
    ts?: string;
    unfurlId?: string;
    source?: string;
    unfurls: Record<string, { blocks?: unknown[] }>;
  }[] = [];

  /** Home tabs published with views.publish, one per person (sim/slack/home-tab.ts). */
  const home = createHomeTabs({ enabled: () => options.homeTab !== false, isUser: (id) => users.has(id) });
  const calls: ApiCall[] = [];
  /** Modals opened with views.open, newest last. */
  const views: { id: string; user?: string; view: Record<string, unknown>; hash?: string }[] = [];
  const messages: SimMessage[] = [];
  const responsePosts: ResponsePost[] = [];
  const responseUrls = new Map<string, ResponseUrlState>();
  const failures: { method: string; error: string; status?: number; times: number }[] = [];
  const waiters = new Set<() => void>();
  let tsCounter = 0;
  /** Set when the app was uninstalled or its token revoked: every call is refused with this error. */
  let revoked: string | undefined;

  const notify = () => {
    for (const w of waiters) w();
  };
  const nextTs = () => {
    tsCounter += 1;
    return `${Math.floor(now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
  };

  let baseUrl = '';

  function apiMethod(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://sim.slack.test/',
          team: 'Sim',
          user: 'smbcrm',
          team_id: teamId,
          user_id: botUserId,
          bot_id: botId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        const check = checkMessage(args);
        if (check.error)
          return { ok: false, error: check.error, response_metadata: { messages: check.problems } };
        if (typeof args.channel !== 'string') return { ok: false, error: 'channel_not_found' };
        // A user id as the channel of chat.postMessage is that person's DM with the app (its D… id is answered).
        // https://docs.slack.dev/reference/methods/chat.postMessage#app_home
        let channel: string = args.channel;
        if (method === 'chat.postMessage' && /^[UW][A-Z0-9]+$/.test(channel)) {
          if (!users.has(channel)) return { ok: false, error: 'channel_not_found' };
          channel = dmOf(channel);
        }
        if (options.memberOf && /^[CG]/.test(channel) && !options.memberOf.includes(channel)) {
          return { ok: false, error: 'not_in_channel' };
        }
        if (args.thread_ts !== undefined && typeof args.thread_ts !== 'string')
          return { ok: false, error: 'invalid_thread_ts' };
        const msg: SimMessage = {
          channel,
          ts: nextTs(),
          text: args.text as string | undefined,
          blocks: args.blocks as unknown[] | undefined,
          thread_ts: args.thread_ts as string | undefined,
          bot_id: botId,
          user: botUserId,
          live: liveMarkup(args),
          ...(method === 'chat.postEphemeral' ? { visibleTo: String(args.user) } : {}),
        };
        messages.push(msg);
        return method === 'chat.postMessage'
          ? { ok: true, channel: msg.channel, ts: msg.ts, message: { ...msg } }
          : { ok: true, message_ts: msg.ts };
      }
      case 'chat.update': {
        const msg = messages.find((m) => m.channel === args.channel && m.ts === args.ts && !m.deleted);
        if (!msg) return { ok: false, error: 'message_not_found' };
        const check = checkMessage(args);
        if (check.error)
          return { ok: false, error: check.error, response_metadata: { messages: check.problems } };
        msg.text = args.text as string | undefined;
        msg.blocks = args.blocks as unknown[] | undefined;
        msg.live = liveMarkup(args);
        return { ok: true, channel: msg.channel, ts: msg.ts };
      }
      case 'users.info': {
        const u = users.get(String(args.user));
        if (!u) return { ok: false, error: 'user_not_found' };
        // `name` is the legacy username; people see the display name they chose (here: their real name).
        const tz = u.tz ?? 'America/Los_Angeles';
        return {
          ok: true,
          user: {
            id: u.id,
            team_id: u.teamId ?? teamId,
            name: u.name,
            real_name: u.realName ?? u.name,
            is_bot: !!u.isBot,
            deleted: !!u.deactivated,
            tz,
            tz_offset: tzOffsetSeconds(tz),
            profile: {
              display_name: u.realName ?? u.name,
              real_name: u.realName ?? u.name,
              // https://docs.slack.dev/reference/methods/users.info: the email needs users:read.email.
              ...(u.email && scopes.includes('users:read.email') ? { email: u.email } : {}),
            },
          },
        };
      }
      // https://docs.slack.dev/reference/methods/users.lookupByEmail (users:read.email).
      case 'users.lookupByEmail': {
        if (!scopes.includes('users:read.email'))
          return { ok: false, error: 'missing_scope', needed: 'users:read.email' };
        const email = String(args.email ?? '')
          .trim()
          .toLowerCase();
        const u = [...users.values()].find((x) => x.email?.trim().toLowerCase() === email);
        if (!u) return { ok: false, error: 'users_not_found' };
        return {
          ok: true,
          user: {
            id: u.id,
            team_id: u.teamId ?? teamId,
            name: u.name,
            deleted: !!u.deactivated,
            is_bot: !!u.isBot,
          },
        };
      }
      case 'conversations.info': {
        const id = String(args.channel);
        if (!/^[CGD][A-Z0-9]+$/.test(id)) return { ok: false, error: 'channel_not_found' };
        const name = channels.get(id) ?? id.toLowerCase();
        return {
          ok: true,
          channel: {
            id,
            name,
            is_im: id.startsWith('D'),
            is_channel: id.startsWith('C'),
            is_private: id.startsWith('G'),
            is_ext_shared: extShared.has(id),
            is_member: id.startsWith('D') || !options.memberOf || options.memberOf.includes(id),
          },
        };
      }
      // https://docs.slack.dev/reference/methods/conversations.members: a private channel's only to a member.
      case 'conversations.members': {
        const id = String(args.channel);
        if (!/^[CG][A-Z0-9]+$/.test(id)) return { ok: false, error: 'channel_not_found' };
        const members = membersOf(id);
        if (id.startsWith('G') && !members.includes(botUserId))
          return { ok: false, error: 'channel_not_found' };
        const limit = Math.min(Number(args.limit ?? 100) || 100, 1000);
        const start = Number(args.cursor ?? 0) || 0;
        const page = members.slice(start, start + limit);
        const next = start + limit < members.length ? String(start + limit) : '';
        return { ok: true, members: page, response_metadata: { next_cursor: next } };
      }
      // https://docs.slack.dev/reference/methods/chat.unfurl: the blocks shown under each link of a message,
      // addressed by channel + ts, or by unfurl_id + source (links still in the composer).
      case 'chat.unfurl': {
        const byId = typeof args.unfurl_id === 'string' && typeof args.source === 'string';
        const byMessage = typeof args.channel === 'string' && typeof args.ts === 'string';
        if (!byId && !byMessage) return { ok: false, error: 'invalid_arguments' };
        const raw = typeof args.unfurls === 'string' ? safeJson(args.unfurls) : args.unfurls;
        if (!raw || typeof raw !== 'object') return { ok: false, error: 'invalid_unfurls_format' };
        if (byMessage && !messages.some((m) => m.channel === args.channel && m.ts === args.ts))
          return { ok: false, error: 'cannot_unfurl_message' };
        for (const u of Object.values(raw as Record<string, unknown>)) {
          const problems = checkMessage(u as Record<string, unknown>).problems ?? [];
          if (problems.length) return { ok: false, error: 'invalid_blocks', problems };
        }
        unfurls.push({
          ...(byMessage
            ? { channel: String(args.channel), ts: String(args.ts) }
            : { unfurlId: String(args.unfurl_id), source: String(args.source) }),
          unfurls: raw as Record<string, { blocks?: unknown[] }>,
        });
        return { ok: true };
      }
      case 'views.open': {
        if (typeof args.trigger_id !== 'string' || args.trigger_id === '')
          return { ok: false, error: 'invalid_trigger_id' };
        const view = args.view as Record<string, unknown> | undefined;
        const title = (view?.title as { text?: string } | undefined)?.text ?? '';
        if (view?.type !== 'modal' || title.length === 0 || title.length > 24)
          return { ok: false, error: 'invalid_arguments' };
        const id = `V${String(views.length + 1).padStart(8, '0')}`;
        views.push({ id, view: view as Record<string, unknown>, hash: `${id}.0` });
        return { ok: true, view: { id, hash: `${id}.0`, ...view } };
      }
      // https://docs.slack.dev/reference/methods/chat.getPermalink: a link to a message the app can see.
      case 'chat.getPermalink': {
        const m = messages.find((x) => x.channel === args.channel && x.ts === args.message_ts && !x.deleted);
        if (!m) return { ok: false, error: 'message_not_found' };
        return {
          ok: true,
          channel: m.channel,
          permalink: `https://sim.slack.test/archives/${m.channel}/p${m.ts.replace('.', '')}`,
        };
      }
      // https://docs.slack.dev/reference/methods/views.update: by view_id, refused when `hash` is stale.
      case 'views.update': {
        const at = views.findIndex((v) => v.id === args.view_id);
        if (at < 0) return { ok: false, error: 'not_found' };
        const current = views[at] as (typeof views)[number];
        if (args.hash !== undefined && args.hash !== (current.hash ?? `${current.id}.0`))
          return { ok: false, error: 'hash_conflict' };
        const hash = `${current.id}.${Number((current.hash ?? '.0').split('.').at(-1)) + 1}`;
        views[at] = { id: current.id, view: args.view as Record<string, unknown>, hash };
        return { ok: true, view: { id: current.id, hash, ...(args.view as object) } };
      }
      case 'views.publish':
        return home.publish(args);
      case 'usergroups.users.list': {
        const members = options.usergroups?.[String(args.usergroup)];
        return members ? { ok: true, users: members } : { ok: false, error: 'no_such_subteam' };
      }
      // The agent view's and the legacy pane's utilities; recorded for tests (reference §6, §7). An app with
      // neither experience is refused (the error code is ASSUMED; no document names it).
      case 'assistant.threads.setStatus':
      case 'assistant.threads.setTitle':
      case 'assistant.threads.setSuggestedPrompts': {
        if (experience === 'none') return { ok: false, error: 'not_allowed_token_type' };
        if (typeof args.channel_id !== 'string') return { ok: false, error: 'invalid_arguments' };
        if (method === 'assistant.threads.setStatus' && (typeof args.status !== 'string' || !args.thread_ts))
          return { ok: false, error: 'invalid_arguments' };
        // "Including [thread_ts] in a call for an agent app will cause the call to silently fail" (DOC).
        if (method === 'assistant.threads.setSuggestedPrompts' && experience === 'agent' && args.thread_ts)
          return { ok: true, warning: 'silently_ignored' };
        return { ok: true };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string) {
    const raw = await readBody(req);
    const type = String(req.headers['content-type'] ?? '');
    const args: Record<string, unknown> = {};
    if (type.startsWith('application/json')) Object.assign(args, raw ? JSON.parse(raw) : {});
    else {
      // @slack/web-api sends form fields and JSON-stringifies nested values (blocks, view, …).
      for (const [k, v] of new URLSearchParams(raw)) {
        args[k] = /^[[{]/.test(v) ? safeJson(v) : v;
      }
    }
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    let result: Record<string, unknown>;
    const failure = failures.find((f) => f.method === method && f.times > 0);
    if (failure) {
      failure.times -= 1;
      if (failure.status) {
        calls.push({ method, args, ok: false, error: `http_${failure.status}`, at: now() });
        notify();
        const headers: Record<string, string> = failure.status === 429 ? { 'retry-after': '1' } : {};
        return sendJson(res, failure.status, { ok: false, error: failure.error }, headers);
      }
      result = { ok: false, error: failure.error };
    } else if (method === 'apps.connections.open') {
      // The one method that takes the app-level token rather than the bot token.
      result =
        options.appToken && token === options.appToken
          ? socket.open()
          : { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
    } else if (token !== options.botToken)
      result = { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
    else if (revoked) result = { ok: false, error: revoked };
    else result = apiMethod(method, args);
    calls.push({
      method,
      args,
      ok: result.ok === true,
      error: result.error as string | undefined,
      at: now(),
    });
    notify();
    sendJson(res, 200, result, { 'x-oauth-scopes': scopes.join(',') });
  }

  async function handleResponseUrl(req: IncomingMessage, res: ServerResponse, id: string) {
    const raw = await readBody(req);
    const state = responseUrls.get(id);
    const body = (safeJson(raw) ?? {}) as Record<string, unknown>;
    const answer = (status: number, text: string) => {
      const post = { id, body, status, at: now() };
      responsePosts.push(post);
      options.onResponsePost?.(post);
      notify();
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(text);
    };
    if (!state) return answer(404, 'no_service');
    if (now() - state.createdAt > ttlMs) return answer(404, 'expired_url');
    if (state.uses >= maxUses) return answer(404, 'used_url');
    state.uses += 1;
    const original = state.originalTs
      ? messages.find((m) => m.channel === state.channel && m.ts === state.originalTs && !m.deleted)
      : undefined;
    if (body.delete_original === true) {
      if (original) original.deleted = true;
      return answer(200, 'ok');
    }
    const check = checkMessage(body);
    if (check.error) return answer(400, check.error);
    const content = {
      text: body.text as string | undefined,
      blocks: body.blocks as unknown[] | undefined,
      live: liveMarkup(body),
    };
    if (body.replace_original === true && original) {
      Object.assign(original, content);
      return answer(200, 'ok');
    }
    const inChannel = body.response_type === 'in_channel';
    messages.push({
      channel: state.channel,
      ts: nextTs(),
      ...content,
      bot_id: botId,
      ...(body.thread_ts ? { thread_ts: String(body.thread_ts) } : {}),
      ...(inChannel ? {} : { visibleTo: state.user }),
    });
    answer(200, 'ok');
  }

  const listening = await listen((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const api = /^\/api\/([\w.]+)$/.exec(path);
    const respond = /^\/response\/([\w-]+)$/.exec(path);
    const work =
      req.method === 'POST' && api?.[1]
        ? handleApi(req, res, api[1])
        : req.method === 'POST' && respond?.[1]
          ? handleResponseUrl(req, res, respond[1])
          : Promise.resolve(sendJson(res, 404, { ok: false, error: 'not_found' }));
    work.catch((err: Error) => sendJson(res, 500, { ok: false, error: err.message }));
  }, options.port);
  baseUrl = listening.url;
  const socket: SocketModeSim = createSocketModeSim({ server: listening.server, baseUrl, appId: 'A0SIM' });

  return {
    url: baseUrl,
    /** Pass as the bot's SLACK_API_URL (`clientOptions.slackApiUrl`). */
    apiUrl: `${baseUrl}/api/`,
    teamId,
    unfurls,
    /** The workspace's channels, by id and name (the driver escapes `#name` in commands with them). */
    channelList: () => [...channels].map(([id, name]) => ({ id, name })),
    botUserId,
    botId,
    calls,
    messages,
    responsePosts,
    views,
    /** Each person's published Home tab, and every publish in order. */
    home,
    /** A person's DM channel with the app (where chat.postMessage to their user id lands). */
    dmOf,
    users,
    /** A fresh response_url, as Slack puts in each command and interaction payload. */
    createResponseUrl(ctx: ResponseUrlContext): string {
      const id = randomBytes(12).toString('hex');
      responseUrls.set(id, { ...ctx, uses: 0, createdAt: now() });
      return `${baseUrl}/response/${id}`;
    },
    /** Adds a message as if a person had posted it (for threads and clicks on existing messages). */
    addMessage(msg: Omit<SimMessage, 'ts'> & { ts?: string }): SimMessage {
      const full = { ...msg, ts: msg.ts ?? nextTs() };
      messages.push(full);
      return full;
    },
    /** The app is uninstalled (or its token revoked) from now on: every Web API call answers this error. */
    revokeToken(error = 'token_revoked') {
      revoked = error;
    },
    /** The next `times` calls of `method` fail with a Slack error (HTTP 200 ok:false) or an HTTP status. */
    failNext(method: string, error: string, options: { times?: number; status?: number } = {}) {
      failures.push({ method, error, status: options.status, times: options.times ?? 1 });
    },
    /** Resolves when `check` returns a value, re-checking after every recorded call or post. */
    waitFor<T>(check: () => T | undefined, timeoutMs = 5_000): Promise<T> {
      return new Promise((resolve, reject) => {
        const attempt = () => {
          const v = check();
          if (v !== undefined) {
            waiters.delete(attempt);
            clearTimeout(timer);
            resolve(v);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(attempt);
          reject(new Error(`slack simulator: condition not met within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(attempt);
        attempt();
      });
    },
    reset() {
      calls.length = 0;
      messages.length = 0;
      responsePosts.length = 0;
      failures.length = 0;
      home.reset();
    },
    /** Socket Mode: envelopes to the connected app, its acks, `disconnect` (sim/slack/socket-mode.ts). */
    socket,
    close: () => {
      socket.close();
      return listening.close();
    },
  };
}

/** A zone's current offset from UTC in seconds, as users.info's `tz_offset`. */
function tzOffsetSeconds(zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    timeZoneName: 'longOffset',
  }).formatToParts(new Date());
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(parts.find((p) => p.type === 'timeZoneName')?.value ?? '');
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
}
