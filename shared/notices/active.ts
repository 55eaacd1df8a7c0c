import { localMinutesOf, businessDayOf } from '../queue/rules/businessDay.js';
import { zoned } from '../queue/rules/zoned.js';
import type { Notice, NoticeSchedule } from './schema.js';

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether the schedule is in force at `now`, read on the branch's calendar and clock (`zone`,
 * the branch's hours.timezone), never the screen's: a hall in another zone, or a hub on UTC,
 * shows what the branch scheduled.
 */
export function scheduleActive(schedule: NoticeSchedule, now: Date, zone: string): boolean {
  const day = businessDayOf(now, zone);
  if (day < schedule.from || day > schedule.to) return false;
  if (!schedule.days.includes(zoned(now, zone).getDay())) return false;
  if (schedule.dailyFrom === undefined || schedule.dailyTo === undefined) return true;
  const minute = localMinutesOf(now, zone);
  return minute >= minutesOf(schedule.dailyFrom) && minute < minutesOf(schedule.dailyTo);
}

/**
 * The notices the hall shows at `now`: not withdrawn and in their schedule, head office's first
 * (they speak for the whole company), then the newest publication first.
 */
export function activeNotices<T extends Pick<Notice, 'schedule' | 'withdrawnAt' | 'origin' | 'publishedAt' | 'id'>>(notices: readonly T[], now: Date, zone: string): T[] {
  return notices
    .filter((n) => n.withdrawnAt === null && scheduleActive(n.schedule, now, zone))
    .sort((a, b) => (a.origin === b.origin ? 0 : a.origin === 'hq' ? -1 : 1) || b.publishedAt.localeCompare(a.publishedAt) || a.id.localeCompare(b.id));
}
