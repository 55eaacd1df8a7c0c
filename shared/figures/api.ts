import { z } from 'zod';
import { CounterNumber, IsoDate, ServiceCode } from '../config/primitives.js';

/**
 * The lead's figures on the wire (issue 14): the hub answers these from its aggregates
 * (server/hub/figures), never by scanning raw events. Every figure is DEFINED once in
 * shared/figures/definitions.ts; these are only the shapes that carry them.
 */
export const FIGURES_API = {
  day: '/api/v1/figures/day',
  month: '/api/v1/figures/month',
  live: '/api/v1/figures/live',
  expectedWait: '/api/v1/figures/expected-wait',
} as const;

export const IsoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM');

/** A day that exists on the calendar (IsoDate alone lets 2026-13-01 through). */
const CalendarDay = IsoDate.refine((d) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
}, 'no such date');
export const DayFiguresQuery = z.object({ day: CalendarDay }).strict();
export const MonthFiguresQuery = z.object({ month: IsoMonth }).strict();

const count = z.number().int().min(0);
/** Seconds, or null when nothing was measured (no service finished, nobody waited). */
const seconds = z.number().int().min(0).nullable();

/** The sums a figure is computed from; kept so days add up into months exactly. */
export const FigureSums = z.object({
  arrivals: count,
  /** Tickets called for the first time (a wait ended). */
  called: count,
  served: count,
  noShows: count,
  transfers: count,
  recalls: count,
  waitSecondsSum: count,
  waitCount: count,
  /** Waits at or under the service's target. */
  waitWithinTarget: count,
  handlingSecondsSum: count,
  handlingCount: count,
  handlingWithinTarget: count,
});
export type FigureSums = z.infer<typeof FigureSums>;

export const FigureRow = FigureSums.extend({
  averageWaitSeconds: seconds,
  averageHandlingSeconds: seconds,
  /** Share of waits within target, 0..1, null with no waits. */
  waitWithinTargetRate: z.number().min(0).max(1).nullable(),
});
export type FigureRow = z.infer<typeof FigureRow>;

/** Upper bounds in minutes of the wait-distribution buckets; the last bucket is open-ended. */
export const WAIT_BUCKET_MINUTES = [5, 10, 15, 20, 30, 45, 60] as const;
export const WaitDistribution = z.array(count).length(WAIT_BUCKET_MINUTES.length + 1);

export const SlotRow = z.object({
  /** Start of the 15-minute slot, "HH:MM" in the branch's zone. */
  slot: z.string().regex(/^\d{2}:\d{2}$/),
  arrivals: count,
  served: count,
  /** Windows open at any time in the slot. */
  windowsOpen: count,
});
export type SlotRow = z.infer<typeof SlotRow>;

export const ServiceRow = FigureRow.extend({
  service: ServiceCode,
  targetWaitSeconds: z.number().int().positive(),
  targetHandlingSeconds: z.number().int().positive(),
  waitDistribution: WaitDistribution,
});
export type ServiceRow = z.infer<typeof ServiceRow>;

export const TellerRow = FigureRow.extend({
  staffId: z.string().min(1),
  name: z.string(),
  pauses: count,
  pauseSeconds: count,
  rated: count,
  satisfied: count,
  /** satisfied / rated, null with no rating. */
  satisfaction: z.number().min(0).max(1).nullable(),
  /** Services with the greeting (resp. farewell) phrase shown, over services; null with none. */
  greetingRate: z.number().min(0).max(1).nullable(),
  farewellRate: z.number().min(0).max(1).nullable(),
});
export type TellerRow = z.infer<typeof TellerRow>;

export const WindowRow = FigureRow.extend({ counter: CounterNumber });
export type WindowRow = z.infer<typeof WindowRow>;

export const DayReport = z.object({
  branchId: z.string(),
  day: IsoDate,
  totals: FigureRow,
  slots: z.array(SlotRow),
  services: z.array(ServiceRow),
  tellers: z.array(TellerRow),
  windows: z.array(WindowRow),
});
export type DayReport = z.infer<typeof DayReport>;

export const MonthDayRow = FigureRow.extend({ day: IsoDate, satisfaction: z.number().min(0).max(1).nullable() });
export type MonthDayRow = z.infer<typeof MonthDayRow>;

export const MonthReport = z.object({
  branchId: z.string(),
  month: IsoMonth,
  totals: FigureRow,
  days: z.array(MonthDayRow),
  services: z.array(ServiceRow),
  tellers: z.array(TellerRow),
});
export type MonthReport = z.infer<typeof MonthReport>;

export const LiveQueueRow = z.object({
  service: ServiceCode,
  waiting: count,
  longestWaitSeconds: count,
  /** Today's average wait of tickets already called. */
  averageWaitSecondsToday: seconds,
  /** The forecast (shared/figures/forecast.ts): how long a ticket taken now would wait. */
  expectedWaitSeconds: seconds,
  targetWaitSeconds: z.number().int().positive(),
  windowsServing: count,
});
export type LiveQueueRow = z.infer<typeof LiveQueueRow>;

export const LiveFigures = z.object({
  branchId: z.string(),
  day: IsoDate,
  at: z.iso.datetime(),
  queues: z.array(LiveQueueRow),
  totals: FigureRow,
  tellers: z.array(TellerRow),
});
export type LiveFigures = z.infer<typeof LiveFigures>;

/**
 * The forecast per service for the kiosk's ticket and the hall (GET /api/v1/figures/expected-wait):
 * how long a ticket taken now would wait; null when there is no number to give (no window serving
 * it, nothing measured yet). Screens never make one up.
 */
export const ExpectedWait = z.object({
  services: z.array(z.object({ service: ServiceCode, expectedWaitSeconds: z.number().int().min(0).nullable() })),
});
export type ExpectedWait = z.infer<typeof ExpectedWait>;
