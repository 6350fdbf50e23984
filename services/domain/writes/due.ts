import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { UserInputError } from '../../lib/errors.js';

/**
 * A task's due date, read as the person meant it: in their Slack time zone (users.info `tz`). chrono-node reads
 * the words ("today", "tomorrow", "friday", "in 3 days", "2026-12-24", "next monday 9am") against the current
 * date in that zone; luxon then places the wall-clock time in the zone, so a date across a daylight-saving change
 * keeps its hour. No time given: 17:00 local (or the end of today, when "today" is already past 17:00). Nothing
 * given: tomorrow at 17:00. What cannot be meant as a future due date is refused with what to type instead.
 */
export const DEFAULT_DUE_HOUR = 17;
const FALLBACK_ZONE = 'UTC';
const MAX_YEARS_AHEAD = 5;
const EXAMPLES =
  'Try `due tomorrow`, `due friday`, `due in 3 days`, `due next monday 9am` or `due 2026-12-24`.';

export interface Due {
  /** ISO 8601 in UTC, as SMBcrm's `dueDate` takes it. */
  iso: string;
  /** The zone it was read in, to show it back in the person's terms. */
  zone: string;
}

function zoneOrUtc(zone: string | undefined): string {
  return zone && DateTime.local({ zone }).isValid ? zone : FALLBACK_ZONE;
}

/** The one reading of `text` as a single future date, or undefined when it is not one. */
function read(text: string, local: DateTime, now: Date) {
  const [hit, ...more] = chrono.parse(text, { instant: now, timezone: local.offset }, { forwardDate: true });
  // The whole text, one date, not a range: "friday or so", "friday to monday" are not read as half of themselves.
  if (
    !hit ||
    more.length > 0 ||
    hit.end ||
    hit.index !== 0 ||
    hit.text.length < text.replace(/[.!]+$/, '').length
  )
    return undefined;
  return hit.start;
}

/** Is `text`, after " due ", a due date? (So "review due diligence" keeps its title whole.) */
export const readsAsDue = (text: string, tz?: string, now = new Date()) => {
  const local = DateTime.fromJSDate(now, { zone: zoneOrUtc(tz) });
  return read(text.trim(), local, now) !== undefined;
};

export function parseDue(when: string | undefined, tz: string | undefined, now = new Date()): Due {
  const zone = zoneOrUtc(tz);
  const local = DateTime.fromJSDate(now, { zone });
  const text = (when ?? '').trim();
  if (text === '') {
    const at = local.plus({ days: 1 }).set({ hour: DEFAULT_DUE_HOUR, minute: 0, second: 0, millisecond: 0 });
    return { iso: at.toUTC().toISO() as string, zone };
  }
  // Words that look back, and dates whose day and month are read differently in different countries.
  if (/\b(last|ago|yesterday|previous)\b/i.test(text))
    throw new UserInputError(`A due date is in the future. ${EXAMPLES}`);
  if (/\b\d{1,2}[/.]\d{1,2}([/.]\d{2,4})?\b/.test(text))
    throw new UserInputError(
      `Write the date as year-month-day (2026-12-24): 12/11 is a different day in different countries.`,
    );
  const s = read(text, local, now);
  if (!s) throw new UserInputError(`I can't read the due date. ${EXAMPLES}`);
  const timed = s.isCertain('hour');
  let at = DateTime.fromObject(
    {
      year: s.get('year') ?? local.year,
      month: s.get('month') ?? local.month,
      day: s.get('day') ?? local.day,
      hour: timed ? (s.get('hour') ?? DEFAULT_DUE_HOUR) : DEFAULT_DUE_HOUR,
      minute: timed ? (s.get('minute') ?? 0) : 0,
    },
    { zone },
  );
  if (!at.isValid) throw new UserInputError('That due date is not on the calendar. Try `due 2026-12-24`.');
  // "today" with no time, said after 17:00: the end of today, not a time already gone.
  if (!timed && at < local && at.hasSame(local, 'day'))
    at = local.endOf('day').set({ second: 0, millisecond: 0 });
  if (at < local)
    throw new UserInputError(`${at.toFormat('d LLLL yyyy, HH:mm')} (${zone}) is in the past. ${EXAMPLES}`);
  if (at > local.plus({ years: MAX_YEARS_AHEAD }))
    throw new UserInputError(`That is more than ${MAX_YEARS_AHEAD} years away. ${EXAMPLES}`);
  return { iso: at.toUTC().toISO() as string, zone };
}
