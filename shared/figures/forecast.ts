/**
 * The two forecasts of issue 14, pure so the kiosk's ticket, the hall, the lead's live view and
 * the alert rule (shared/alerts/rules.ts) all say the same thing:
 *
 * - expectedWaitSeconds: how long a ticket of a service taken now would wait for its first call;
 * - breachForecast: whether, at the present rate, the longest wait of a service passes its
 *   target within a horizon, and which closed window would help.
 *
 * Both rest on one model: the windows serving a service call its tickets one after another,
 * each window taking the recent handling time per customer. Arrivals after now are not
 * modelled: they queue behind everyone already waiting, so they never make those tickets wait
 * longer (the priority rules aside, which `peopleAhead` already accounts for).
 */

/** Handling times weigh less the older they are: the EWMA's weight of the newest one. */
export const HANDLING_EWMA_ALPHA = 0.2;
/** How many recent handling times the EWMA looks at; older ones describe another part of the day. */
export const RECENT_HANDLING_COUNT = 20;
/** The breach forecast looks this far ahead unless told otherwise (10 minutes). */
export const DEFAULT_BREACH_HORIZON_SECONDS = 600;

/**
 * The time one customer of the service takes now: an EWMA of the recent handling times
 * (oldest first), seeded by their mean so a short series is not dragged towards its first value.
 * With none recorded yet today, the service's target handling time stands in.
 */
export function handlingEstimateSeconds(recentHandlingSeconds: readonly number[], fallbackSeconds: number): number {
  const recent = recentHandlingSeconds.slice(-RECENT_HANDLING_COUNT).filter((s) => Number.isFinite(s) && s >= 0);
  if (recent.length === 0) return Number.isFinite(fallbackSeconds) && fallbackSeconds > 0 ? fallbackSeconds : 0;
  let estimate = recent.reduce((a, b) => a + b, 0) / recent.length;
  for (const s of recent) estimate = HANDLING_EWMA_ALPHA * s + (1 - HANDLING_EWMA_ALPHA) * estimate;
  return estimate;
}

export interface ExpectedWaitInput {
  /** People who will be called before a ticket taken now (shared/queue/rules/waitingAhead.ts). */
  peopleAhead: number;
  /**
   * How long each of the service's latest finished customers held a window, seconds, oldest
   * first: from the (last) call to the finish, i.e. the handling time plus walking up. The
   * walk is part of what a window spends per customer; leaving it out made the replayed
   * forecast's error about 10 % worse (forecast.test.ts).
   */
  recentHandlingSeconds: readonly number[];
  /** Used while no service of the day has finished: the service's target handling time. */
  fallbackHandlingSeconds: number;
  /** Windows open now that serve the service. */
  windowsServing: number;
  /**
   * Of those, windows free now (open, nobody called or served there). Unknown: 0, i.e. all
   * busy, the cautious answer.
   */
  windowsIdle?: number;
}

/**
 * Seconds a ticket of the service taken now should wait for its first call, or null when no
 * open window serves the service (nobody can say; the screens show no estimate).
 *
 * An idle window calls the ticket at once when fewer people are ahead than windows idle.
 * Otherwise the k-th ticket in line (k = ahead - idle, from 0) is called after k full services
 * on the w busy windows plus the wait for the first window to free up; with remaining times
 * spread evenly over a service that first one frees after h/(w+1) on average, so the
 * wait is h * (k/w + 1/(w+1)).
 */
export function expectedWaitSeconds(input: ExpectedWaitInput): number | null {
  const windows = Math.floor(input.windowsServing);
  if (!(windows > 0)) return null;
  const idle = Math.min(windows, Math.max(0, Math.floor(input.windowsIdle ?? 0)));
  const ahead = Math.max(0, Math.floor(input.peopleAhead));
  if (ahead < idle) return 0;
  const h = handlingEstimateSeconds(input.recentHandlingSeconds, input.fallbackHandlingSeconds);
  const k = ahead - idle;
  return Math.round(h * (k / windows + 1 / (windows + 1)));
}

export interface BreachForecastInput {
  /** How long each ticket of the service still waiting has waited so far, seconds (any order). */
  waitingAgesSeconds: readonly number[];
  /** The service's target wait (shared/config/schema.ts targetWaitSecondsOf); Infinity: none. */
  targetWaitSeconds: number;
  /** As in ExpectedWaitInput: call-to-finish seconds of the latest customers, oldest first. */
  recentHandlingSeconds: readonly number[];
  fallbackHandlingSeconds: number;
  windowsServing: number;
  windowsIdle?: number;
  /**
   * Configured windows that serve the service and are closed now, in the order the lead would
   * open them (the first is named).
   */
  closedCountersServing: readonly number[];
  /** How far ahead to look, seconds (default DEFAULT_BREACH_HORIZON_SECONDS). */
  horizonSeconds?: number;
}

export interface BreachForecast {
  /** Seconds from now until some waiting ticket's wait passes the target; 0: it already has. */
  breachInSeconds: number;
  /** A closed window that serves the service: opening it is the fix the alert proposes. */
  suggestOpenCounter?: number;
}

/**
 * When, at the present rate, the longest wait of the service passes its target; null when it
 * does not within the horizon (or the service has no target, or nobody waits).
 *
 * The waiting tickets are called oldest first; the i-th (from 0) is called after
 * expectedWaitSeconds with i people ahead. A ticket breaches at target - age if it is still
 * waiting then; the earliest such moment over all tickets is the answer. A ticket already past
 * its target breaches "now" (0). With no window open, nobody is called and the oldest ticket
 * breaches at target - its age.
 */
export function breachForecast(input: BreachForecastInput): BreachForecast | null {
  const target = input.targetWaitSeconds;
  if (!Number.isFinite(target) || input.waitingAgesSeconds.length === 0) return null;
  const horizon = input.horizonSeconds ?? DEFAULT_BREACH_HORIZON_SECONDS;
  const ages = [...input.waitingAgesSeconds].map((a) => Math.max(0, a)).sort((a, b) => b - a);
  let earliest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < ages.length; i++) {
    const age = ages[i] as number;
    const calledIn =
      expectedWaitSeconds({
        peopleAhead: i,
        recentHandlingSeconds: input.recentHandlingSeconds,
        fallbackHandlingSeconds: input.fallbackHandlingSeconds,
        windowsServing: input.windowsServing,
        windowsIdle: input.windowsIdle,
      }) ?? Number.POSITIVE_INFINITY;
    const breachIn = Math.max(0, target - age);
    // Strictly after the call: a ticket called exactly at its target waited within it.
    if (age + calledIn > target) earliest = Math.min(earliest, breachIn);
    // Ages are sorted oldest first, so target - age only grows: no later ticket can breach sooner.
    if (breachIn >= earliest) break;
  }
  if (earliest > horizon) return null;
  const suggest = input.closedCountersServing[0];
  return suggest === undefined
    ? { breachInSeconds: Math.round(earliest) }
    : { breachInSeconds: Math.round(earliest), suggestOpenCounter: suggest };
}
