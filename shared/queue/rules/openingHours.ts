import { addDays, format } from 'date-fns';
import type { OpeningHours } from '../../config/schema.js';
import { zoned, zonedDate } from './zoned.js';

export type DaySessions = OpeningHours['weekly'][number];

export type KioskState =
  | { open: true; /** Local "YYYY-MM-DDTHH:MM" */ closesAt: string }
  | { open: false; /** Next local opening "YYYY-MM-DDTHH:MM", or null if none within 14 days */ opensAt: string | null };

/** How far ahead the kiosk looks for the next opening to show on its closed screen. */
const LOOKAHEAD_DAYS = 14;

/**
 * The sessions of one local calendar date. A holiday closes the branch even if the same date
 * is also listed as an adjusted working day: opening by mistake is worse than staying shut.
 */
export function sessionsOn(hours: OpeningHours, date: string): DaySessions {
  if (hours.closedDates.includes(date)) return [];
  const extra = hours.extraOpenDates.find((d) => d.date === date);
  if (extra) return extra.sessions;
  return hours.weekly[zonedDate(date, hours.timezone).getDay()] ?? [];
}

/**
 * Whether the kiosk may issue tickets at `now`. A session is open from its opening minute up to,
 * not including, its closing minute. Closing only stops issuing: tickets already issued are
 * still called and served (selectNext never looks at opening hours).
 */
export function kioskState(hours: OpeningHours, now: Date): KioskState {
  const local = zoned(now, hours.timezone);
  const today = format(local, 'yyyy-MM-dd');
  const clock = format(local, 'HH:mm');
  const sessions = [...sessionsOn(hours, today)].sort((a, b) => (a.open < b.open ? -1 : 1));

  const current = sessions.find((s) => s.open <= clock && clock < s.close);
  if (current) return { open: true, closesAt: `${today}T${current.close}` };

  const laterToday = sessions.find((s) => s.open > clock);
  if (laterToday) return { open: false, opensAt: `${today}T${laterToday.open}` };

  for (let i = 1; i <= LOOKAHEAD_DAYS; i++) {
    const date = format(addDays(local, i), 'yyyy-MM-dd');
    const first = [...sessionsOn(hours, date)].sort((a, b) => (a.open < b.open ? -1 : 1))[0];
    if (first) return { open: false, opensAt: `${date}T${first.open}` };
  }
  return { open: false, opensAt: null };
}
