import type { SlackDriver } from '../sim/slack/driver.js';
import type { SimMessage, SimSlackUser, SlackSimulator } from '../sim/slack/server.js';
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
}

export const WORKSPACE_HELP = [
  'What you can type (as in Slack):',
  '  /smbcrm lookup <email | phone | name>   look up a contact, e.g. /smbcrm lookup jordan',
  '  /smbcrm help                            what the bot can do',
  '  <number>  or  click <number>            press the button with that number',
  '  as @name                                act as another person (@maya, @leo, @aisha)',
  '  help                                    this list',
  '  quit                                    leave the demo',
].join('\n');

export function createWorkspace(options: WorkspaceOptions) {
  const { slack, driver, print, channel } = options;
  const users = options.users;
  let me = users[0] as SimSlackUser;
  const buttons = new Map<number, Button & { message: SimMessage }>();
  let buttonCounter = 0;
  /** What each message looked like when last printed, to show only what changed. */
  const shown = new Map<string, string>();
  const answerTimeoutMs = options.answerTimeoutMs ?? 15_000;

  const userName = (id: string) => users.find((u) => u.id === id)?.name ?? id;
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
        continue;
      }
      const key = JSON.stringify([m.text, m.blocks]);
      if (before === key) continue;
      shown.set(m.ts, key);
      const who = m.bot_id ? 'smbcrm' : userName(m.user ?? '');
      const note = [m.visibleTo ? 'only visible to you' : '', before !== undefined ? 'updated' : '']
        .filter(Boolean)
        .join(', ');
      print(style(options, 'bold', `${who}${note ? style(options, 'gray', ` (${note})`) : ''}:`));
      const lines = renderMessage(m, {
        color: options.color,
        userName,
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
  async function settle(since: number, expectAnswer: boolean) {
    if (expectAnswer) {
      await slack
        .waitFor(() => (activity() > since ? true : undefined), answerTimeoutMs)
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
    printChanges();
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

  async function click(n: number) {
    const b = buttons.get(n);
    if (!b) return print(`  There is no button [${n}]. Buttons are numbered as they are shown.`);
    const since = activity();
    const res = await driver.click({ user: me.id, message: b.message, actionId: b.actionId, value: b.value });
    if (res.status !== 200)
      print(style(options, 'red', `  The click was not accepted (HTTP ${res.status}).`));
    await settle(since, true);
  }

  return {
    get user() {
      return me;
    },
    prompt: () => `${me.name}@#${channel.name}> `,
    /** Runs one line; resolves false when the person wants to leave. */
    async run(line: string): Promise<boolean> {
      const text = line.trim();
      if (text === '' || text.startsWith('#')) return true;
      if (text === 'quit' || text === 'exit') return false;
      if (text === 'help') {
        print(WORKSPACE_HELP);
        return true;
      }
      const as = /^as @?(\S+)$/.exec(text);
      if (as) {
        const who = users.find((u) => u.name === as[1]?.toLowerCase());
        if (!who)
          print(`  No one called @${as[1]} here. People: ${users.map((u) => `@${u.name}`).join(', ')}`);
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
      if (text.startsWith('/')) {
        await command(text);
        return true;
      }
      print('  Type /smbcrm help for the bot, or help for the demo.');
      return true;
    },
  };
}
