import { describe, expect, it } from 'vitest';
import type { ContactCardData } from '../../services/domain/lookup/service.js';
import type { Contact } from '../../services/platform/smbcrm/schemas.js';
import { contactCard, MAX_OPPORTUNITIES_SHOWN } from '../../services/presentation/views/contact-card.js';
import { contactList } from '../../services/presentation/views/contact-list.js';
import { displayName, esc, money } from '../../services/presentation/views/format.js';
import { helpMessage } from '../../services/presentation/views/help.js';
import { noMatch } from '../../services/presentation/views/messages.js';
import { checkMessage, messageText } from '../../sim/slack/block-kit.js';

const contact = (c: Partial<Contact> = {}): Contact => ({ id: 'C1', locationId: 'L1', ...c }) as Contact;
const card = (c: Partial<ContactCardData> = {}): ContactCardData => ({
  contact: contact({ firstName: 'Ann', lastName: 'Lee', email: 'ann@x.test', tags: ['a'] }),
  ownerName: 'Sam',
  opportunities: [],
  ...c,
});
const opp = (i: number) => ({
  id: `O${i}`,
  name: `Deal ${i}`,
  value: 1000 + i,
  pipelineId: 'P',
  pipelineName: 'Sales',
  stageId: 'S',
  stageName: 'Qualified',
});

describe('contact card', () => {
  it('is valid Block Kit with a Share button when private', () => {
    const msg = contactCard(card({ opportunities: [opp(1)] }), { currency: 'USD', shareable: true });
    expect(checkMessage(msg).problems).toEqual([]);
    expect(messageText(msg)).toContain('*Deal 1* · $1,001.00\nSales › Qualified');
    expect(JSON.stringify(msg.blocks)).toContain('"action_id":"contact_share"');
  });

  it('has no buttons when shared, and names who shared it', () => {
    const msg = contactCard(card(), { currency: 'USD', shareable: false, sharedBy: 'U1' });
    expect(JSON.stringify(msg.blocks)).not.toContain('"button"');
    expect(messageText(msg)).toContain('shared by <@U1>');
  });

  it('stays within Block Kit limits with 200 long-named opportunities and huge fields', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({
      ...opp(i),
      name: 'N'.repeat(5000),
      stageName: 'S'.repeat(5000),
    }));
    const msg = contactCard(
      card({
        contact: contact({
          firstName: 'F'.repeat(500),
          companyName: 'C'.repeat(5000),
          tags: Array(500).fill('tag'),
        }),
        opportunities: many,
      }),
      { currency: 'USD', shareable: true },
    );
    expect(checkMessage(msg)).toEqual({ error: undefined, problems: [] });
    expect(messageText(msg)).toContain(`…and ${200 - MAX_OPPORTUNITIES_SHOWN} more open opportunities`);
  });

  it('escapes Slack markup in contact data', () => {
    const msg = contactCard(
      card({ contact: contact({ firstName: '<!channel>', companyName: '<@U1> & co' }) }),
      {
        currency: 'USD',
        shareable: true,
      },
    );
    const t = messageText(msg);
    expect(t).toContain('&lt;@U1&gt; &amp; co');
    expect(t).not.toContain('<@U1>');
  });

  it('says "Unassigned" and "No open opportunities" when there are none', () => {
    const t = messageText(contactCard(card({ ownerName: undefined }), { currency: 'USD', shareable: true }));
    expect(t).toContain('Unassigned');
    expect(t).toContain('No open opportunities');
  });
});

describe('contact list', () => {
  it('lists up to 10 with one View button each, and says when there are more', () => {
    const contacts = Array.from({ length: 10 }, (_, i) => contact({ id: `C${i}`, firstName: `Ann${i}` }));
    const msg = contactList(contacts, 37, 'ann');
    expect(checkMessage(msg).problems).toEqual([]);
    expect(messageText(msg)).toContain('*37 contacts match* “ann”. Showing the first 10');
    expect(JSON.stringify(msg.blocks).match(/contact_view/g)).toHaveLength(10);
  });
});

describe('format', () => {
  it('builds display names from whatever the record has', () => {
    expect(displayName(contact({ name: 'Full Name', firstName: 'x' }))).toBe('Full Name');
    expect(displayName(contact({ firstName: 'Ann', lastName: 'Lee' }))).toBe('Ann Lee');
    expect(displayName(contact({ firstNameLowerCase: 'mary-jo', lastNameLowerCase: "o'neil" }))).toBe(
      "Mary-Jo O'Neil",
    );
    expect(displayName(contact({ email: 'only@mail.test' }))).toBe('only@mail.test');
    expect(displayName(contact())).toBe('Unnamed contact');
  });

  it('formats money in the configured currency', () => {
    expect(money(1234.5, 'USD')).toBe('$1,234.50');
    expect(money(99, 'EUR')).toBe('€99.00');
    expect(money(null, 'USD')).toBe('no value');
  });

  it('escapes &, < and >', () => {
    expect(esc('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
  });
});

describe('other messages', () => {
  it('help and no-match are valid Block Kit', () => {
    expect(checkMessage(helpMessage()).problems).toEqual([]);
    expect(checkMessage(noMatch({ kind: 'name', text: 'x'.repeat(75) })).problems).toEqual([]);
  });
});
