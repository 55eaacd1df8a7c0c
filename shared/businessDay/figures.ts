import { addDays, format } from 'date-fns';
import { z } from 'zod';
import { CounterNumber, IsoDate } from '../config/primitives.js';
import type { OpeningHours, Service } from '../config/schema.js';
import { targetWaitSecondsOf } from '../config/schema.js';
import type { Ticket } from '../queue/ticket.js';
import { dayScore } from '../ratings/rules.js';
import type { RatingScale } from '../ratings/schema.js';
import { sessionsOn } from '../queue/rules/openingHours.js';
import { zonedDate } from '../queue/rules/zoned.js';

/**
 * Yesterday's figures for the morning meeting's results step (业绩通报, seed 002 5.1.2), computed
 * from the day's tickets as the hub stored them. Pure: the hub reads the tickets, this counts.
 */

export const CounterFigures = z.object({
  counter: CounterNumber,
  served: z.number().int().min(0),
  averageHandlingSeconds: z.number().int().min(0).nullable(),
});
export type CounterFigures = z.infer<typeof CounterFigures>;

export const RatingFigures = z.object({
  /** Services the customer rated. */
  rated: z.number().int().min(0),
  /** Of those, answers above the middle of their scale (非常满意 + 满意), as the ratings capability counts them. */
  satisfied: z.number().int().min(0),
  /** Of those, answers on a level marked low (they open a follow-up). */
  low: z.number().int().min(0),
  /** Services the customer did not rate in time. */
  notRated: z.number().int().min(0),
});
export type RatingFigures = z.infer<typeof RatingFigures>;

export const DayFigures = z.object({
  day: IsoDate,
  /** Tickets taken that day. */
  issued: z.number().int().min(0),
  /** Services finished (status done). */
  served: z.number().int().min(0),
  noShow: z.number().int().min(0),
  /** Still waiting when the day ended. */
  expired: z.number().int().min(0),
  /** Ticket taken -> first call, over the tickets that were called. */
  averageWaitSeconds: z.number().int().min(0).nullable(),
  /** Service started -> finished, over the services finished. */
  averageHandlingSeconds: z.number().int().min(0).nullable(),
  /** Called within the service's target wait, over the tickets that were called. */
  waitWithinTarget: z.object({ count: z.number().int().min(0), of: z.number().int().min(0) }),
  byCounter: z.array(CounterFigures),
  /** Null when the branch has no rating data for the day. */
  ratings: RatingFigures.nullable(),
});
export type DayFigures = z.infer<typeof DayFigures>;

type FigureTicket = Pick<Ticket, 'service' | 'status' | 'issuedAt' | 'calledAt' | 'startedAt' | 'finishedAt' | 'counter'>;

function seconds(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  const ms = Date.parse(to) - Date.parse(from);
  // A kiosk's clock a little ahead of the hub's must not give negative waits.
  return Number.isFinite(ms) ? Math.max(0, ms / 1000) : null;
}

function average(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.round(values.reduce((a, b) => a + b, 0) / values.length);
}

/** The figures of one business day; `ratings` from ratingFigures, null when there are no rating data. */
export function dayFigures(
  day: string,
  tickets: readonly FigureTicket[],
  services: readonly Pick<Service, 'code' | 'targetWaitMinutes' | 'targetWaitSeconds'>[],
  ratings: RatingFigures | null = null,
): DayFigures {
  const target = new Map(services.map((s) => [s.code, targetWaitSecondsOf(s)]));
  const waits: number[] = [];
  let withinTarget = 0;
  const handling: number[] = [];
  const perCounter = new Map<number, number[]>();
  const servedPerCounter = new Map<number, number>();
  let served = 0;
  let noShow = 0;
  let expired = 0;
  for (const t of tickets) {
    const wait = seconds(t.issuedAt, t.calledAt);
    if (wait !== null) {
      waits.push(wait);
      const limit = target.get(t.service);
      if (limit !== undefined && wait <= limit) withinTarget++;
    }
    if (t.status === 'no_show') noShow++;
    if (t.status === 'expired') expired++;
    if (t.status !== 'done') continue;
    served++;
    if (t.counter !== null) servedPerCounter.set(t.counter, (servedPerCounter.get(t.counter) ?? 0) + 1);
    const h = seconds(t.startedAt, t.finishedAt);
    if (h === null) continue;
    handling.push(h);
    if (t.counter !== null) perCounter.set(t.counter, [...(perCounter.get(t.counter) ?? []), h]);
  }
  return {
    day,
    issued: tickets.length,
    served,
    noShow,
    expired,
    averageWaitSeconds: average(waits),
    averageHandlingSeconds: average(handling),
    waitWithinTarget: { count: withinTarget, of: waits.length },
    byCounter: [...servedPerCounter.entries()]
      .sort(([a], [b]) => a - b)
      .map(([counter, n]) => ({ counter, served: n, averageHandlingSeconds: average(perCounter.get(counter) ?? []) })),
    ratings,
  };
}

/**
 * A day's rating outcomes summed up with the ratings capability's own count (dayScore), each
 * outcome on the scale it was given on (a branch may have changed scales since). Outcomes on a
 * scale not known here are left out rather than guessed.
 */
export function ratingFigures(
  outcomes: readonly { scaleId: string; status: 'rated' | 'not_rated'; value: number | null }[],
  scales: readonly RatingScale[],
): RatingFigures {
  const total: RatingFigures = { rated: 0, satisfied: 0, low: 0, notRated: 0 };
  const seen = new Set<string>();
  for (const scale of scales) {
    if (seen.has(scale.id)) continue;
    seen.add(scale.id);
    const score = dayScore(outcomes.filter((o) => o.scaleId === scale.id), scale);
    total.rated += score.rated;
    total.satisfied += score.satisfied;
    total.low += score.low;
    total.notRated += score.notRated;
  }
  return total;
}

/** How far back "yesterday" is looked for: a branch closed for a whole Golden Week still finds its last day. */
const LOOKBACK_DAYS = 14;

/**
 * The branch's last open day before `today` ("yesterday" for the morning meeting: after a
 * weekend or a holiday it is the last working day), or null when none within two weeks.
 */
export function previousOpenDay(hours: OpeningHours, today: string): string | null {
  const start = zonedDate(today, hours.timezone);
  for (let i = 1; i <= LOOKBACK_DAYS; i++) {
    const date = format(addDays(start, -i), 'yyyy-MM-dd');
    if (sessionsOn(hours, date).length > 0) return date;
  }
  return null;
}
