import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOKEN } from '../../sim/smbcrm/seed.js';
import { type Harness, SLACK_BOT_TOKEN, startHarness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(); // LOG_LEVEL=debug: the most the bot ever logs
  await h.command('lookup Jordan.Lee@example.com');
  await h.command('lookup (555) 123-4567');
  await h.command('lookup +44 20 7123 4567');
  await h.command('lookup jordan');
  h.smbcrm.inject({
    path: '/contacts/search',
    status: 401,
    body: { statusCode: 401, message: `Invalid token ${TEST_TOKEN}` },
  });
  await h.command('lookup priya@patel-dental.test');
  await h.command('lookup bad@');
  await h.command('Jordan.Lee@example.com'); // the subcommand forgotten: the first word is the email
  // Channel chatter: acknowledged, and nothing for the bot to do.
  await h.driver.say({ user: 'U0BOB', channel: 'C0SALES', text: 'Lunch is here, call me on 555 123 4567' });
});
afterAll(() => h.close());

describe('logs', () => {
  it('never contain tokens, the signing secret, emails or phone numbers', () => {
    const all = h.logs.lines.join('\n');
    expect(h.logs.lines.length).toBeGreaterThan(10);
    for (const secret of [
      TEST_TOKEN,
      SLACK_BOT_TOKEN,
      h.signingSecret,
      'jordan.lee@example.com',
      'Jordan.Lee@example.com',
      'priya@patel-dental.test',
      '+15551234567',
      '5551234567',
      '(555) 123-4567',
      '+442071234567',
      '20 7123 4567',
    ]) {
      expect(all, `found ${secret}`).not.toContain(secret);
    }
  });

  it('hold one JSON line per Slack request, with latency and outcome', () => {
    const requests = h.logs.parsed().filter((l) => l.msg === 'slack request' && l.kind === 'command');
    expect(requests).toHaveLength(7);
    for (const r of requests) {
      expect(r).toMatchObject({ kind: 'command', user: 'U0ALICE' });
      expect(typeof r.ms).toBe('number');
    }
    expect(requests.map((r) => r.name)).toEqual([...Array(6).fill('/smbcrm lookup'), '/smbcrm other']);
    expect(requests.map((r) => r.outcome)).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'error:unauthorized',
      'bad-input',
      'ok',
    ]);
  });

  it('hold the line of an event the bot ignored at debug level, not info', async () => {
    const line = await h.slack.waitFor(
      () => h.logs.parsed().find((l) => l.msg === 'slack request' && l.kind === 'event'),
      2_000,
    );
    expect(line).toMatchObject({ level: 20, name: 'message', user: 'U0BOB', outcome: 'ignored' });
  });

  it('record the SMBcrm failure for the operator, without the token SMBcrm echoed', () => {
    const failure = h.logs.parsed().find((l) => l.msg === 'request failed');
    expect(failure?.level).toBe(50); // error: an operator must act
    expect(JSON.stringify(failure)).toContain('[smbcrm-token]');
  });
});
