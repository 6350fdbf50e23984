import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageText } from '../../sim/slack/block-kit.js';
import { LINKED_USERS } from '../helpers/fixtures.js';
import { type Harness, startHarness } from '../helpers/harness.js';

/**
 * Workflow events that reach the record's owner: `to: owner` routes send a DM to the owner's Slack user (found
 * through the identity mapping: the SMBcrm user's email, users.lookupByEmail), fall back to the route's channel
 * when the owner is not linked, or drop the event when the route wants only linked owners; `digest` gathers them.
 */
const routes = join(mkdtempSync(join(tmpdir(), 'owner-routes-')), 'routes.yml');
writeFileSync(
  routes,
  `routes:
  - event: appointment_booked
    channel: C0FRONT
    to: owner
  - event: stage_changed
    channel: C0SALES
    to: owner
    filter: { owner_linked: true }
  - event: lead_touched
    channel: C0SALES
    to: owner
    digest: 15m
`,
);
const SECRET = 'owner-secret-0123456789abcdef';
const jordan = { contact_id: 'CtcSimJordan000001', contact_name: 'Jordan Lee' }; // owner Alex (Alice in Slack)
const chris = { contact_id: 'CtcSimChris0000006', contact_name: "Chris O'Neil" }; // owner: a user SMBcrm no longer has

describe('events that reach the owner', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      slack: {
        users: LINKED_USERS,
        channels: [
          { id: 'C0SALES', name: 'sales' },
          { id: 'C0FRONT', name: 'front-desk' },
        ],
      },
      env: {
        SMBCRM_WEBHOOK_SECRETS: SECRET,
        SMBCRM_WEBHOOK_ROUTES: routes,
        SMBCRM_WEBHOOK_CHANNEL_INTERVAL_MS: '10',
      },
    });
  });
  afterAll(() => h.close());

  const send = async (event: string, body: Record<string, unknown>) => {
    const from = h.logs.lines.length;
    const res = await h.webhook(body, { 'x-smbcrm-event': event, 'x-smbcrm-secret': SECRET });
    expect(res.status).toBe(202);
    return from;
  };
  // A DM is posted to the person's user id; Slack puts it in their DM with the app (its own D… id).
  const posts = (channel: string) => h.slack.messages.filter((m) => m.channel === channel && m.bot_id);

  it('a linked owner gets it as a DM', async () => {
    await send('appointment_booked', { ...jordan, date: '2026-12-10T15:00:00Z' });
    const dm = await h.slack.waitFor(() => posts(h.slack.dmOf('U0ALICE'))[0]);
    expect(messageText(dm)).toContain('Jordan Lee');
    expect(posts('C0FRONT')).toHaveLength(0);
  });

  it('an owner who is not linked: the route’s channel instead', async () => {
    await send('appointment_booked', { ...chris, date: '2026-12-10T16:00:00Z' });
    const post = await h.slack.waitFor(() => posts('C0FRONT')[0]);
    expect(messageText(post)).toContain('Chris O');
  });

  it('owner_linked: an event whose owner is not linked is not posted at all', async () => {
    const from = await send('stage_changed', { ...chris, stage: 'Closed' });
    await h.logs.waitFor(
      (l) => l.msg === 'not posted: its owner is not linked to a Slack user (owner_linked)',
      from,
    );
    expect(posts('C0SALES')).toHaveLength(0);
  });

  it('a digest: one DM per owner per period, listing the events', async () => {
    const before = posts(h.slack.dmOf('U0ALICE')).length;
    const from = h.logs.lines.length;
    for (const n of [1, 2, 3]) await send('lead_touched', { ...jordan, summary: `touch ${n}` });
    const added = () =>
      h.logs
        .parsed()
        .slice(from)
        .filter((l) => l.msg === "added to its owner's digest").length >= 3;
    await h.logs.waitFor(() => added(), from);
    const digests = h.bot.services.webhooks!.digests;
    // Nothing before the period is over …
    expect(await digests.flushDue(Date.now())).toBe(0);
    expect(posts(h.slack.dmOf('U0ALICE'))).toHaveLength(before);
    // … then one DM with all three, posted by one instance only.
    expect(await digests.flushDue(Date.now() + 16 * 60_000)).toBe(1);
    expect(await digests.flushDue(Date.now() + 16 * 60_000)).toBe(0);
    const digest = posts(h.slack.dmOf('U0ALICE')).at(-1)!;
    expect(messageText(digest)).toContain('3 SMBcrm updates for you');
    expect(posts(h.slack.dmOf('U0ALICE'))).toHaveLength(before + 1);
  });
});
