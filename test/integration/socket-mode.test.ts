import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageText } from '../../sim/slack/block-kit.js';
import { buttonsOf, type Harness, startHarness } from '../helpers/harness.js';

/**
 * Socket Mode, end to end: the real bot opens its connection through apps.connections.open (with the app-level
 * token) to the Slack simulator's WebSocket, gets `hello`, and receives commands, clicks and events as envelopes,
 * each acknowledged by envelope id. Health and readiness are served on PORT in this mode too.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ socketMode: true });
});
afterAll(() => h.close());

describe('Socket Mode', () => {
  it('connects with the app-level token, through the configured Web API', async () => {
    const open = h.slack.calls.find((c) => c.method === 'apps.connections.open');
    expect(open?.ok).toBe(true);
    expect(h.slack.socket.connectionsOpened).toBe(1);
  });

  it('serves /healthz and /readyz on PORT', async () => {
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
  });

  it('a lookup: the command arrives as an envelope, is acked, and answered through its response_url', async () => {
    const { ack, reply } = await h.command('lookup jordan.lee@example.com');
    expect(ack.status).toBe(200);
    expect(messageText(reply?.body ?? {})).toContain('Website redesign');
  });

  it('help is answered in the ack’s payload', async () => {
    const { ack } = await h.command('help');
    expect(messageText(ack.json ?? {})).toContain('SMBcrm in Slack');
  });

  it('an agent thread: a mention and a reply continue one execution', async () => {
    const { message } = await h.driver.say({
      user: 'U0ALICE',
      channel: 'C0SALES',
      text: `<@${h.slack.botUserId}> tell me about Jordan Lee`,
    });
    await h.answers('C0SALES', message.ts);
    await h.driver.say({ user: 'U0ALICE', channel: 'C0SALES', threadTs: message.ts, text: 'and his deals?' });
    await h.answers('C0SALES', message.ts, 2);
    const executes = h.smbcrm.exchanges.filter((e) => e.path.endsWith('/execute'));
    const first = (executes[0]?.response as { executionId: string } | undefined)?.executionId;
    expect(executes[1]?.body).toMatchObject({ executionId: first });
  });

  it('an approval: the card, a click from someone else, one write', async () => {
    const before = h.slack.messages.filter((m) => m.channel === 'C0SALES' && !m.visibleTo).length;
    await h.command('move Website redesign to Proposal Sent');
    const card = h.slack.messages.filter((m) => m.channel === 'C0SALES' && !m.visibleTo)[before];
    expect(buttonsOf(card!).map((b) => b.element.action_id)).toEqual(['approval_approve', 'approval_reject']);
    await h.click('U0BOB', card!, 'approval_approve');
    expect(messageText(card!)).toContain('Moved *Website redesign*');
    expect(h.smbcrm.exchanges.filter((e) => e.method === 'PUT')).toHaveLength(1);
  });

  it('survives Slack’s disconnect: it reconnects through apps.connections.open and keeps answering', async () => {
    h.slack.socket.disconnect('refresh_requested');
    await h.slack.socket.waitForConnections(2);
    expect(h.slack.calls.filter((c) => c.method === 'apps.connections.open' && c.ok)).toHaveLength(2);
    const { reply } = await h.command('lookup priya@patel-dental.test');
    expect(messageText(reply?.body ?? {})).toContain('Priya Patel');
  });
});
