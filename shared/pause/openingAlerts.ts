import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { CounterNumber, OpeningHours } from '../config/schema.js';
import { readinessOn } from '../businessDay/readiness.js';
import { kioskState, sessionsOn } from '../queue/rules/openingHours.js';
import { zoned } from '../queue/rules/zoned.js';

/**
 * Where the branch stands against its published hours, for the windows:
 * - 'open': a session is running; it opened at `since` (local "YYYY-MM-DDTHH:MM");
 * - 'getting_ready': a session opens at `opensAt` and we are within the readiness lead time
 *   (windows are ready 10 minutes before opening: seed 003 (8) 3, 002 5.1.1);
 * - 'continuous': open round the clock, carried on from the day before: the day has no opening
 *   (the same rule as the opening checklist's readinessOn), so no window is late for one;
 * - 'closed': otherwise; `opensAt` is the next opening, or null when none is scheduled soon.
 */
export type OpeningPhase =
  | { phase: 'open'; since: string; closesAt: string }
  | { phase: 'continuous' }
  | { phase: 'getting_ready'; opensAt: string }
  | { phase: 'closed'; opensAt: string | null };

export function openingPhase(hours: OpeningHours, readyMinutesBeforeOpening: number, now: Date): OpeningPhase {
  const state = kioskState(hours, now);
  if (state.open && readinessOn(hours, format(zoned(now, hours.timezone), 'yyyy-MM-dd'), readyMinutesBeforeOpening) === null) return { phase: 'continuous' };
  if (state.open) return { phase: 'open', since: sessionStart(hours, now), closesAt: state.closesAt };
  if (state.opensAt !== null && now.getTime() >= localInstant(state.opensAt, hours.timezone) - readyMinutesBeforeOpening * 60_000) {
    return { phase: 'getting_ready', opensAt: state.opensAt };
  }
  return { phase: 'closed', opensAt: state.opensAt };
}

/**
 * What the lead's board flags about windows not open:
 * - 'not_open' (an alert): a session is running and the window has not been opened; `since` is
 *   the session's opening time ("open exactly at the published time", seed 003 (8) 3);
 * - 'not_ready' (a reminder): the readiness lead time has begun and the window is not open yet.
 * A paused window is open (its sign is up, see pauseAlerts for its own alerts). Sorted by window.
 */
export type OpeningAlert =
  | { kind: 'not_open'; counter: CounterNumber; since: string }
  | { kind: 'not_ready'; counter: CounterNumber; opensAt: string };

export function openingAlerts(phase: OpeningPhase, windows: readonly { number: CounterNumber; open: boolean }[]): OpeningAlert[] {
  if (phase.phase === 'closed' || phase.phase === 'continuous') return [];
  return [...windows]
    .filter((w) => !w.open)
    .sort((a, b) => a.number - b.number)
    .map((w): OpeningAlert => (phase.phase === 'open' ? { kind: 'not_open', counter: w.number, since: phase.since } : { kind: 'not_ready', counter: w.number, opensAt: phase.opensAt }));
}

/** The opening time of the session running at `now` (a session open past midnight started the day before is cut at midnight: sessions are per date). */
function sessionStart(hours: OpeningHours, now: Date): string {
  const local = zoned(now, hours.timezone);
  const today = format(local, 'yyyy-MM-dd');
  const clock = format(local, 'HH:mm');
  const current = sessionsOn(hours, today).find((s) => s.open <= clock && clock < s.close);
  return `${today}T${current?.open ?? clock}`;
}

/** "YYYY-MM-DDTHH:MM" in the zone, as epoch milliseconds. */
function localInstant(local: string, timezone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) throw new RangeError(`not a local date and time: "${local}"`);
  return new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), timezone).getTime();
}
