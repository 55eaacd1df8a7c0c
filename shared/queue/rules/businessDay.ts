import { format } from 'date-fns';
import type { Ticket, TicketStatus } from '../ticket.js';
import { zoned } from './zoned.js';

const QUARTER_HOUR_MS = 15 * 60_000;
/** Quarter hours remembered per zone before the memory starts again (a year is 35,040). */
const REMEMBERED = 40_000;
const daysByQuarter = new Map<string, Map<number, string>>();

/** The date in the zone, computed (50-90 µs a call: the figures and phrase rates make thousands). */
function computedDay(ms: number, timezone: string): string {
  return format(zoned(ms, timezone), 'yyyy-MM-dd');
}

/**
 * The branch's calendar date at `now`: numbering and reports restart on it, not on UTC days.
 * Today's zones differ from UTC by whole quarter hours, so a local midnight falls on a UTC
 * quarter hour and the date is one through each of them: it is computed once per zone and
 * quarter hour. A quarter hour whose two ends differ (an old local mean time) is never
 * remembered, so the answer is exact whatever the zone's history.
 */
export function businessDayOf(now: Date, timezone: string): string {
  const ms = now.getTime();
  if (!Number.isFinite(ms)) return computedDay(ms, timezone);
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  let days = daysByQuarter.get(timezone);
  const known = days?.get(quarter);
  if (known !== undefined) return known;
  const day = computedDay(ms, timezone);
  const start = quarter * QUARTER_HOUR_MS;
  if (computedDay(start, timezone) === day && computedDay(start + QUARTER_HOUR_MS - 1, timezone) === day) {
    if (!days) daysByQuarter.set(timezone, (days = new Map()));
    if (days.size >= REMEMBERED) days.clear();
    days.set(quarter, day);
  }
  return day;
}

/** Minutes since local midnight in the branch's zone (0..1439). */
export function localMinutesOf(now: Date, timezone: string): number {
  const d = zoned(now, timezone);
  return d.getHours() * 60 + d.getMinutes();
}

// A serving ticket has a customer at the window; the teller finishes it whatever the clock
// says, so only tickets nobody is attending to expire.
const EXPIRABLE: ReadonlySet<TicketStatus> = new Set(['waiting', 'called', 'held']);

/**
 * Tickets left over from earlier business days, already marked 'expired' and otherwise
 * unchanged, so the caller can store them and keep the day's history complete.
 */
export function expireStale(tickets: readonly Ticket[], today: string): Ticket[] {
  return tickets
    .filter((t) => t.businessDay < today && EXPIRABLE.has(t.status))
    .map((t) => ({ ...t, status: 'expired' as const }));
}
