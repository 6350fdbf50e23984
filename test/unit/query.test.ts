import { describe, expect, it } from 'vitest';
import { cleanText, contactSearchFor, parseLookupQuery } from '../../services/domain/lookup/query.js';
import { UserInputError } from '../../services/lib/errors.js';
import { parseCommand } from '../../services/presentation/commands/parse.js';

describe('parseLookupQuery', () => {
  it.each([
    ['  Jane.Doe@Example.COM ', { kind: 'email', email: 'jane.doe@example.com' }],
    ['<mailto:jane@example.com|jane@example.com>', { kind: 'email', email: 'jane@example.com' }],
    ['(555) 123-4567', { kind: 'phone', e164: '+15551234567' }],
    ['555.123.4567', { kind: 'phone', e164: '+15551234567' }],
    ['+44 20 7123 4567', { kind: 'phone', e164: '+442071234567' }],
    ['<tel:+15551234567|+1 555 123 4567>', { kind: 'phone', e164: '+15551234567' }],
    ['jordan lee', { kind: 'name', text: 'jordan lee' }],
    ['Acme   Dental\t', { kind: 'name', text: 'Acme Dental' }],
    ['3M', { kind: 'name', text: '3M' }],
  ])('%j → %j', (input, expected) => {
    expect(parseLookupQuery(input, 'US')).toEqual(expected);
  });

  it('reads national numbers with the configured default region', () => {
    expect(parseLookupQuery('020 7123 4567', 'GB')).toEqual({ kind: 'phone', e164: '+442071234567' });
  });

  it.each([
    ['', 'Tell me what to look up'],
    ['   \u0000 ', 'Tell me what to look up'],
    ['jane@', 'does not look like an email'],
    ['a b@c.d', 'does not look like an email'],
    ['123456789012345678', 'looks like a phone number'],
    ['x'.repeat(76), 'too long'],
  ])('%j is refused with a friendly message', (input, message) => {
    expect(() => parseLookupQuery(input, 'US')).toThrow(UserInputError);
    expect(() => parseLookupQuery(input, 'US')).toThrow(message);
  });

  it('strips control and format characters', () => {
    expect(cleanText('jo\u0000rdan\u200b\u202e lee\n')).toBe('jo rdan lee');
  });
});

describe('contactSearchFor', () => {
  it('matches an email exactly', () => {
    expect(contactSearchFor({ kind: 'email', email: 'a@b.co' })).toEqual({
      pageLimit: 10,
      filters: [{ field: 'email', operator: 'eq', value: 'a@b.co' }],
    });
  });

  it('matches every word of a name against first or last name, or the company name', () => {
    const search = contactSearchFor({ kind: 'name', text: 'Jordan Lee' });
    expect(search.query).toBeUndefined();
    expect(search.filters).toEqual([
      {
        group: 'OR',
        filters: [
          {
            group: 'AND',
            filters: ['jordan', 'lee'].map((w) => ({
              group: 'OR',
              filters: [
                { field: 'firstNameLowerCase', operator: 'contains', value: w },
                { field: 'lastNameLowerCase', operator: 'contains', value: w },
              ],
            })),
          },
          { field: 'companyName', operator: 'contains', value: 'jordan lee' },
        ],
      },
    ]);
  });

  it('sends text with special characters as free-text `query`, which contains filters do not accept', () => {
    expect(contactSearchFor({ kind: 'name', text: 'Smith & Sons' })).toEqual({
      pageLimit: 10,
      query: 'Smith & Sons',
    });
  });

  it("keeps apostrophes and accents in name filters (O'Neil, García)", () => {
    expect(JSON.stringify(contactSearchFor({ kind: 'name', text: "O'Neil García" }).filters)).toContain(
      'garcía',
    );
  });
});

describe('parseCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['lookup', { kind: 'lookup', text: '' }],
    ['lookup  jordan   lee', { kind: 'lookup', text: 'jordan lee' }],
    ['find x@y.z', { kind: 'lookup', text: 'x@y.z' }],
    ['dance now', { kind: 'unknown', word: 'dance' }],
  ])('%j → %j', (input, expected) => {
    expect(parseCommand(input)).toEqual(expected);
  });
});
