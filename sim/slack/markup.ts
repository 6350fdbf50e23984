/**
 * What Slack would act on in a message: the mentions and links that are live, as opposed to text. The simulator
 * records them on every message it takes, and tests assert that data from outside the team never makes one.
 * Slack parses `<…>` sequences in mrkdwn (a message's top-level `text`, `mrkdwn` text objects) and in `markdown`
 * blocks, where `[label](url)` is a link too; `plain_text` is shown literally.
 * https://docs.slack.dev/messaging/formatting-message-text#advanced
 */
export interface LiveMarkup {
  kind: 'broadcast' | 'user' | 'channel' | 'usergroup' | 'date' | 'link';
  /** Whom it notifies or where it leads: `channel`, `U123`, `C123`, `S123`, or the URL. */
  target: string;
  /** The sequence as written. */
  raw: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const ANGLE = /<([^<>\s][^<>]*)>/g;
const MARKDOWN_LINK = /\[([^\]\n]*)\]\(\s*([^)\s]+)[^)]*\)/g;

function angle(text: string, out: LiveMarkup[]) {
  for (const m of text.matchAll(ANGLE)) {
    const inner = (m[1] ?? '').split('|')[0] ?? '';
    const raw = m[0];
    if (inner.startsWith('!subteam^')) out.push({ kind: 'usergroup', target: inner.slice(9), raw });
    else if (inner.startsWith('!date^')) out.push({ kind: 'date', target: inner, raw });
    else if (inner.startsWith('!')) out.push({ kind: 'broadcast', target: inner.slice(1), raw });
    else if (inner.startsWith('@')) out.push({ kind: 'user', target: inner.slice(1), raw });
    else if (inner.startsWith('#')) out.push({ kind: 'channel', target: inner.slice(1), raw });
    else if (/^[a-z][a-z0-9+.-]*:/i.test(inner)) out.push({ kind: 'link', target: inner, raw });
  }
}

/** Every text of a message that Slack parses for markup, with how it parses it. */
export function parsedTexts(payload: {
  text?: unknown;
  blocks?: unknown;
}): { text: string; as: 'mrkdwn' | 'markdown' }[] {
  const out: { text: string; as: 'mrkdwn' | 'markdown' }[] = [];
  if (typeof payload.text === 'string') out.push({ text: payload.text, as: 'mrkdwn' });
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObj(v)) {
      if (v.type === 'mrkdwn' && typeof v.text === 'string') out.push({ text: v.text, as: 'mrkdwn' });
      else if (v.type === 'markdown' && typeof v.text === 'string')
        out.push({ text: v.text, as: 'markdown' });
      for (const [k, child] of Object.entries(v)) if (k !== 'text' || isObj(child)) walk(child);
    }
  };
  walk(payload.blocks);
  return out;
}

/** Every plain_text string of a message (shown as it is). */
export function plainTexts(payload: { blocks?: unknown }): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObj(v)) {
      if (v.type === 'plain_text' && typeof v.text === 'string') out.push(v.text);
      for (const child of Object.values(v)) walk(child);
    }
  };
  walk(payload.blocks);
  return out;
}

export function liveMarkup(payload: { text?: unknown; blocks?: unknown }): LiveMarkup[] {
  const out: LiveMarkup[] = [];
  for (const t of parsedTexts(payload)) {
    angle(t.text, out);
    if (t.as === 'markdown')
      for (const m of t.text.matchAll(MARKDOWN_LINK))
        out.push({ kind: 'link', target: m[2] ?? '', raw: m[0] });
  }
  return out;
}
