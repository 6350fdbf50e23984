/**
 * The one scrubbing path for text that may hold secrets or personal data: log lines, and everything the bot
 * quotes from SMBcrm (error reasons) before it is shown, logged or stored. Tokens, emails and phone numbers are
 * replaced by a label; ISO dates and times, which look like digit runs, are kept.
 */
const TOKENS: [RegExp, string][] = [
  [/\bxox[abposre]-[A-Za-z0-9-]+/g, '[slack-token]'],
  [/\bxapp-[A-Za-z0-9-]+/g, '[slack-app-token]'],
  [/\bpit-[0-9a-f-]{8,}/gi, '[smbcrm-token]'],
  [/\bBearer\s+[^\s"',]+/gi, 'Bearer [redacted]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
];

// A run of digits with the separators people type in phone numbers. Dates (2026-01-02, 2026-01-02T10:00:00) are
// digit runs too; the replacer keeps them.
const PHONE_LIKE = /\+?\(?\d[\d\s().-]{5,}\d/g;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/;

// A digit run inside an identifier (a hex id, a UUID, `exec-20261202…`) is part of a word, not a phone number: a
// phone stands apart from letters and digits. Without this, ids in log lines were scrubbed and lost their use.
const PART_OF_WORD = /[A-Za-z0-9_]/;

function phones(text: string): string {
  return text.replace(PHONE_LIKE, (m: string, at: number) => {
    const digits = m.replace(/\D/g, '').length;
    if (digits < 7 || DATE_LIKE.test(m.trim())) return m;
    const before = text[at - 1] ?? '';
    const after = text[at + m.length] ?? '';
    const joined = (c: string, next: string) =>
      PART_OF_WORD.test(c) || (c === '-' && PART_OF_WORD.test(next));
    // A leading + or ( opens a phone number whatever stands before it.
    const opens = m[0] === '+' || m[0] === '(';
    if ((!opens && joined(before, text[at - 2] ?? '')) || joined(after, text[at + m.length + 1] ?? ''))
      return m;
    return '[phone]';
  });
}

/** Only text with an @, a digit or a token prefix can hold what is scrubbed; most text has none. */
const MAY_HOLD = /[@\d]|xox|xapp|pit-|bearer/i;

export function scrub(text: string): string {
  if (!MAY_HOLD.test(text)) return text;
  let out = text;
  for (const [pattern, replacement] of TOKENS) out = out.replace(pattern, replacement);
  return phones(out);
}

/**
 * A value with every string in it scrubbed, to `depth` levels of plain objects and arrays; the value itself when
 * nothing changed (so a log line with nothing to scrub is not copied). Log lines and audit events use it.
 */
export function scrubDeep<T>(value: T, depth = 3): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (depth <= 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = value.map((x) => scrubDeep(x, depth - 1));
    return (items.some((x, i) => x !== value[i]) ? items : value) as T;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const next = scrubDeep(v, depth - 1);
    if (next !== v) {
      out ??= { ...(value as Record<string, unknown>) };
      out[k] = next;
    }
  }
  return (out ?? value) as T;
}
