import { describe, expect, it } from 'vitest';
import {
  isPersonMessage,
  turnFromMention,
  turnFromMessage,
  withoutBotMention,
} from '../../services/domain/conversations/events.js';
import { answerMessages } from '../../services/presentation/views/agent.js';
import { MAX_MARKDOWN_PER_MESSAGE, splitMarkdown } from '../../services/presentation/views/split-markdown.js';
import { checkMessage } from '../../sim/slack/block-kit.js';

const base = { teamId: 'T1' };
const msg = (e: Record<string, unknown>) => ({
  type: 'message',
  channel: 'C1',
  user: 'U1',
  text: 'hi',
  ts: '2.0',
  ...e,
});

describe('which Slack messages are turns', () => {
  it.each([
    ['a person', msg({}), true],
    ['a person with files', msg({ subtype: 'file_share' }), true],
    ['the bot itself', msg({ user: 'UBOT' }), false],
    ['another bot', msg({ bot_id: 'B9' }), false],
    ['an edit', msg({ subtype: 'message_changed' }), false],
    ['a deletion', msg({ subtype: 'message_deleted' }), false],
    ['a join', msg({ subtype: 'channel_join' }), false],
    ['a thread broadcast', msg({ subtype: 'thread_broadcast' }), false],
  ])('%s → %s', (_name, e, expected) => {
    expect(isPersonMessage(e, 'UBOT')).toBe(expected);
  });

  it('a mention answers in a thread under it, without the mention', () => {
    expect(
      turnFromMention(msg({ type: 'app_mention', text: '<@UBOT>  find  Acme' }), base, 'UBOT'),
    ).toMatchObject({
      threadTs: '2.0',
      messageTs: '2.0',
      text: 'find Acme',
    });
    expect(turnFromMention(msg({ type: 'app_mention', thread_ts: '1.0' }), base, 'UBOT')?.threadTs).toBe(
      '1.0',
    );
    expect(withoutBotMention('<@UBOT>', 'UBOT')).toBe('Hello!');
  });

  it('a top-level DM starts a thread; channel replies need a known thread; channel chatter is ignored', () => {
    expect(turnFromMessage(msg({ channel: 'D1', channel_type: 'im' }), base, 'UBOT')).toMatchObject({
      needsKnownThread: false,
      turn: { threadTs: '2.0' },
    });
    expect(turnFromMessage(msg({ channel_type: 'channel', thread_ts: '1.0' }), base, 'UBOT')).toMatchObject({
      needsKnownThread: true,
    });
    expect(turnFromMessage(msg({ channel_type: 'channel' }), base, 'UBOT')).toBeUndefined();
  });
});

describe('splitting long answers', () => {
  it('keeps short answers whole', () => {
    expect(splitMarkdown('**hi**')).toEqual(['**hi**']);
    expect(splitMarkdown('  ')).toEqual(['_(The agent sent an empty answer.)_']);
  });

  it('never exceeds the limit, drops nothing, and keeps code fences balanced', () => {
    const text = [
      ...Array.from({ length: 20 }, (_, i) => `## Part ${i}\n${'lorem ipsum '.repeat(120)}`),
      '```ts',
      ...Array.from({ length: 3000 }, (_, i) => `const x${i} = ${i};`),
      '```',
      'x'.repeat(30_000), // one enormous line
    ].join('\n\n');
    const pieces = splitMarkdown(text);
    expect(pieces.length).toBeGreaterThan(5);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(MAX_MARKDOWN_PER_MESSAGE);
      expect((p.match(/^```/gm) ?? []).length % 2).toBe(0);
    }
    const joined = pieces.join('\n');
    for (const line of text.split('\n')) if (line.length < 1000) expect(joined).toContain(line);
    expect(joined.replace(/[^x]/g, '').length).toBeGreaterThanOrEqual(30_000);
  });

  it('every answer message is valid Block Kit, with feedback on the last only', () => {
    const messages = answerMessages(
      'a'.repeat(40_000),
      { executionId: 'E1', interactionId: 'I1' },
      { contextReset: true, links: { allowedHosts: [] } },
    );
    expect(messages.length).toBe(4);
    for (const m of messages) expect(checkMessage(m).problems).toEqual([]);
    expect(messages.map((m) => JSON.stringify(m.blocks).includes('agent_feedback_up'))).toEqual([
      false,
      false,
      false,
      true,
    ]);
    expect(JSON.stringify(messages[0]?.blocks)).toContain('starts a fresh conversation');
  });
});
