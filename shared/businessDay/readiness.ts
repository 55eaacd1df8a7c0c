import { TZDate } from '@date-fns/tz';
import { addDays, format } from 'date-fns';
import type { OpeningHours } from '../config/schema.js';
import { sessionsOn } from '../queue/rules/openingHours.js';
import { zonedDate } from '../queue/rules/zoned.js';

/**
 * When a window must be ready (seed 003 (8) 3: 服务窗口应提前10分钟做好业务准备; 002 5.1.1: open
 * exactly at the published time). The day's first opening counts: a lunch break's reopening is
 * not a new day's preparation.
 */
export interface Readiness {
  date: string;
  /** Local "HH:MM" of the day's first opening. */
  opens: string;
  /** Local "HH:MM" the window must be ready by (may fall on the day before, for a 00:00 opening). */
  readyBy: string;
  opensAt: Date;
  readyAt: Date;
}

function sorted(hours: OpeningHours, date: string) {
  return [...sessionsOn(hours, date)].sort((a, b) => (a.open < b.open ? -1 : 1));
}

/**
 * The day's readiness time, or null when the branch does not open that day: closed, or open
 * through midnight from the day before (a branch open round the clock never "opens").
 */
export function readinessOn(hours: OpeningHours, date: string, readyMinutesBeforeOpening: number): Readiness | null {
  const first = sorted(hours, date)[0];
  if (!first) return null;
  const day = zonedDate(date, hours.timezone);
  if (first.open === '00:00') {
    const before = format(addDays(day, -1), 'yyyy-MM-dd');
    if (sorted(hours, before).some((s) => s.close === '24:00')) return null;
  }
  const [h, m] = first.open.split(':').map(Number) as [number, number];
  const opensAt = new Date(new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), h, m, hours.timezone).getTime());
  const readyAt = new Date(opensAt.getTime() - readyMinutesBeforeOpening * 60_000);
  return { date, opens: first.open, readyBy: format(new TZDate(readyAt.getTime(), hours.timezone), 'HH:mm'), opensAt, readyAt };
}

/**
 * Why a day has no readiness time (readinessOn gives null), for the words the counter shows:
 * - 'closed': the branch does not open that day;
 * - 'all_day': its sessions cover the whole day, 00:00-24:00 (全天营业, a branch open round the clock);
 * - 'through_midnight': it stays open from the day before and closes during the day, so it never opens.
 * null when the day has a readiness time.
 */
export type NoOpening = 'closed' | 'all_day' | 'through_midnight';

export function noOpeningOn(hours: OpeningHours, date: string, readyMinutesBeforeOpening = 0): NoOpening | null {
  if (readinessOn(hours, date, readyMinutesBeforeOpening) !== null) return null;
  const sessions = sorted(hours, date);
  if (sessions.length === 0) return 'closed';
  // Covered from 00:00 to 24:00 without a gap (sessions sorted by opening time).
  let reached = '00:00';
  for (const s of sessions) {
    if (s.open > reached) break;
    if (s.close > reached) reached = s.close;
  }
  return reached === '24:00' ? 'all_day' : 'through_midnight';
}

/**
 * Where a window stands against its readiness time:
 * - 'no_opening': the branch does not open that day (nothing is due);
 * - 'done': the opening checklist is done;
 * - 'upcoming': not done, and the readiness time is still ahead;
 * - 'due': past the readiness time, before opening: finish it now;
 * - 'late': opening time has passed and the checklist is not done.
 */
export type ReadinessState = 'no_opening' | 'done' | 'upcoming' | 'due' | 'late';

export function readinessState(readiness: Readiness | null, now: Date, checklistDone: boolean): ReadinessState {
  if (readiness === null) return checklistDone ? 'done' : 'no_opening';
  if (checklistDone) return 'done';
  const t = now.getTime();
  if (t < readiness.readyAt.getTime()) return 'upcoming';
  if (t < readiness.opensAt.getTime()) return 'due';
  return 'late';
}
