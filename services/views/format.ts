import type { Contact } from '../smbcrm/schemas.js';

/**
 * Escapes text for mrkdwn. Without it a contact named `<!channel>` would ping a whole channel.
 * https://docs.slack.dev/messaging/formatting-message-text#escaping
 */
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

const titleCase = (s: string) =>
  s.replace(/(^|[\s'-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());

/**
 * A contact's display name: `name`, then `contactName`, then first + last, then the lower-cased index fields
 * (search hits may carry only those, reference §4.1), then email or phone.
 */
export function displayName(c: Contact): string {
  const joined = [c.firstName, c.lastName].filter(Boolean).join(' ').trim();
  const lowered = [c.firstNameLowerCase, c.lastNameLowerCase].filter(Boolean).join(' ').trim();
  return (
    c.name?.trim() ||
    c.contactName?.trim() ||
    joined ||
    (lowered ? titleCase(lowered) : '') ||
    c.email ||
    c.phone ||
    'Unnamed contact'
  );
}

// Building an Intl.NumberFormat costs far more than formatting with one (it was the costliest step of a card).
const formats = new Map<string, Intl.NumberFormat | null>();

function currencyFormat(locale: string, currency: string): Intl.NumberFormat | null {
  const key = `${locale}|${currency}`;
  let format = formats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      format = null; // not a currency code Intl knows
    }
    // Bounded: the currency comes from config, so there is one key per instance in practice.
    if (formats.size < 100) formats.set(key, format);
  }
  return format;
}

export function money(value: number | null, currency: string, locale = 'en-US'): string {
  if (value === null) return 'no value';
  return currencyFormat(locale, currency)?.format(value) ?? `${value.toFixed(2)} ${currency}`;
}

/**
 * A date Slack renders in each reader's own time zone, with a plain fallback.
 * https://docs.slack.dev/messaging/formatting-message-text#date-formatting
 */
export function slackDate(iso: string | null | undefined): string {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) return 'unknown';
  return `<!date^${Math.floor(ms / 1000)}^{date_short}|${new Date(ms).toISOString().slice(0, 10)}>`;
}
