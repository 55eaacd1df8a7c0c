// The official working-day calendar for complaint deadlines: holidays and adjusted working days
// (调休) as the State Council publishes them, from chinese-days; days are the branch's local
// calendar days, never the machine's. Pure: no I/O.
import chineseDays from 'chinese-days';
import { businessDayOf } from '../queue/rules/businessDay.js';
import { zonedDate } from '../queue/rules/zoned.js';

/** A calendar date "YYYY-MM-DD" with no time zone. */
export type Ymd = string;

function parts(ymd: Ymd): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: "${ymd}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The date `offset` calendar days after `ymd` (before, when negative). */
export function addCalendarDays(ymd: Ymd, offset: number): Ymd {
  const [y, m, d] = parts(ymd);
  const t = new Date(Date.UTC(y, m - 1, d + offset));
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

/**
 * Whether the day is an official working day: a weekday that is not a holiday, or an adjusted
 * working day on a weekend. chinese-days reads a Date through the machine's local calendar, so
 * the day is handed over as local noon of that date (right whatever the machine's zone; see
 * shared/phrases/holidays.ts). For a year chinese-days has no arrangement for, it answers by
 * weekday alone.
 */
export function isWorkingDay(ymd: Ymd): boolean {
  const [y, m, d] = parts(ymd);
  return chineseDays.isWorkday(new Date(y, m - 1, d, 12));
}

/** No arrangement has more than a few weeks without a working day; this bounds every search. */
const MAX_SCAN_DAYS = 366;

/** The first working day on or after `ymd`. */
export function workingDayOnOrAfter(ymd: Ymd): Ymd {
  let day = ymd;
  for (let i = 0; i < MAX_SCAN_DAYS; i += 1) {
    if (isWorkingDay(day)) return day;
    day = addCalendarDays(day, 1);
  }
  throw new RangeError(`no working day within a year after ${ymd}`);
}

/**
 * The n-th working day after `ymd` (the day itself is not counted): 1 = the next working day.
 * n = 0 is `ymd` when it is a working day, else the next working day.
 */
export function addWorkingDays(ymd: Ymd, n: number): Ymd {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number >= 0, got ${n}`);
  if (n === 0) return workingDayOnOrAfter(ymd);
  let day = ymd;
  let left = n;
  for (let i = 0; i < MAX_SCAN_DAYS + 7 * n; i += 1) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(day)) {
      left -= 1;
      if (left === 0) return day;
    }
  }
  throw new RangeError(`could not count ${n} working days after ${ymd}`);
}

/** The n-th working day before `ymd` (the day itself is not counted), n >= 1. */
export function subtractWorkingDays(ymd: Ymd, n: number): Ymd {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a whole number >= 1, got ${n}`);
  let day = ymd;
  let left = n;
  for (let i = 0; i < MAX_SCAN_DAYS + 7 * n; i += 1) {
    day = addCalendarDays(day, -1);
    if (isWorkingDay(day)) {
      left -= 1;
      if (left === 0) return day;
    }
  }
  throw new RangeError(`could not count ${n} working days before ${ymd}`);
}

/** The branch's calendar date of an instant. */
export function localDateOf(at: Date, timezone: string): Ymd {
  return businessDayOf(at, timezone);
}

/** The instant the local day begins (midnight in the branch's zone). */
export function startOfLocalDay(ymd: Ymd, timezone: string): Date {
  return new Date(zonedDate(ymd, timezone).getTime());
}

/** The instant the local day ends: 24:00 there, i.e. the start of the next day (exclusive). */
export function endOfLocalDay(ymd: Ymd, timezone: string): Date {
  return startOfLocalDay(addCalendarDays(ymd, 1), timezone);
}
