import { styleText } from 'node:util';

/**
 * Block Kit as a person would read it in a terminal: headers, sections, two-column fields, context in grey,
 * dividers, and buttons numbered so they can be clicked by typing the number.
 * https://docs.slack.dev/reference/block-kit/blocks
 */
type Format = Parameters<typeof styleText>[0];

export interface Button {
  actionId: string;
  value?: string;
  label: string;
}

export interface RenderContext {
  color: boolean;
  /** Display name for a Slack user id (for <@U…> mentions). */
  userName(id: string): string;
  /** A channel's name for a <#C…> mention without one (the bot's own links to a channel). */
  channelName?(id: string): string;
  /** Gives each button a number the person can type. */
  numberButton(button: Button): number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

export function style(ctx: Pick<RenderContext, 'color'>, format: Format, text: string): string {
  // The caller decides about colour (TTY, NO_COLOR), so styleText must not second-guess the stream.
  return ctx.color ? styleText(format, text, { validateStream: false }) : text;
}

/** The emoji shortcodes the bot uses, as the characters a terminal can show. */
const EMOJI: Record<string, string> = {
  white_check_mark: '✅',
  bell: '🔔',
  bar_chart: '📊',
  x: '❌',
  warning: '⚠️',
  hourglass: '⏳',
  hourglass_flowing_sand: '⏳',
  no_entry: '⛔',
  inbox_tray: '📥',
  mag: '🔍',
  lock: '🔒',
  robot_face: '🤖',
  information_source: 'ℹ️',
  wave: '👋',
  bust_in_silhouette: '👤',
  sparkles: '✨',
  arrows_counterclockwise: '🔄',
  electric_plug: '🔌',
};

/** mrkdwn → terminal text: Slack markup resolved, entities unescaped, bold and code styled. */
export function mrkdwn(text: string, ctx: RenderContext): string {
  return text
    .replace(/:([a-z_]+):/g, (m, name: string) => EMOJI[name] ?? m)
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_m, id: string) => `@${ctx.userName(id)}`)
    .replace(/<#C[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<#([CGD][A-Z0-9]+)>/g, (_m, id: string) => `#${ctx.channelName?.(id) ?? id}`)
    .replace(/<!(here|channel|everyone)>/g, '@$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/\*([^*\n]+)\*/g, (_m, t: string) => style(ctx, 'bold', t))
    .replace(/`([^`\n]+)`/g, (_m, t: string) => style(ctx, 'cyan', t))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const textOf = (t: unknown) => (isObj(t) && typeof t.text === 'string' ? t.text : '');

function button(e: Obj, ctx: RenderContext): string {
  const label = textOf(e.text);
  const n = ctx.numberButton({ actionId: String(e.action_id), value: e.value as string | undefined, label });
  return style(
    ctx,
    e.style === 'danger' ? 'red' : e.style === 'primary' ? 'green' : 'blue',
    `[${n}] ${label}`,
  );
}

/** Renders one message as lines of text (no trailing newline). */
export function renderMessage(message: { text?: string; blocks?: unknown[] }, ctx: RenderContext): string[] {
  const blocks = message.blocks ?? [];
  if (blocks.length === 0) return mrkdwn(message.text ?? '', ctx).split('\n');
  const lines: string[] = [];
  for (const b of blocks) {
    if (!isObj(b)) continue;
    switch (b.type) {
      case 'header':
        lines.push(style(ctx, ['bold', 'underline'], textOf(b.text)));
        break;
      case 'section': {
        if (b.text) lines.push(...mrkdwn(textOf(b.text), ctx).split('\n'));
        if (Array.isArray(b.fields)) {
          const cells = b.fields.map((f) => mrkdwn(textOf(f), ctx).replace('\n', ': '));
          for (let i = 0; i < cells.length; i += 2) {
            const [left = '', right] = cells.slice(i, i + 2);
            lines.push(right === undefined ? left : `${padVisible(left, 38)}  ${right}`);
          }
        }
        if (isObj(b.accessory) && b.accessory.type === 'button') {
          const last = lines.length - 1;
          lines[last] = `${lines[last] ?? ''}   ${button(b.accessory, ctx)}`;
        }
        break;
      }
      case 'context':
        lines.push(
          style(
            ctx,
            'gray',
            (Array.isArray(b.elements) ? b.elements : []).map((e) => mrkdwn(textOf(e), ctx)).join('  '),
          ),
        );
        break;
      case 'divider':
        lines.push(style(ctx, 'gray', '─'.repeat(48)));
        break;
      case 'actions':
        lines.push(
          (Array.isArray(b.elements) ? b.elements : [])
            .filter(isObj)
            .map((e) => button(e, ctx))
            .join('  '),
        );
        break;
      case 'markdown':
        lines.push(...markdown(String(b.text ?? ''), ctx));
        break;
      default:
        lines.push(style(ctx, 'gray', `[${String(b.type)} block]`));
    }
  }
  return lines;
}

/** The agent's Markdown, lightly styled: headings and **bold** in bold, `code` in cyan, _italics_ dimmed. */
function markdown(text: string, ctx: RenderContext): string[] {
  return text.split('\n').map((line) => {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) return style(ctx, 'bold', heading[1] ?? '');
    return line
      .replace(/\*\*([^*]+)\*\*/g, (_m, t: string) => style(ctx, 'bold', t))
      .replace(/`([^`\n]+)`/g, (_m, t: string) => style(ctx, 'cyan', t))
      .replace(/(^|\s)_([^_\n]+)_(?=\s|$|[.,])/g, (_m, pre: string, t: string) => pre + style(ctx, 'dim', t));
  });
}

/** Pads to a width measured without ANSI escapes, so coloured fields still line up. */
function padVisible(s: string, width: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escape sequences is the point
  const visible = s.replace(/\u001b\[[0-9;]*m/g, '').length;
  return visible >= width ? s : s + ' '.repeat(width - visible);
}
