import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { UserInputError } from '../lib/errors.js';
import type { ContactFilter, ContactSearch } from '../smbcrm/client.js';

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

/** Removes control characters and Slack's link markup (`<mailto:a@b.c|a@b.c>`, `<tel:…|…>`). */
export function cleanText(text: string): string {
  // Most commands are plain printable ASCII, with nothing for the Unicode and link rules below to do.
  if (/^[\x20-\x3b\x3d-\x7e]*$/.test(text)) return text.replace(/ {2,}/g, ' ').trim();
  return text
    .replace(/<(?:mailto:|tel:)[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<(?:mailto:|tel:)([^>]*)>/g, '$1')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Decides whether the text is an email, a phone number or a name, and normalises it. */
export function parseLookupQuery(raw: string, defaultRegion: string): LookupQuery {
  const text = cleanText(raw);
  if (text === '') throw new UserInputError('Tell me what to look up: an email, a phone number or a name.');
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
