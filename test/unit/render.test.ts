import { describe, expect, it } from 'vitest';
import { mrkdwn, renderMessage } from '../../demo/render.js';

const ctx = (numbers: string[] = []) => ({
  color: false,
  userName: (id: string) => ({ U1: 'maya' })[id] ?? id,
  numberButton: (b: { label: string }) => numbers.push(b.label),
});

describe('terminal rendering of Block Kit', () => {
  it('resolves Slack markup and entities', () => {
    expect(
      mrkdwn(
        '*Hi* <@U1> on <!date^1700000000^{date_short}|2023-11-14> &lt;b&gt; &amp; `x` <https://a.test|site>',
        ctx(),
      ),
    ).toBe('Hi @maya on 2023-11-14 <b> & x site (https://a.test)');
  });

  it('renders header, two-column fields, divider, context and numbered buttons', () => {
    const labels: string[] = [];
    const lines = renderMessage(
      {
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Ann Lee' } },
          {
            type: 'section',
            fields: ['*Email*\na@b.c', '*Phone*\n+1', '*Owner*\nSam'].map((text) => ({
              type: 'mrkdwn',
              text,
            })),
          },
          { type: 'divider' },
          {
            type: 'section',
            text: { type: 'mrkdwn', text: 'Row' },
            accessory: { type: 'button', action_id: 'v', text: { type: 'plain_text', text: 'View' } },
          },
          { type: 'context', elements: [{ type: 'mrkdwn', text: 'foot' }] },
          {
            type: 'actions',
            elements: [{ type: 'button', action_id: 's', text: { type: 'plain_text', text: 'Share' } }],
          },
        ],
      },
      ctx(labels),
    );
    expect(lines).toEqual([
      'Ann Lee',
      `Email: a@b.c${' '.repeat(26)}  Phone: +1`,
      'Owner: Sam',
      '─'.repeat(48),
      'Row   [1] View',
      'foot',
      '[2] Share',
    ]);
    expect(labels).toEqual(['View', 'Share']);
  });

  it('shows the emoji the bot uses as characters, and leaves other colons alone', () => {
    expect(mrkdwn(':white_check_mark: Moved at 10:30: done :unknown_thing:', ctx())).toBe(
      '✅ Moved at 10:30: done :unknown_thing:',
    );
  });

  it('colours only when asked', () => {
    expect(mrkdwn('*b*', { ...ctx(), color: true })).toBe('\u001b[1mb\u001b[22m');
  });
});
