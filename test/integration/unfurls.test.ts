import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageText } from '../../sim/slack/block-kit.js';
import { OTHER_LOCATION_ID, TEST_LOCATION_ID } from '../../sim/smbcrm/seed.js';
import { LINKED_USERS } from '../helpers/fixtures.js';
import { type Harness, startHarness } from '../helpers/harness.js';

/**
 * Links to SMBcrm records unfurl into a compact card, over HTTP against the simulators: link_shared → chat.unfurl.
 * Privacy: never an email or a phone; in a channel shared with another organisation (or in the composer), the
 * name and the link only; another sub-account's record, or one that does not exist, is not unfurled.
 */
const APP = 'https://app.smbcrm.com/v2/location';
const JORDAN_URL = `${APP}/${TEST_LOCATION_ID}/contacts/detail/CtcSimJordan000001`;
const WEB_URL = `${APP}/${TEST_LOCATION_ID}/opportunities/list?opportunityId=OppSimJordanWeb001`;

describe('SMBcrm links unfurl', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      slack: {
        users: LINKED_USERS,
        channels: [
          { id: 'C0SALES', name: 'sales' },
          { id: 'C0PARTNER', name: 'partner', extShared: true },
        ],
      },
    });
  });
  afterAll(() => h.close());

  /** Alice posts the links; resolves with what the bot unfurled (if anything) once it is done with the event. */
  async function share(urls: string[], channel = 'C0SALES', source?: 'composer') {
    const { message } = await h.driver.say({ user: 'U0ALICE', channel, text: urls.join(' '), deliverAs: [] });
    const before = h.slack.unfurls.length;
    const from = h.logs.lines.length;
    await h.driver.linkShared({
      user: 'U0ALICE',
      channel,
      messageTs: message.ts,
      urls,
      ...(source ? { source } : {}),
    });
    await h.requestsDone(1, from, 'event');
    return { message, unfurl: h.slack.unfurls[before] };
  }

  it('a contact: name, company, owner and open deals with stage and value; never an email or a phone', async () => {
    const { message, unfurl } = await share([JORDAN_URL]);
    expect(unfurl).toMatchObject({ channel: 'C0SALES', ts: message.ts });
    const card = unfurl!.unfurls[JORDAN_URL]!;
    const t = messageText(card);
    for (const s of [
      '*Jordan Lee* · Lee Landscaping',
      'Owner: Alex Rivera',
      'Website redesign',
      '$4,200.50',
      'Qualified',
    ])
      expect(t).toContain(s);
    const all = JSON.stringify(card);
    for (const secret of ['jordan.lee@example.com', '+15551234567', '555']) expect(all).not.toContain(secret);
  });

  it('an opportunity: its pipeline, stage, value, contact and owner', async () => {
    const { unfurl } = await share([WEB_URL]);
    const t = messageText(unfurl!.unfurls[WEB_URL]!);
    expect(t).toContain('*Website redesign* · $4,200.50');
    expect(t).toContain('Sales › Qualified');
    expect(t).toContain('Contact: Jordan Lee · Owner: Alex Rivera');
  });

  it('in a channel shared with another organisation, and in the composer: the name and the link only', async () => {
    for (const { unfurl } of [
      await share([JORDAN_URL], 'C0PARTNER'),
      await share([JORDAN_URL], 'C0SALES', 'composer'),
    ]) {
      const t = messageText(unfurl!.unfurls[JORDAN_URL]!);
      expect(t).toContain('*Jordan Lee*');
      expect(t).not.toContain('Lee Landscaping');
      expect(t).not.toContain('Owner');
    }
    expect(h.slack.unfurls.at(-1)).toMatchObject({ source: 'composer' });
  });

  it('another sub-account’s record, a record that does not exist, another host: not unfurled', async () => {
    const { unfurl } = await share([
      `${APP}/${OTHER_LOCATION_ID}/contacts/detail/CtcSimOtherLee0008`,
      `${APP}/${TEST_LOCATION_ID}/contacts/detail/CtcSimDoesNotExist9`,
      'https://evil.example/v2/location/x/contacts/detail/CtcSimJordan000001',
    ]);
    expect(unfurl).toBeUndefined();
  });
});
