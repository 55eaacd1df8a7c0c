import { format } from 'date-fns';
import type { Ticket, TicketStatus } from '../ticket.js';
import { zoned } from './zoned.js';

/** The branch's calendar date at `now`: numbering and reports restart on it, not on UTC days. */
export function businessDayOf(now: Date, timezone: string): string {
  return format(zoned(now, timezone), 'yyyy-MM-dd');
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
