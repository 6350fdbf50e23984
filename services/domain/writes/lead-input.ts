import {
  type CountryCode,
  findNumbers,
  type NumberFound,
  parsePhoneNumberFromString,
} from 'libphonenumber-js';

/**
 * A lead as it arrives in Slack: `/smbcrm add <name> [email] [phone] [company]` (free order after the name) or any
 * message (a forwarded email, a note from the front desk). Emails and phone numbers are recognised wherever they
 * are: emails trimmed and lower-cased, phones read with libphonenumber-js in DEFAULT_PHONE_REGION and kept in
 * E.164. What is left of a command after the name is the company.
 */
export interface LeadDraft {
  firstName: string;
  lastName: string;
  emails: string[];
  phones: string[];
  companyName: string;
}

// The local part takes RFC 5322's atext (o'neil, a+b, first.last); the domain, letters, digits and hyphens.
const LOCAL = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+";
const DOMAIN = '[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}';
const EMAIL = new RegExp(`${LOCAL}@${DOMAIN}`, 'g');
export const isEmail = (s: string) => new RegExp(`^${LOCAL}@${DOMAIN}$`).test(s);

/** Every email and phone number in the text, in order, without repeats; and where each was found. */
function contactPoints(text: string, region: string) {
  const emails: { value: string; at: number; end: number }[] = [];
  for (const m of text.matchAll(EMAIL))
    emails.push({ value: m[0].toLowerCase(), at: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  // Digits inside an email address are not a phone number.
  const masked = text.replace(EMAIL, (m) => ' '.repeat(m.length));
  // POSSIBLE, not VALID: fictional numbers such as (555) 123-4567 are stored in CRMs all the time (as in lookups).
  const found = findNumbers(masked, {
    defaultCountry: region as CountryCode,
    leniency: 'POSSIBLE',
    v2: true,
  } as never) as unknown as NumberFound[];
  const phones = found.map((p) => ({ value: p.number.number as string, at: p.startsAt, end: p.endsAt }));
  return { emails, phones };
}

const uniq = (xs: string[]) => [...new Set(xs)];

/** Splits a person's name: the last word is the last name ("Jordan Lee", "Mary Ann Smith" → "Mary Ann" + "Smith"). */
export function splitName(name: string): { firstName: string; lastName: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { firstName: words[0] ?? '', lastName: '' };
  return { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1) as string };
}

/**
 * `/smbcrm add Jordan Lee jordan@lee.test +1 555 123 4567 Lee Landscaping`: the emails and phones wherever they
 * are; the rest is the name then the company, split at the first comma when there is one ("Mary Ann Smith, Smith
 * Dental"), else after the first two words. The modal shows the reading, to be corrected before anything is written.
 */
export function leadFromCommand(text: string, region: string): LeadDraft {
  const { emails, phones } = contactPoints(text, region);
  let rest = text;
  for (const p of [...emails, ...phones].sort((a, b) => b.at - a.at))
    rest = `${rest.slice(0, p.at)} , ${rest.slice(p.end)}`;
  const parts = rest
    .split(/[,;|]+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const commas = /[,;|]/.test(text.replace(EMAIL, ''));
  let name: string;
  let company: string;
  if (commas) {
    name = parts[0] ?? '';
    company = parts.slice(1).join(' ');
  } else {
    const words = parts.join(' ').split(' ').filter(Boolean);
    name = words.slice(0, 2).join(' ');
    company = words.slice(2).join(' ');
  }
  return {
    ...splitName(name),
    emails: uniq(emails.map((e) => e.value)),
    phones: uniq(phones.map((p) => p.value)),
    companyName: company,
  };
}

/**
 * A message: its emails and phones; a name only when the words before the first of them read like one (two to four
 * words, after a "New lead:" or "From:" label), else left for the person to type.
 */
export function leadFromMessage(text: string, region: string): LeadDraft {
  const { emails, phones } = contactPoints(text, region);
  const firstPoint = Math.min(
    emails[0]?.at ?? Number.POSITIVE_INFINITY,
    phones[0]?.at ?? Number.POSITIVE_INFINITY,
  );
  const head =
    (Number.isFinite(firstPoint) ? text.slice(0, firstPoint) : (text.split('\n')[0] ?? ''))
      .split('\n')
      .at(-1)
      ?.replace(/^\s*(new\s+lead|lead|from|contact|name)\s*[:-]\s*/i, '')
      .replace(/[,;:(<|-]+\s*$/g, '')
      .trim() ?? '';
  // Two to four capitalised words: "Grace Hopper", "María José García", not "call me on".
  const looksLikeName = /^\p{Lu}[\p{L}'.-]*(\s+\p{Lu}[\p{L}'.-]*){1,3}$/u.test(head);
  return {
    ...(looksLikeName ? splitName(head) : { firstName: '', lastName: '' }),
    emails: uniq(emails.map((e) => e.value)),
    phones: uniq(phones.map((p) => p.value)),
    companyName: '',
  };
}

/** A phone number as typed, in E.164, or undefined when it cannot be one in the region. */
export function phoneE164(typed: string, region: string): string | undefined {
  const p = parsePhoneNumberFromString(typed, region as CountryCode);
  return p?.isPossible() ? (p.number as string) : undefined;
}
