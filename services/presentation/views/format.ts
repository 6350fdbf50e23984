import type { Contact } from '../../platform/smbcrm/schemas.js';

/**
 * Invisible and direction-changing characters: C0/C1 controls and Unicode format characters (bidi overrides such
 * as U+202E, zero-width spaces and joiners, the BOM). CRM data is typed by people outside the team; with these a
 * name like `Admin\u202Egnp.exe` reads as something else on a card. Newlines and tabs are handled apart, and the
 * zero-width joiner is kept: emoji sequences (👩‍💻) are built with it.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
const MAY_NEED_CLEANING = /[^\x20-\x7e]/;

/** Text as a person typed it, minus what hides or reorders it; line breaks become spaces unless kept. */
export function clean(s: string, options: { keepNewlines?: boolean } = {}): string {
  if (!MAY_NEED_CLEANING.test(s)) return s;
  const lines = options.keepNewlines ? s.replace(/\r\n?/g, '\n') : s.replace(/[\r\n\t]+/g, ' ');
  return lines.replace(INVISIBLE, (c) => (c === '\n' || c === '\u200d' ? c : c === '\t' ? ' ' : ''));
}

// Slack has no escape for its formatting characters (only &, < and > have entities), so a marker that could open
// or close formatting is replaced by a look-alike. A marker between two letters or digits cannot format
// (`first_last@example.com` stays as typed, so emails copied from a card still work).
const LOOKALIKE: Record<string, string> = { '*': '\u2217', _: '\u02cd', '~': '\u223c', '`': '\u02cb' };
const MARKER = /[*_~`]/g;
const WORD = /[\p{L}\p{N}]/u;

function neutraliseMarkers(s: string): string {
  return s.replace(MARKER, (m, at: number) =>
    WORD.test(s[at - 1] ?? '') && WORD.test(s[at + 1] ?? '') ? m : (LOOKALIKE[m] ?? m),
  );
}

/**
 * The one escaping path for data in mrkdwn (block text and a message's top-level `text`, which Slack parses as
 * mrkdwn for notifications): invisible characters removed, `&`, `<` and `>` as entities (so `<!channel>`,
 * `<@U1>` or `<https://evil|Claim>` stay text), and formatting markers neutralised. Views call it on every value
 * that did not come from the bot's own code; test/unit/hostile-views.test.ts walks every view to prove it.
 * https://docs.slack.dev/messaging/formatting-message-text#escaping
 */
export function esc(s: string, options: { keepNewlines?: boolean } = {}): string {
  const c = clean(s, options);
  const entities = /[&<>]/.test(c) ? c.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : c;
  const unmarked = /[*_~`]/.test(entities) ? neutraliseMarkers(entities) : entities;
  // A `>` that starts a line makes a block quote; a soft hyphen in front keeps it text (as jsx-slack does).
  return unmarked.includes('&gt;') ? unmarked.replace(/(^|\n)&gt;/g, '$1\u00ad&gt;') : unmarked;
}

/** A mention of a Slack user by id; anything that is not a user id is shown as text, never as markup. */
export const mention = (id: string) => (/^[UW][A-Z0-9]+$/.test(id) ? `<@${id}>` : esc(id));

/** Data in a `plain_text` object: Slack shows it literally (no mentions, links or formatting), so only cleaned. */
export const plain = (s: string, max: number) => truncate(clean(s), max);

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
 * A moment Slack renders in each reader's own time zone ("Tomorrow at 9:30 AM"); clients that cannot render it
 * show the UTC date and time, never a vague word.
 * https://docs.slack.dev/messaging/formatting-message-text#date-formatting
 */
export function slackDateTime(ms: number): string {
  const fallback = `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} at {time}|${fallback}>`;
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
