// The occasion of a branch's local day, for holiday greetings (seed 004 part 3 二 节日问候语).
// The official calendar (holidays and adjusted working days 调休, as published by the State
// Council) comes from chinese-days; the lunar calendar from lunar-javascript. Pure: no I/O.
import chineseDays from 'chinese-days';
import { Solar } from 'lunar-javascript';
import { zoned } from '../queue/rules/zoned.js';
import type { Occasion } from './schema.js';

/** A calendar day with no time zone, as the branch sees it. Month 1-12; weekday 0 = Sunday. */
export interface LocalDay {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

/** The calendar day of the instant in the branch's time zone (not the machine's). */
export function localDay(date: Date, timezone: string): LocalDay {
  const d = zoned(date, timezone);
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), weekday: d.getDay() };
}

/** The official holidays that have a greeting, by chinese-days' English name. */
const OFFICIAL: Record<string, Occasion> = {
  'Spring Festival': 'spring_festival',
  "New Year's Day": 'new_year',
  'Mid-autumn Festival': 'mid_autumn',
  'National Day': 'national_day',
  'Labour Day': 'labour_day',
};

/** The day `offset` days after y-m-d (plain calendar arithmetic). */
function shift(y: number, m: number, d: number, offset: number): [number, number, number] {
  const t = new Date(Date.UTC(y, m - 1, d + offset));
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}

/**
 * chinese-days reads a Date through the machine's local calendar (and parses "YYYY-MM-DD" as UTC
 * midnight, which is the previous day west of Greenwich), so the day is handed over as local
 * noon of that calendar date: right whatever the machine's time zone.
 */
function civil(y: number, m: number, d: number): Date {
  return new Date(y, m - 1, d, 12);
}

interface Official {
  /** The official day is a working day (ordinary weekday or adjusted working day 调休). */
  work: boolean;
  /** The greeted holiday the day officially belongs to, when it is a day off. */
  holiday: Occasion | null;
  /** The day off belongs to an official holiday (any, greeted or not: 清明 and 端午 too). */
  named: boolean;
}

function official(y: number, m: number, d: number): Official {
  const detail = chineseDays.getDayDetail(civil(y, m, d));
  const english = detail.name.split(',')[0] ?? '';
  const named = !detail.work && detail.name.includes(',');
  return { work: detail.work, holiday: named ? (OFFICIAL[english] ?? null) : null, named };
}

/**
 * The greeted holidays of the run of consecutive official days off around y-m-d: in 2025 the
 * National Day break (Oct 1-8) includes the Mid-Autumn Festival on Oct 6, so that day belongs
 * to the National Day golden week as well.
 */
function officialBreak(y: number, m: number, d: number): Set<Occasion> {
  const out = new Set<Occasion>();
  if (!official(y, m, d).named) return out;
  for (const step of [-1, 1]) {
    for (let offset = 0; Math.abs(offset) <= 20; offset += step) {
      const day = official(...shift(y, m, d, offset));
      if (!day.named) break;
      if (day.holiday) out.add(day.holiday);
    }
  }
  return out;
}

const covered = new Map<number, boolean>();
/** chinese-days carries the State Council's arrangement for this year (Jan 1 is always a named holiday then). */
function isCovered(year: number): boolean {
  let known = covered.get(year);
  if (known === undefined) {
    known = official(year, 1, 1).holiday === 'new_year';
    covered.set(year, known);
  }
  return known;
}

/** Which occasion's greeting wins when a day has several (see `occasionsOn`). */
export const OCCASION_PRECEDENCE: readonly Occasion[] = ['spring_festival', 'new_year', 'mid_autumn', 'national_day', 'labour_day', 'weekend'];

/**
 * Every occasion of the branch's local day, most specific first (OCCASION_PRECEDENCE):
 *
 *   spring_festival > new_year > mid_autumn > national_day > labour_day > weekend
 *
 * A festival's own greeting comes before a golden week's, and any holiday before the weekend:
 * on 2025-10-06 (Mid-Autumn inside the National Day golden week) the answer is
 * ['mid_autumn', 'national_day']; on a Saturday of the Spring Festival break it is
 * ['spring_festival', 'weekend'].
 *
 * - spring_festival: a day of the official Spring Festival break, or lunar New Year's Day.
 * - new_year: a day of the official New Year's Day break, or January 1.
 * - mid_autumn: the 15th of the 8th lunar month (never of a leap 8th month), or a day of the
 *   official Mid-Autumn break.
 * - national_day / labour_day: a day of the official break (golden week), or October 1 / May 1.
 * - weekend: a Saturday or Sunday that is not an adjusted working day (调休上班).
 *
 * Adjusted working days are never an occasion. Other official holidays (清明, 端午) have no
 * greeting in the seeds and give none (their Saturdays and Sundays are still weekend).
 * For a year chinese-days has no arrangement for yet, the usual breaks stand in: lunar New
 * Year's Eve to the 7th day of the first lunar month, May 1-5 and October 1-7.
 */
export function occasionsOn(date: Date, timezone: string): Occasion[] {
  const { year, month, day, weekday } = localDay(date, timezone);
  const today = official(year, month, day);
  const breakOf = officialBreak(year, month, day);
  const solar = Solar.fromYmd(year, month, day);
  const lunar = solar.getLunar();
  const tomorrow = solar.next(1).getLunar();
  const estimated = !isCovered(year);

  const lunarNewYear = lunar.getMonth() === 1 && lunar.getDay() === 1;
  const lunarNewYearBreak = (tomorrow.getMonth() === 1 && tomorrow.getDay() === 1) || (lunar.getMonth() === 1 && lunar.getDay() <= 7);

  const found: Record<Occasion, boolean> = {
    spring_festival: breakOf.has('spring_festival') || lunarNewYear || (estimated && lunarNewYearBreak),
    new_year: breakOf.has('new_year') || (month === 1 && day === 1),
    mid_autumn: today.holiday === 'mid_autumn' || (lunar.getMonth() === 8 && lunar.getDay() === 15),
    national_day: breakOf.has('national_day') || (month === 10 && (day === 1 || (estimated && day <= 7))),
    labour_day: breakOf.has('labour_day') || (month === 5 && (day === 1 || (estimated && day <= 5))),
    weekend: (weekday === 0 || weekday === 6) && !today.work,
  };
  return OCCASION_PRECEDENCE.filter((occasion) => found[occasion]);
}

/** The occasion of the branch's local day (the first of `occasionsOn`), or null on an ordinary day. */
export function occasionOn(date: Date, timezone: string): Occasion | null {
  return occasionsOn(date, timezone)[0] ?? null;
}
