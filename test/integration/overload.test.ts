import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { MAX_REQUESTS_IN_FLIGHT: '2' } });
});
afterAll(() => h.close());

const driverCommand = (text: string, user = 'U0ALICE') =>
  h.driver.command({ user, channel: 'C0SALES', text });

describe('too much in flight', () => {
  it('a slash command is told to try again in its ack and starts nothing; the work in hand finishes', async () => {
    h.smbcrm.inject({ path: '/contacts/search', delayMs: 600, times: 2 });
    const callsBefore = h.smbcrm.exchanges.length;
    const postsBefore = h.slack.responsePosts.length;
    // Two slow lookups in flight: the most this instance takes on.
    const first = await driverCommand('lookup jordan.lee@example.com');
    const second = await driverCommand('lookup priya@patel-dental.test', 'U0BOB');
    expect([first.status, first.body, second.status, second.body]).toEqual([200, '', 200, '']);

    const third = await driverCommand('lookup jsmith@example.com');
    expect(third.status).toBe(200);
    expect(third.json).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(third.json)).toContain('Try again in a few seconds');

    await h.slack.waitFor(() => (h.slack.responsePosts.length >= postsBefore + 2 ? true : undefined));
    // Only the two accepted lookups reached SMBcrm, and both were answered.
    const searches = h.smbcrm.exchanges.slice(callsBefore).filter((e) => e.path === '/contacts/search');
    expect(searches).toHaveLength(2);
    expect(h.slack.responsePosts.slice(postsBefore)).toHaveLength(2);

    // With the work done, commands are taken again.
    const after = await h.command('lookup jsmith@example.com');
    expect(after.ack.status).toBe(200);
    expect(JSON.stringify(after.reply)).not.toContain('Try again in a few seconds');
    const shed = h.logs.parsed().filter((l) => l.msg === 'slack request' && l.outcome === 'shed');
    expect(shed).toHaveLength(1);
  });
});
