import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { cleanText } from '../../lib/clean-text.js';
import { UserInputError } from '../../lib/errors.js';
import { fold, trigrams } from '../../lib/fold.js';

export { cleanText };

import type { ContactFilter, ContactSearch } from '../../platform/smbcrm/client.js';

/** What a person asked to look up, normalised the way SMBcrm stores it. */
export type LookupQuery =
  | { kind: 'email'; email: string }
  | { kind: 'phone'; e164: string }
  | { kind: 'name'; text: string };

/** SMBcrm's limit for `query` and for filter string values (reference §4.1). */
export const MAX_SEARCH_TEXT = 75;
export const PAGE_SIZE = 10;

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;
const PHONE_CHARS = /^\+?[\d\s().-]+$/;
/** Word characters `contains` filters accept: the doc forbids "special characters" there. */
const PLAIN_WORD = /^[\p{L}\p{N}'’.-]+$/u;

/** Decides whether the text is an email, a phone number or a name, and normalises it. */
export function parseLookupQuery(raw: string, defaultRegion: string): LookupQuery {
  const text = cleanText(raw);
  if (text === '')
    throw new UserInputError(
      'Tell me what to look up: `/smbcrm lookup <email | phone | name>`, e.g. `/smbcrm lookup jordan lee`.',
    );
  if (text.includes('@')) {
    const email = text.toLowerCase();
    if (!EMAIL.test(email) || email.length > 254) {
      throw new UserInputError(
        `That does not look like an email address. Try \`/smbcrm lookup name@example.com\`.`,
      );
    }
    return { kind: 'email', email };
  }
  const digits = text.replace(/\D/g, '');
  if (PHONE_CHARS.test(text) && digits.length >= 7) {
    // isPossible, not isValid: fictional numbers such as (555) 123-4567 are stored in CRMs all the time.
    const phone = parsePhoneNumberFromString(text, defaultRegion as CountryCode);
    if (!phone?.isPossible()) {
      throw new UserInputError(
        `That looks like a phone number but I cannot read it for region ${defaultRegion}. Include the country code, e.g. \`+44 20 7123 4567\`.`,
      );
    }
    return { kind: 'phone', e164: phone.number };
  }
  if (text.length > MAX_SEARCH_TEXT) {
    throw new UserInputError(
      `That search is too long (${text.length} characters); SMBcrm searches at most ${MAX_SEARCH_TEXT}.`,
    );
  }
  return { kind: 'name', text };
}

/**
 * The second search for a name that found nobody as typed: SMBcrm's `contains` is exact about accents and
 * punctuation ("chloe" finds no "chloé"), so this asks for contacts whose names hold three-letter pieces of the
 * folded words, and `foldedMatch` keeps those whose folded name holds every word. One more SMBcrm call, only when
 * the first found nobody.
 */
export function foldedSearchFor(q: LookupQuery & { kind: 'name' }): ContactSearch | undefined {
  const words = fold(q.text).split(' ').filter(Boolean);
  if (words.length === 0) return undefined;
  const pieces = [...new Set(words.flatMap((w) => trigrams(w, 4)))].slice(0, 8);
  return {
    pageLimit: 100,
    sort: [
      { field: 'firstNameLowerCase', direction: 'asc' },
      { field: 'lastNameLowerCase', direction: 'asc' },
    ],
    filters: [
      {
        group: 'OR',
        filters: pieces.flatMap((p): ContactFilter[] => [
          { field: 'firstNameLowerCase', operator: 'contains', value: p },
          { field: 'lastNameLowerCase', operator: 'contains', value: p },
          { field: 'companyName', operator: 'contains', value: p },
        ]),
      },
    ],
  };
}

/** Does a contact's name or company, folded, hold every folded word of the query? */
export function foldedMatch(
  q: LookupQuery & { kind: 'name' },
  c: {
    firstName?: string | null;
    lastName?: string | null;
    name?: string | null;
    companyName?: string | null;
    firstNameLowerCase?: string | null;
    lastNameLowerCase?: string | null;
  },
): boolean {
  const words = fold(q.text).split(' ').filter(Boolean);
  const person = fold(
    [c.name, c.firstName ?? c.firstNameLowerCase, c.lastName ?? c.lastNameLowerCase]
      .filter(Boolean)
      .join(' '),
  ).replace(/ /g, '');
  const company = fold(c.companyName ?? '');
  return words.every((w) => person.includes(w)) || (company !== '' && company.includes(words.join(' ')));
}

/**
 * The POST /contacts/search body for a query. Names use the `*LowerCase` fields (the only name fields search can
 * filter on) and the company name; text with characters `contains` does not accept goes to `query` instead.
 */
export function contactSearchFor(q: LookupQuery): ContactSearch {
  const base = { pageLimit: PAGE_SIZE };
  switch (q.kind) {
    case 'email':
      return { ...base, filters: [{ field: 'email', operator: 'eq', value: q.email }] };
    case 'phone':
      return { ...base, filters: [{ field: 'phone', operator: 'eq', value: q.e164 }] };
    case 'name': {
      const lower = q.text.toLowerCase();
      const words = lower.split(' ');
      if (!words.every((w) => PLAIN_WORD.test(w))) return { ...base, query: q.text };
      const nameMatch = (w: string): ContactFilter => ({
        group: 'OR',
        filters: [
          { field: 'firstNameLowerCase', operator: 'contains', value: w },
          { field: 'lastNameLowerCase', operator: 'contains', value: w },
        ],
      });
      return {
        ...base,
        sort: [
          { field: 'firstNameLowerCase', direction: 'asc' },
          { field: 'lastNameLowerCase', direction: 'asc' },
        ],
        filters: [
          {
            group: 'OR',
            filters: [
              { group: 'AND', filters: words.map(nameMatch) },
              { field: 'companyName', operator: 'contains', value: lower },
            ],
          },
        ],
      };
    }
  }
}
