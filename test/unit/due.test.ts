import { describe, expect, it } from 'vitest';
import { parseDue } from '../../services/domain/writes/due.js';
import { splitDue } from '../../services/domain/writes/task.js';
import { UserInputError } from '../../services/lib/errors.js';

/** A task's due words, read in the requester's zone against a fixed "now". */
const at = (iso: string) => new Date(iso);
const due = (when: string, tz: string, now: string) => parseDue(when, tz, at(now)).iso;
const refused = (when: string, tz: string, now: string) => {
  try {
    parseDue(when, tz, at(now));
  } catch (err) {
    expect(err).toBeInstanceOf(UserInputError);
    return (err as Error).message;
  }
  throw new Error(`"${when}" was accepted`);
};

describe('due dates', () => {
  const LONDON = 'Europe/London';
  const THU_NOON = '2026-12-03T12:00:00Z'; // Thursday 12:00 in London

  it('reads the words in the requester’s zone, at 17:00 local when no time is given', () => {
    expect(due('friday', LONDON, THU_NOON)).toBe('2026-12-04T17:00:00.000Z');
    expect(due('tomorrow', 'America/New_York', THU_NOON)).toBe('2026-12-04T22:00:00.000Z');
    expect(due('in 3 days', LONDON, THU_NOON)).toBe('2026-12-06T17:00:00.000Z');
    expect(due('2026-12-24', LONDON, THU_NOON)).toBe('2026-12-24T17:00:00.000Z');
    expect(due('next monday 9am', LONDON, THU_NOON)).toBe('2026-12-07T09:00:00.000Z');
    expect(due('', LONDON, THU_NOON)).toBe('2026-12-04T17:00:00.000Z'); // nothing given: tomorrow
  });

  it('keeps the local hour across a daylight-saving change', () => {
    // Friday 27 March 2026, London on GMT; the clocks go forward on Sunday 29th.
    expect(due('monday', LONDON, '2026-03-27T12:00:00Z')).toBe('2026-03-30T16:00:00.000Z'); // 17:00 BST
  });

  it('"today" said after 17:00 is the end of today, not a time already gone', () => {
    expect(due('today', LONDON, '2026-12-03T23:30:00Z')).toBe('2026-12-03T23:59:00.000Z');
  });

  it('refuses what cannot be meant as a future due date, saying what to type', () => {
    expect(refused('today 5pm', 'America/New_York', '2026-12-04T02:00:00Z')).toMatch(/is in the past/); // 21:00 NY
    expect(refused('last friday', LONDON, THU_NOON)).toMatch(/in the future/);
    expect(refused('friday to monday', LONDON, THU_NOON)).toMatch(/can't read the due date/);
    expect(refused('friday or so', LONDON, THU_NOON)).toMatch(/can't read the due date/);
    expect(refused('12/11', LONDON, THU_NOON)).toMatch(/year-month-day/);
    expect(refused('in 900 years', LONDON, THU_NOON)).toMatch(/more than 5 years/);
    expect(refused('2020-01-02', LONDON, THU_NOON)).toMatch(/is in the past/);
    expect(refused('whenever', LONDON, THU_NOON)).toMatch(/can't read the due date/);
  });

  it('a time zone Slack gives that is not one falls back to UTC', () => {
    expect(parseDue('friday', 'Mars/Olympus_Mons', at(THU_NOON))).toEqual({
      iso: '2026-12-04T17:00:00.000Z',
      zone: 'UTC',
    });
  });
});

describe('a task’s title and its due words', () => {
  it('splits at the last " due " whose words read as a date', () => {
    expect(splitDue('Review due diligence pack due friday')).toEqual({
      title: 'Review due diligence pack',
      when: 'friday',
    });
    expect(splitDue('Send the quote due in 3 days')).toEqual({ title: 'Send the quote', when: 'in 3 days' });
  });
  it('keeps " due " in the title when no date follows', () => {
    expect(splitDue('Check invoice due date')).toEqual({ title: 'Check invoice due date', when: undefined });
    expect(splitDue('Review due diligence')).toEqual({ title: 'Review due diligence', when: undefined });
  });
  it('a date that looks meant but does not read is kept as due words, to be refused, not swallowed', () => {
    expect(splitDue('call due tomorrowish')).toEqual({ title: 'call', when: 'tomorrowish' });
  });
});
