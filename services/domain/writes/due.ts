import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { UserInputError } from '../../lib/errors.js';

/**
 * A task's due date, read as the person meant it: in their Slack time zone (users.info `tz`). chrono-node reads
 * the words ("today", "tomorrow", "friday", "in 3 days", "2026-12-24", "next monday 9am") against the current
 * date in that zone; luxon then places the wall-clock time in the zone, so a date across a daylight-saving change
 * keeps its hour. No time given: 17:00 local. Nothing given: tomorrow at 17:00.
 */
export const DEFAULT_DUE_HOUR = 17;
const FALLBACK_ZONE = 'UTC';

export interface Due {
  /** ISO 8601 in UTC, as SMBcrm's `dueDate` takes it. */
  iso: string;
  /** The zone it was read in, to show it back in the person's terms. */
  zone: string;
}

function zoneOrUtc(zone: string | undefined): string {
  return zone && DateTime.local({ zone }).isValid ? zone : FALLBACK_ZONE;
}

export function parseDue(when: string | undefined, tz: string | undefined, now = new Date()): Due {
  const zone = zoneOrUtc(tz);
  const local = DateTime.fromJSDate(now, { zone });
  const text = (when ?? '').trim();
  if (text === '') {
    const at = local.plus({ days: 1 }).set({ hour: DEFAULT_DUE_HOUR, minute: 0, second: 0, millisecond: 0 });
    return { iso: at.toUTC().toISO() as string, zone };
  }
  const [hit] = chrono.parse(text, { instant: now, timezone: local.offset }, { forwardDate: true });
  // The whole text must be a date: "tomorrow-ish" or "friday or so" is not read as half of itself.
  if (hit?.index !== 0 || hit.text.length < text.replace(/[.!]+$/, '').length)
    throw new UserInputError(
      `I can't read the due date. Try \`due tomorrow\`, \`due friday\`, \`due in 3 days\` or \`due 2026-12-24\`.`,
    );
  const s = hit.start;
  const at = DateTime.fromObject(
    {
      year: s.get('year') ?? local.year,
      month: s.get('month') ?? local.month,
      day: s.get('day') ?? local.day,
      hour: s.isCertain('hour') ? (s.get('hour') ?? DEFAULT_DUE_HOUR) : DEFAULT_DUE_HOUR,
      minute: s.isCertain('hour') ? (s.get('minute') ?? 0) : 0,
    },
    { zone },
  );
  if (!at.isValid) throw new UserInputError('That due date is not on the calendar. Try `due 2026-12-24`.');
  if (at.startOf('day') < local.startOf('day'))
    throw new UserInputError(`${at.toFormat('d LLLL yyyy')} is in the past. Give a date from today on.`);
  return { iso: at.toUTC().toISO() as string, zone };
}
