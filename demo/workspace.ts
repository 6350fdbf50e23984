import type { SlackDriver } from '../sim/slack/driver.js';
import type { SimMessage, SimSlackUser, SlackSimulator } from '../sim/slack/server.js';
import { valuesAsShown } from './modal-values.js';
import { type Button, renderMessage, style } from './render.js';

/**
 * The terminal stand-in for a Slack workspace: one person at a time, in one channel, typing what they would type
 * in Slack. Each line becomes a real signed request to the bot; what the bot posts back is printed as it would
 * appear to that person (their ephemeral messages included), with numbered buttons.
 */
export interface WorkspaceOptions {
  slack: SlackSimulator;
  driver: SlackDriver;
  users: SimSlackUser[];
  channel: { id: string; name: string };
  color: boolean;
  print(line: string): void;
  /** How long to wait for the bot's answer to a command or click. */
  answerTimeoutMs?: number;
  /** Fires an SMBcrm workflow webhook at the bot (`webhook <event> <contact>`); resolves with the HTTP status. */
  webhook(event: string, contactName: string): Promise<{ status: number; note: string }>;
  /** Plays a colleague working in SMBcrm itself (`crm …`); resolves with what happened, in words. */
  crm(words: string): string;
}

/** The app's message shortcuts (manifest.yml), by name. */
const SHORTCUTS: Record<string, string> = {
  'create smbcrm contact': 'create_contact',
  'save to smbcrm': 'save_to_smbcrm',
};

export const WORKSPACE_HELP = [
  'What you can type (as in Slack):',
  '  /smbcrm lookup <email | phone | name>   look up a contact, e.g. /smbcrm lookup jordan',
  '  @smbcrm <question>                      ask the agent; it answers in a new thread',
  '  <any other text>                        reply in the current thread (the agent keeps the context)',
  '  /smbcrm ask <question>                  ask the agent from a slash command',
  '  threads   /   switch <n>                list the threads, or move to another one',
  '  /smbcrm note <contact>: <text>          a note, e.g. /smbcrm note jordan lee: called back (also task, tag)',
  '  /smbcrm won <deal>                      mark a deal won (also lost, abandon, reopen, assign <deal> to @leo)',
  '  /smbcrm whoami                          who you are in SMBcrm',
  '  home                                    open your Home tab: what waits for you, your deals and tasks',
  '  /smbcrm help                            what the bot can do',
  '  <number>  or  click <number>            press the button with that number',
  '  click <label>                           press the newest button with that label, e.g. click Approve',
  '  choose <n>                              pick option n in an open modal (and submit it)',
  '  submit                                  submit the open modal as it is shown',
  '  post <text>                             a message in the channel (not to the bot)',
  '  shortcut <name>                         a message shortcut on the newest message, e.g. shortcut Create SMBcrm contact',
  '  as @name                                act as another person (@maya, @leo, @aisha)',
  '  webhook <event> <contact>               an SMBcrm workflow posts an event, e.g. webhook new_lead jordan',
  '  crm move <deal> to <stage>              someone changes a deal in SMBcrm itself (not through Slack)',
  '  crm break agent                         the agent fails on its next turn (to see Try again)',
  '  help                                    this list',
  '  quit                                    leave the demo',
].join('\n');

export function createWorkspace(options: WorkspaceOptions) {
  const { slack, driver, print, channel } = options;
  const users = options.users;
  let me = users[0] as SimSlackUser;
  /** Numbered buttons on screen: on a message, or (`home`) on the person's Home tab. */
  const buttons = new Map<number, Button & { message: SimMessage; home?: true }>();
  let buttonCounter = 0;
  /** Button numbers of messages that were replaced or removed since: gone, as in Slack. */
  const retired = new Set<number>();
  const retire = (ts: string) => {
    for (const [n, b] of buttons)
      if (b.message.ts === ts) {
        buttons.delete(n);
        retired.add(n);
      }
  };
  /** What each message looked like when last printed, to show only what changed. */
  const shown = new Map<string, string>();
  const answerTimeoutMs = options.answerTimeoutMs ?? 15_000;

  /** A modal the bot opened for the current person, waiting for `choose N`. */
  let modal:
    | {
        id: string;
        view: Record<string, unknown>;
        options: { label: string; value: string; blockId: string; actionId: string }[];
      }
    | undefined;
  let viewsSeen = 0;

  /** Shows a newly opened modal (title, text and numbered options of its select). */
  function noticeModal() {
    const opened = slack.views.slice(viewsSeen);
    viewsSeen = slack.views.length;
    const latest = opened.at(-1);
    if (!latest) return;
    const view = latest.view as { title?: { text?: string }; blocks?: Record<string, unknown>[] };
    const choices: NonNullable<typeof modal>['options'] = [];
    print(style(options, 'bold', `  ┌ ${view.title?.text ?? 'Modal'}`));
    for (const b of view.blocks ?? []) {
      const initial = (b.element as { initial_value?: string } | undefined)?.initial_value;
      const label = (b.label as { text?: string } | undefined)?.text;
      const text =
        (b.text as { text?: string } | undefined)?.text ??
        (label && initial ? `${label}: ${initial.split('\n')[0]}` : label);
      if (text)
        print(
          `  │ ${renderMessage({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] }, { color: options.color, userName, channelName, numberButton: () => 0 }).join(' ')}`,
        );
      const el = b.element as
        | { type?: string; action_id?: string; options?: { text: { text: string }; value: string }[] }
        | undefined;
      if (el?.type === 'static_select') {
        for (const o of el.options ?? []) {
          choices.push({
            label: o.text.text,
            value: o.value,
            blockId: String(b.block_id),
            actionId: String(el.action_id),
          });
          print(`  │   (${choices.length}) ${o.text.text}`);
        }
      }
    }
    print('  └ type choose <n> to pick and submit, or submit to send it as shown; anything else closes it');
    modal = { id: latest.id, view: latest.view, options: choices };
  }

  /** Thread roots in the order they appeared, and the one plain text replies go to. */
  const threads: string[] = [];
  let currentThread: string | undefined;

  const userName = (id: string) => users.find((u) => u.id === id)?.name ?? id;
  const channelName = (id: string) =>
    id === channel.id ? channel.name : id.startsWith('D') ? 'your DM with smbcrm' : id;
  const threadNumber = (ts: string) => threads.indexOf(ts) + 1;
  const rootOf = (ts: string) => slack.messages.find((m) => m.channel === channel.id && m.ts === ts);

  /** New threads (a root with replies) become known; the newest one that appeared becomes the current one. */
  function noticeThreads() {
    let newest: string | undefined;
    for (const m of slack.messages) {
      if (m.channel !== channel.id || !m.thread_ts || threads.includes(m.thread_ts)) continue;
      threads.push(m.thread_ts);
      newest = m.thread_ts;
    }
    if (newest) currentThread = newest;
  }
  const activity = () => slack.calls.length + slack.responsePosts.length + slack.messages.length;

  function visible(m: SimMessage) {
    return m.channel === channel.id && (!m.visibleTo || m.visibleTo === me.id);
  }

  /** Prints messages that are new or changed since they were last printed, as the current person sees them. */
  function printChanges() {
    for (const m of slack.messages) {
      if (!visible(m)) continue;
      const before = shown.get(m.ts);
      if (m.deleted) {
        if (before !== undefined && before !== 'deleted')
          print(style(options, 'gray', '  (a message only visible to you was removed)'));
        shown.set(m.ts, 'deleted');
        retire(m.ts);
        continue;
      }
      const key = JSON.stringify([m.text, m.blocks]);
      if (before === key) continue;
      shown.set(m.ts, key);
      retire(m.ts); // the buttons it had before it changed are gone; its new ones get new numbers
      const who = m.bot_id ? 'smbcrm' : userName(m.user ?? '');
      const note = [
        m.thread_ts ? `in thread ${threadNumber(m.thread_ts)}` : '',
        m.visibleTo ? 'only visible to you' : '',
        before !== undefined ? 'updated' : '',
      ]
        .filter(Boolean)
        .join(', ');
      print(style(options, 'bold', `${who}${note ? style(options, 'gray', ` (${note})`) : ''}:`));
      const lines = renderMessage(m, {
        color: options.color,
        userName,
        channelName,
        numberButton: (b) => {
          buttonCounter += 1;
          buttons.set(buttonCounter, { ...b, message: m });
          return buttonCounter;
        },
      });
      for (const line of lines) print(`  ${line}`);
    }
  }

  /** Waits until the bot has done something, then for a short quiet spell, so multi-post answers print whole. */
  async function settle(since: number, expectAnswer: boolean, done?: () => boolean) {
    if (expectAnswer) {
      await slack
        .waitFor(() => ((done ? done() : activity() > since) ? true : undefined), answerTimeoutMs)
        .catch(() => {
          print(style(options, 'yellow', '  (no answer from the bot yet; it may still be working)'));
        });
    }
    let last = activity();
    for (;;) {
      await new Promise((r) => setTimeout(r, 120));
      if (activity() === last) break;
      last = activity();
    }
    noticeThreads();
    printChanges();
    noticeModal();
  }

  const answeredIn = (threadTs: string, count: number) => answersIn(threadTs) >= count;
  const answersIn = (threadTs: string) =>
    slack.messages.filter(
      (m) =>
        m.thread_ts === threadTs &&
        m.bot_id &&
        /agent_feedback_up|agent_retry/.test(JSON.stringify(m.blocks ?? [])),
    ).length;

  async function say(text: string, threadTs: string | undefined) {
    const since = activity();
    const before = threadTs ? answersIn(threadTs) : 0;
    const { message } = await driver.say({
      user: me.id,
      channel: channel.id,
      text,
      ...(threadTs ? { threadTs } : {}),
    });
    const thread = threadTs ?? message.ts;
    if (!threadTs) {
      threads.push(thread);
      currentThread = thread;
    }
    shown.set(message.ts, JSON.stringify([message.text, message.blocks])); // the person's own line is already on screen
    await settle(since, true, () => answeredIn(thread, before + 1));
  }

  function listThreads() {
    if (threads.length === 0) return print('  No threads yet. Start one with @smbcrm <question>.');
    for (const [i, ts] of threads.entries()) {
      const root = rootOf(ts);
      const replies = slack.messages.filter((m) => m.thread_ts === ts).length;
      const marker = ts === currentThread ? style(options, 'green', '*') : ' ';
      print(
        `  ${marker}[${i + 1}] ${(root?.text ?? '').replace(/<@[A-Z0-9]+>\s*/g, '').slice(0, 60)}  (${replies} ${replies === 1 ? 'message' : 'messages'})`,
      );
    }
  }

  async function command(text: string) {
    const [cmd = '', ...rest] = text.split(' ');
    const since = activity();
    const res = await driver.command({
      user: me.id,
      channel: channel.id,
      channelName: channel.name,
      text: rest.join(' '),
      command: cmd,
    });
    if (res.status !== 200) {
      print(style(options, 'red', `  Slack could not deliver the command (HTTP ${res.status}).`));
      return;
    }
    await settle(since, res.body === '');
  }

  /** The person's Home tab as published (`home`), reprinted when a click changes it. */
  let homeShown = '';
  function printHome(force: boolean) {
    const published = slack.home.homes.get(me.id);
    if (!published) return print('  (no Home tab was published: the bot logged why)');
    if (!force && published.hash === homeShown) return;
    homeShown = published.hash;
    print(
      style(options, 'bold', `smbcrm — your Home tab${force ? '' : style(options, 'gray', ' (updated)')}:`),
    );
    const pseudo = { channel: `home:${me.id}`, ts: published.hash } as SimMessage;
    retire(pseudo.ts);
    const lines = renderMessage(published.view, {
      color: options.color,
      userName,
      channelName,
      numberButton: (b) => {
        buttonCounter += 1;
        buttons.set(buttonCounter, { ...b, message: pseudo, home: true });
        return buttonCounter;
      },
    });
    for (const line of lines) print(`  ${line}`);
  }

  async function openHome() {
    const since = slack.home.published.length;
    await driver.openHomeTab(me.id);
    await slack
      .waitFor(() => (slack.home.published.length > since ? true : undefined), answerTimeoutMs)
      .catch(() => undefined);
    printHome(true);
  }

  async function click(n: number) {
    const b = buttons.get(n);
    if (!b && retired.has(n))
      return print(
        `  Button [${n}] is gone: its message changed or was removed. Use the numbers shown since.`,
      );
    if (!b) return print(`  There is no button [${n}]. Buttons are numbered as they are shown.`);
    const since = activity();
    const res = b.home
      ? await driver.clickHome({ user: me.id, actionId: b.actionId, value: b.value })
      : await driver.click({ user: me.id, message: b.message, actionId: b.actionId, value: b.value });
    if (res.status !== 200)
      print(style(options, 'red', `  The click was not accepted (HTTP ${res.status}).`));
    await settle(since, true);
    if (b.home) printHome(false);
  }

  return {
    get user() {
      return me;
    },
    prompt: () => `${me.name}@#${channel.name}> `,
    /**
     * Runs one line; resolves false when the person wants to leave. Nothing typed ends the demo but `quit`: a line
     * that fails says why and the demo carries on.
     */
    async run(line: string): Promise<boolean> {
      try {
        return await runLine(line);
      } catch (err) {
        print(style(options, 'red', `  That did not work: ${(err as Error).message}`));
        return true;
      }
    },
  };

  async function runLine(line: string): Promise<boolean> {
    const text = line.trim();
    if (text === '' || text.startsWith('#')) return true;
    if (text === 'quit' || text === 'exit') return false;
    // An open modal closes on anything but `choose N`, as its footer says.
    if (modal && !/^(choose\s+\d+|submit)$/.test(text)) {
      modal = undefined;
      print(style(options, 'gray', '  (the modal was closed)'));
    }
    const hook = /^webhook\s+(\S+)\s+(.+)$/i.exec(text);
    if (hook) {
      const since = activity();
      const res = await options.webhook(hook[1] as string, (hook[2] as string).trim());
      print(style(options, 'gray', `  (SMBcrm's workflow: ${res.note})`));
      if (res.status === 202) await settle(since, true);
      return true;
    }
    if (/^crm\s/i.test(text)) {
      print(style(options, 'gray', `  (in SMBcrm: ${options.crm(text.replace(/^crm\s+/i, ''))})`));
      return true;
    }
    if (text === 'home') {
      await openHome();
      return true;
    }
    if (text === 'help') {
      print(WORKSPACE_HELP);
      return true;
    }
    const as = /^as @?(\S+)$/.exec(text);
    if (as) {
      const who = users.find((u) => u.name === as[1]?.toLowerCase());
      if (!who) print(`  No one called @${as[1]} here. People: ${users.map((u) => `@${u.name}`).join(', ')}`);
      else {
        me = who;
        print(style(options, 'gray', `  You are now @${me.name} (${me.realName ?? me.name}).`));
      }
      return true;
    }
    const clickMatch = /^(?:click\s+)?(\d+)$/.exec(text);
    if (clickMatch) {
      await click(Number(clickMatch[1]));
      return true;
    }
    const clickLabel = /^click\s+(.+)$/i.exec(text);
    if (clickLabel) {
      const wanted = (clickLabel[1] ?? '').trim().toLowerCase();
      const newest = [...buttons.entries()].reverse().find(([, b]) => b.label.toLowerCase() === wanted);
      if (!newest) print(`  No button labelled "${clickLabel[1]}" is on screen.`);
      else await click(newest[0]);
      return true;
    }
    const choose = /^choose\s+(\d+)$/.exec(text);
    if (choose) {
      const option = modal?.options[Number(choose[1]) - 1];
      if (!modal || !option) {
        print('  There is no open modal with that option.');
        return true;
      }
      const since = activity();
      const open = modal;
      modal = undefined;
      const res = await driver.submitView({
        user: me.id,
        viewId: open.id,
        view: open.view,
        values: {
          [option.blockId]: {
            [option.actionId]: {
              type: 'static_select',
              selected_option: { text: { type: 'plain_text', text: option.label }, value: option.value },
            },
          },
        },
      });
      if (res.status !== 200 || res.body?.includes('errors'))
        print(style(options, 'red', `  The modal was not accepted: ${res.body || res.status}`));
      await settle(since, true);
      return true;
    }
    if (text === 'submit') {
      if (!modal) print('  There is no open modal.');
      else {
        const since = activity();
        const open = modal;
        modal = undefined;
        const res = await driver.submitView({
          user: me.id,
          viewId: open.id,
          view: open.view,
          values: valuesAsShown(open.view),
        });
        if (res.status !== 200 || res.body?.includes('errors'))
          print(style(options, 'red', `  The modal was not accepted: ${res.body || res.status}`));
        await settle(since, true);
      }
      return true;
    }
    const post = /^post\s+(.+)$/i.exec(text);
    if (post) {
      const since = activity();
      await driver.say({ user: me.id, channel: channel.id, text: post[1] as string, deliverAs: ['message'] });
      await settle(since, false);
      return true;
    }
    const shortcut = /^shortcut\s+(.+)$/i.exec(text);
    if (shortcut) {
      const callbackId = SHORTCUTS[(shortcut[1] ?? '').trim().toLowerCase()];
      const message = slack.messages
        .filter((m) => m.channel === channel.id && !m.thread_ts && !m.bot_id)
        .at(-1);
      if (!callbackId) print(`  Shortcuts: ${Object.keys(SHORTCUTS).join(', ')}.`);
      else if (!message) print('  There is no message to use it on: post one first.');
      else {
        const since = activity();
        await driver.messageShortcut({ user: me.id, message, callbackId });
        await settle(since, true);
      }
      return true;
    }
    if (text.startsWith('/')) {
      await command(text);
      return true;
    }
    if (text === 'threads') {
      listThreads();
      return true;
    }
    const switchTo = /^switch\s+(\d+)$/.exec(text);
    if (switchTo) {
      const ts = threads[Number(switchTo[1]) - 1];
      if (!ts) print(`  There is no thread ${switchTo[1]}. Type threads to list them.`);
      else {
        currentThread = ts;
        print(style(options, 'gray', `  Now in thread ${switchTo[1]}: your plain text goes there.`));
      }
      return true;
    }
    const mention = /^@smbcrm\b\s*(.*)$/i.exec(text);
    if (mention) {
      await say(`<@${slack.botUserId}> ${mention[1] ?? ''}`, undefined);
      return true;
    }
    if (currentThread) {
      await say(text, currentThread);
      return true;
    }
    print('  Start a thread with @smbcrm <question>, or type help.');
    return true;
  }
}
