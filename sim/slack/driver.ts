import { createHmac } from 'node:crypto';
import { asSlackSends } from './escape.js';
import type { SimMessage, SlackSimulator } from './server.js';

/**
 * Plays Slack's part towards the bot: sends signed slash commands, button clicks and events to its request URL,
 * exactly as Slack does (shared/reference/slack-platform.md §1, §4), with response_urls served by the simulator.
 * https://docs.slack.dev/authentication/verifying-requests-from-slack
 */
export function signature(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SlackHttpResult {
  status: number;
  body: string;
  /** The ack body parsed as JSON, when it is JSON. */
  json?: Record<string, unknown>;
}

export interface DriverOptions {
  /** The bot's request URL, e.g. http://127.0.0.1:3000/slack/events */
  requestUrl: string;
  signingSecret: string;
  slack: SlackSimulator;
  apiAppId?: string;
  /** Seconds to add to the signing timestamp (negative = in the past), for replay tests. */
  clockSkewSeconds?: number;
  /**
   * How Slack reaches the bot: signed HTTP requests (default), or envelopes over the Socket Mode connection the bot
   * opened to the simulator (the same payloads; the ack's payload is the response).
   */
  transport?: 'http' | 'socket';
  /** The slash command's `should_escape` (manifest.yml: true): how Slack rewrites what was typed. */
  commandShouldEscape?: boolean;
}

export type SlackDriver = ReturnType<typeof createSlackDriver>;

export function createSlackDriver(options: DriverOptions) {
  const { slack } = options;
  const apiAppId = options.apiAppId ?? 'A0SIM';
  let counter = 0;

  /** The payload Slack would put in an envelope: the same body, parsed as Bolt parses it. */
  async function viaSocket(
    rawBody: string,
    contentType: string,
    retryNum?: number,
  ): Promise<SlackHttpResult> {
    let body: Record<string, unknown>;
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = new URLSearchParams(rawBody);
      const payload = form.get('payload');
      body = payload !== null ? JSON.parse(payload) : Object.fromEntries(form);
    } else body = JSON.parse(rawBody);
    const type = body.command
      ? 'slash_commands'
      : body.type === 'event_callback'
        ? 'events_api'
        : 'interactive';
    const payload = await slack.socket.send(type, body, retryNum ? { retryAttempt: retryNum } : {});
    const has = payload !== undefined && Object.keys(payload).length > 0;
    return { status: 200, body: has ? JSON.stringify(payload) : '', ...(has ? { json: payload } : {}) };
  }

  async function post(
    rawBody: string,
    contentType: string,
    sign: { secret?: string; skewSeconds?: number; omit?: boolean } = {},
  ): Promise<SlackHttpResult> {
    if (options.transport === 'socket') return viaSocket(rawBody, contentType);
    const ts = String(Math.floor(Date.now() / 1000) + (sign.skewSeconds ?? options.clockSkewSeconds ?? 0));
    const headers: Record<string, string> = {
      'content-type': contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    };
    if (!sign.omit) {
      headers['x-slack-request-timestamp'] = ts;
      headers['x-slack-signature'] = signature(sign.secret ?? options.signingSecret, ts, rawBody);
    }
    const res = await fetch(options.requestUrl, { method: 'POST', headers, body: rawBody });
    const body = await res.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = body ? (JSON.parse(body) as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, body, json };
  }

  const team = { id: slack.teamId, domain: 'sim' };

  let eventCounter = 0;
  async function event(
    inner: Record<string, unknown>,
    opts: EventOptions = {},
  ): Promise<SlackHttpResult & { eventId: string }> {
    eventCounter += 1;
    const eventId = opts.eventId ?? `Ev${Date.now().toString(36).toUpperCase()}${eventCounter}`;
    const envelope = {
      token: 'legacy-verification-token',
      team_id: slack.teamId,
      api_app_id: apiAppId,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: slack.teamId,
          user_id: slack.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      event: { event_ts: inner.ts ?? `${Date.now() / 1000}`, ...inner },
    };
    const raw = JSON.stringify(envelope);
    if (options.transport === 'socket')
      return { ...(await viaSocket(raw, 'application/json', opts.retryNum)), eventId };
    const ts = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-slack-request-timestamp': ts,
      'x-slack-signature': signature(options.signingSecret, ts, raw),
    };
    if (opts.retryNum) {
      headers['x-slack-retry-num'] = String(opts.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    const res = await fetch(options.requestUrl, { method: 'POST', headers, body: raw });
    return { status: res.status, body: await res.text(), eventId };
  }

  return {
    post,
    event,
    /**
     * A person posts a message: it is added to the simulated workspace and delivered to the bot as Slack would
     * deliver it. Resolves with the message and the event ids sent.
     */
    async say(args: SayOptions) {
      const message = slack.addMessage({
        channel: args.channel,
        user: args.user,
        text: args.text,
        ...(args.threadTs ? { thread_ts: args.threadTs } : {}),
      });
      const channelType = args.channelType ?? (args.channel.startsWith('D') ? 'im' : 'channel');
      const mentions = args.text.includes(`<@${slack.botUserId}>`);
      const kinds =
        args.deliverAs ?? (mentions && channelType !== 'im' ? ['app_mention', 'message'] : ['message']);
      const base = {
        user: args.user,
        text: args.text,
        ts: message.ts,
        channel: args.channel,
        team: slack.teamId,
        ...(args.threadTs ? { thread_ts: args.threadTs } : {}),
      };
      const sent = [];
      for (const kind of kinds) {
        sent.push(
          await event(
            kind === 'app_mention'
              ? { type: 'app_mention', ...base }
              : { type: 'message', channel_type: channelType, ...base },
          ),
        );
      }
      return { message, sent };
    },
    /**
     * A person opens the app's Messages tab (Slack's agent view): `app_home_opened` with `tab: "messages"` and
     * their DM channel, as in @slack/types AppHomeOpenedEvent.
     */
    openMessagesTab(user: string, channel = slack.dmOf(user)) {
      return event({
        type: 'app_home_opened',
        user,
        channel,
        tab: 'messages',
        event_ts: `${Date.now() / 1000}`,
      });
    },
    /**
     * A person opens the app's Home tab: `app_home_opened` with `tab: "home"`, and the view published for them so
     * far, if any (AppHomeOpenedEvent).
     */
    openHomeTab(user: string, options: EventOptions = {}) {
      const published = slack.home.homes.get(user);
      return event(
        {
          type: 'app_home_opened',
          user,
          channel: slack.dmOf(user),
          tab: 'home',
          ...(published ? { view: { id: published.id, type: 'home', hash: published.hash } } : {}),
          event_ts: `${Date.now() / 1000}`,
        },
        options,
      );
    },
    /**
     * A click on a button of the person's published Home tab: block_actions with a `view` container, the view
     * itself, and no response_url or channel (a Home tab has neither).
     * https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
     */
    clickHome(args: {
      user: string;
      actionId: string;
      value?: string;
      as?: { userTeamId?: string };
      /** A button that is not on the person's tab: a payload crafted by hand. */
      forged?: boolean;
    }) {
      const published = slack.home.homes.get(args.user);
      if (!published) throw new Error(`no Home tab published for ${args.user}`);
      const button = args.forged
        ? { blockId: 'forged', element: { type: 'button', action_id: args.actionId, value: args.value } }
        : findButton({ blocks: published.view.blocks } as SimMessage, args.actionId, args.value);
      if (!button) throw new Error(`no button ${args.actionId} on the Home tab of ${args.user}`);
      counter += 1;
      const payload = {
        type: 'block_actions',
        api_app_id: apiAppId,
        token: 'legacy-verification-token',
        trigger_id: `${counter}.${Date.now()}.sim`,
        team,
        user: {
          id: args.user,
          username: slack.users.get(args.user)?.name ?? args.user,
          team_id: args.as?.userTeamId ?? slack.teamId,
        },
        container: { type: 'view', view_id: published.id },
        view: { ...published.view, id: published.id, hash: published.hash, team_id: slack.teamId },
        state: { values: {} },
        actions: [{ ...button.element, block_id: button.blockId, action_ts: `${Date.now() / 1000}` }],
      };
      return post(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
      );
    },
    /** A slash command as Slack sends it: form-encoded, with a fresh response_url. */
    commandBody(args: {
      user: string;
      channel: string;
      /** What the person typed; sent escaped as Slack escapes it (unless `raw`: a request crafted by hand). */
      text: string;
      raw?: boolean;
      command?: string;
      channelName?: string;
    }) {
      counter += 1;
      const userName = slack.users.get(args.user)?.name ?? args.user;
      return new URLSearchParams({
        token: 'legacy-verification-token',
        team_id: slack.teamId,
        team_domain: 'sim',
        channel_id: args.channel,
        channel_name: args.channelName ?? 'general',
        user_id: args.user,
        user_name: userName,
        command: args.command ?? '/smbcrm',
        text: args.raw
          ? args.text
          : asSlackSends(args.text, {
              shouldEscape: options.commandShouldEscape ?? true,
              users: [...slack.users.values()],
              channels: slack.channelList(),
            }),
        api_app_id: apiAppId,
        is_enterprise_install: 'false',
        response_url: slack.createResponseUrl({ channel: args.channel, user: args.user }),
        trigger_id: `${counter}.${Date.now()}.sim`,
      }).toString();
    },
    /** Sends the command; an ack with a body is shown the way Slack shows it (ephemeral unless in_channel). */
    async command(args: {
      user: string;
      channel: string;
      text: string;
      raw?: boolean;
      command?: string;
      channelName?: string;
    }) {
      const res = await post(this.commandBody(args), 'application/x-www-form-urlencoded');
      if (res.status === 200 && res.body !== '') {
        const message = res.json ?? { text: res.body };
        slack.addMessage({
          channel: args.channel,
          text: message.text as string | undefined,
          blocks: message.blocks as unknown[] | undefined,
          bot_id: slack.botId,
          ...(message.response_type === 'in_channel' ? {} : { visibleTo: args.user }),
        });
      }
      return res;
    },
    /** Submits a modal opened with views.open, as Slack does (view_submission), with `values` as the state. */
    submitView(args: {
      user: string;
      view: Record<string, unknown>;
      viewId: string;
      values: Record<string, Record<string, unknown>>;
    }) {
      counter += 1;
      const payload = {
        type: 'view_submission',
        team,
        user: {
          id: args.user,
          username: slack.users.get(args.user)?.name ?? args.user,
          name: args.user,
          team_id: slack.teamId,
        },
        api_app_id: apiAppId,
        token: 'legacy-verification-token',
        trigger_id: `${counter}.${Date.now()}.sim`,
        view: {
          id: args.viewId,
          team_id: slack.teamId,
          type: 'modal',
          ...args.view,
          hash: `${counter}.hash`,
          state: { values: args.values },
        },
        response_urls: [],
      };
      return post(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
      );
    },
    /**
     * Links to the app's unfurl domains in a message (`conversations_history`) or still in the composer
     * (`composer`: no channel or ts, an unfurl_id only), as the link_shared event carries them.
     * https://docs.slack.dev/reference/events/link_shared
     */
    linkShared(args: {
      user: string;
      channel: string;
      messageTs?: string;
      urls: string[];
      source?: 'composer' | 'conversations_history';
    }) {
      const source = args.source ?? 'conversations_history';
      counter += 1;
      return event({
        type: 'link_shared',
        channel: source === 'composer' ? 'COMPOSER' : args.channel,
        is_bot_user_member: true,
        user: args.user,
        message_ts: source === 'composer' ? `${counter}.composer` : (args.messageTs ?? ''),
        unfurl_id: `${args.channel}.${counter}.unfurl`,
        source,
        links: args.urls.map((url) => ({ domain: new URL(url).hostname, url })),
        event_ts: `${Date.now() / 1000}`,
      });
    },
    /**
     * A message shortcut on `message` (message_action), as Slack sends it when someone picks it from the message's
     * menu: the message, its channel, a trigger_id for a modal and a response_url.
     * https://docs.slack.dev/interactivity/implementing-shortcuts#message_shortcuts
     */
    messageShortcut(args: { user: string; message: SimMessage; callbackId: string }) {
      counter += 1;
      const payload = {
        type: 'message_action',
        callback_id: args.callbackId,
        api_app_id: apiAppId,
        token: 'legacy-verification-token',
        trigger_id: `${counter}.${Date.now()}.sim`,
        action_ts: `${Date.now() / 1000}`,
        message_ts: args.message.ts,
        team,
        user: {
          id: args.user,
          username: slack.users.get(args.user)?.name ?? args.user,
          team_id: slack.teamId,
        },
        channel: { id: args.message.channel, name: 'general' },
        message: {
          type: 'message',
          ts: args.message.ts,
          text: args.message.text ?? '',
          ...(args.message.user ? { user: args.message.user } : {}),
        },
        response_url: slack.createResponseUrl({ channel: args.message.channel, user: args.user }),
      };
      return post(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
      );
    },
    /** What someone typed in an external_select of an open modal (block_suggestion); answers with the options. */
    suggest(args: {
      user: string;
      view: Record<string, unknown>;
      viewId: string;
      blockId: string;
      actionId: string;
      value: string;
    }) {
      const payload = {
        type: 'block_suggestion',
        user: {
          id: args.user,
          username: slack.users.get(args.user)?.name ?? args.user,
          team_id: slack.teamId,
        },
        container: { type: 'view', view_id: args.viewId },
        api_app_id: apiAppId,
        token: 'legacy-verification-token',
        block_id: args.blockId,
        action_id: args.actionId,
        value: args.value,
        team,
        view: { id: args.viewId, type: 'modal', ...args.view },
      };
      return post(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
      );
    },
    /**
     * A click on a button of `message` (found in the simulator), as a block_actions payload. `as` plays what an
     * attacker or a Slack Connect guest would send: another workspace, another user's team, another channel.
     */
    click(args: {
      user: string;
      message: SimMessage;
      actionId: string;
      value?: string;
      as?: { teamId?: string; userTeamId?: string; channel?: string };
      /** A button that is not on the message: a payload crafted by hand. */
      forged?: boolean;
    }) {
      const button = args.forged
        ? { blockId: 'forged', element: { type: 'button', action_id: args.actionId, value: args.value } }
        : findButton(args.message, args.actionId, args.value);
      if (!button) throw new Error(`no button ${args.actionId} on message ${args.message.ts}`);
      counter += 1;
      const payload = {
        type: 'block_actions',
        api_app_id: apiAppId,
        token: 'legacy-verification-token',
        trigger_id: `${counter}.${Date.now()}.sim`,
        team: args.as?.teamId ? { id: args.as.teamId, domain: 'other' } : team,
        user: {
          id: args.user,
          username: slack.users.get(args.user)?.name ?? args.user,
          team_id: args.as?.userTeamId ?? slack.teamId,
        },
        container: {
          type: 'message',
          message_ts: args.message.ts,
          channel_id: args.as?.channel ?? args.message.channel,
          is_ephemeral: args.message.visibleTo !== undefined,
        },
        channel: { id: args.message.channel, name: 'general' },
        message: {
          type: 'message',
          ts: args.message.ts,
          text: args.message.text ?? '',
          blocks: args.message.blocks ?? [],
        },
        response_url: slack.createResponseUrl({
          channel: args.message.channel,
          user: args.user,
          originalTs: args.message.ts,
        }),
        state: { values: {} },
        actions: [{ ...button.element, block_id: button.blockId, action_ts: `${Date.now() / 1000}` }],
      };
      return post(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
      );
    },
  };
}

type Element = { type: string; action_id: string; value?: string; text?: unknown };

export interface EventOptions {
  /** Same id on every delivery of one event (Slack's retries carry the original id). */
  eventId?: string;
  /** Sends `X-Slack-Retry-Num` / `X-Slack-Retry-Reason`, as Slack's retries do. */
  retryNum?: number;
}

export interface SayOptions {
  user: string;
  channel: string;
  text: string;
  threadTs?: string;
  /** `im` for a DM with the bot; `channel` (default) or `group` otherwise. */
  channelType?: 'channel' | 'group' | 'im';
  /**
   * How Slack delivers it: a mention in a channel arrives as `app_mention` and, with message.channels subscribed,
   * as `message` too. Default: both for a text that mentions the bot in a channel, else `message`.
   */
  deliverAs?: ('app_mention' | 'message')[];
}

/** Every button of a message, with the block it sits in. */
export function buttonsOf(message: Pick<SimMessage, 'blocks'>): { blockId: string; element: Element }[] {
  const out: { blockId: string; element: Element }[] = [];
  for (const [i, b] of (message.blocks ?? []).entries()) {
    const block = b as { block_id?: string; elements?: Element[]; accessory?: Element };
    const blockId = block.block_id ?? `b${i}`;
    for (const e of [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])]) {
      if (e?.type === 'button') out.push({ blockId, element: e });
    }
  }
  return out;
}

function findButton(message: SimMessage, actionId: string, value?: string) {
  return buttonsOf(message).find(
    (b) => b.element.action_id === actionId && (value === undefined || b.element.value === value),
  );
}
