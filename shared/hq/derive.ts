import { z } from 'zod';
import { HqSums } from './sums.js';

const rate = z.number().min(0).max(1).nullable();
const seconds = z.number().int().min(0).nullable();

/** Sums with the figures derived from them; every rate is null when its denominator is 0. */
export const HqFigures = HqSums.extend({
  averageWaitSeconds: seconds,
  averageHandlingSeconds: seconds,
  waitWithinTargetRate: rate,
  handlingWithinTargetRate: rate,
  /** no-shows / tickets called or marked no-show. */
  noShowRate: rate,
  /** satisfied / rated. */
  satisfaction: rate,
  /** greeted (farewelled) tickets / served. */
  greetingRate: rate,
  farewellRate: rate,
  /** Services with a recording / served (a ticket recorded at two windows counts once). */
  recordingCoverage: rate,
});
export type HqFigures = z.infer<typeof HqFigures>;

const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.min(1, n / d));
const mean = (sum: number, n: number): number | null => (n === 0 ? null : Math.round(sum / n));

export function deriveFigures(s: HqSums): HqFigures {
  return {
    ...s,
    averageWaitSeconds: mean(s.waitSecondsSum, s.waitCount),
    averageHandlingSeconds: mean(s.handlingSecondsSum, s.handlingCount),
    waitWithinTargetRate: ratio(s.waitWithinTarget, s.waitCount),
    handlingWithinTargetRate: ratio(s.handlingWithinTarget, s.handlingCount),
    noShowRate: ratio(s.noShows, s.called + s.noShows),
    satisfaction: ratio(s.satisfied, s.rated),
    greetingRate: ratio(s.greeted, s.served),
    farewellRate: ratio(s.farewelled, s.served),
    recordingCoverage: ratio(s.recorded, s.served),
  };
}

/** Complaints of a branch (or a teller, or the network) in a period, from the merged complaint log. */
export const ComplaintFigures = z.object({
  received: z.number().int().min(0),
  /** Found upheld (or partly) and counted against the teller or branch. */
  upheld: z.number().int().min(0),
  /** Answer still owed after its deadline, as of the moment asked. */
  overdue: z.number().int().min(0),
  callbackRequired: z.number().int().min(0),
  calledBack: z.number().int().min(0),
  /** calledBack / callbackRequired. */
  callbackRate: rate,
});
export type ComplaintFigures = z.infer<typeof ComplaintFigures>;

export function complaintFigures(c: Omit<ComplaintFigures, 'callbackRate'>): ComplaintFigures {
  return { ...c, callbackRate: ratio(c.calledBack, c.callbackRequired) };
}

export const NO_COMPLAINTS: ComplaintFigures = complaintFigures({ received: 0, upheld: 0, overdue: 0, callbackRequired: 0, calledBack: 0 });
