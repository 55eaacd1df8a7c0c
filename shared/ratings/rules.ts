import type { RatingInput, RatingLevel, RatingRecord, RatingScale, ServiceRecord } from './schema.js';

export type CustomerSource = Exclude<RatingInput['source'], 'teller_keyboard'>;

/** A rating that passed acceptRating: from a customer device, with a value on the scale. */
export type AcceptedRating = RatingInput & { source: CustomerSource };

export type RatingRefusal =
  /** A rating can never be given from the teller's own keyboard. */
  | { ok: false; reason: 'teller_keyboard' }
  /** The value is not one of the scale's answers. */
  | { ok: false; reason: 'unknown_level'; value: number }
  /** The rating names another service than the one it is being attributed to. */
  | { ok: false; reason: 'other_service'; expected: string; got: string }
  /** The service has not finished yet at this time: there is nothing to rate. */
  | { ok: false; reason: 'not_finished' }
  /** The answer arrived after the customer's time to answer ran out (the service is 'not_rated'). */
  | { ok: false; reason: 'too_late'; secondsLate: number };

export type RatingCheck = { ok: true; rating: AcceptedRating } | Extract<RatingRefusal, { reason: 'teller_keyboard' | 'unknown_level' }>;

const levelOf = (scale: RatingScale, value: number): RatingLevel | undefined => scale.levels.find((l) => l.value === value);

/** Whether a device's answer may be recorded at all. */
export function acceptRating(input: RatingInput, scale: RatingScale): RatingCheck {
  if (input.source === 'teller_keyboard') return { ok: false, reason: 'teller_keyboard' };
  if (!levelOf(scale, input.value)) return { ok: false, reason: 'unknown_level', value: input.value };
  return { ok: true, rating: { ...input, source: input.source } };
}

export type RatingAttribution =
  | { ok: true; record: RatingRecord }
  /** No answer yet and still time to give one; not a refusal, like noShowCheck's 'too_soon'. */
  | { ok: false; reason: 'awaiting_answer'; secondsLeft: number }
  | Exclude<RatingRefusal, { reason: 'unknown_level' }>;

/**
 * The rating outcome of one finished service at `now`, the time the answer arrived (or the time
 * of asking, when there is no answer). The customer may answer from the finish up to and
 * including `timeoutSeconds` after it.
 * - an answer in time is the service's, and so the ticket's and the teller's, who served it;
 * - no answer once the time is over makes the service 'not_rated' (no answer yet before that
 *   is 'awaiting_answer');
 * - an answer for another service, before the finish, after the time, or from the teller's
 *   keyboard is refused; the service's own outcome is then decided by a later call without it.
 */
export function attributeRating(rating: RatingInput | null, service: ServiceRecord, now: Date, timeoutSeconds: number): RatingAttribution {
  const finished = Date.parse(service.finishedAt);
  const deadline = finished + timeoutSeconds * 1000;
  const base = {
    ticketId: service.ticketId,
    serviceId: service.serviceId,
    tellerId: service.tellerId,
    counter: service.counter,
    finishedAt: service.finishedAt,
  };

  if (rating === null) {
    if (now.getTime() > deadline) return { ok: true, record: { ...base, status: 'not_rated', value: null, source: null, ratedAt: null } };
    return { ok: false, reason: 'awaiting_answer', secondsLeft: Math.ceil((deadline - Math.max(now.getTime(), finished)) / 1000) };
  }
  // Checked here too, not only in acceptRating, so that no path records a teller's own rating.
  if (rating.source === 'teller_keyboard') return { ok: false, reason: 'teller_keyboard' };
  if (rating.serviceId !== service.serviceId) return { ok: false, reason: 'other_service', expected: service.serviceId, got: rating.serviceId };
  if (now.getTime() < finished) return { ok: false, reason: 'not_finished' };
  if (now.getTime() > deadline) return { ok: false, reason: 'too_late', secondsLate: Math.ceil((now.getTime() - deadline) / 1000) };
  return { ok: true, record: { ...base, status: 'rated', value: rating.value, source: rating.source, ratedAt: now.toISOString() } };
}

export interface DayScore {
  /** Services the customer rated (with a value on the scale). */
  rated: number;
  /** Services with no answer in time. */
  notRated: number;
  /** Answers per level, in the scale's order (best first), zeros included. */
  byLevel: { value: number; count: number }[];
  /** Answers above the middle of the scale (see dayScore). */
  satisfied: number;
  /** Answers on a low level: each one is a follow-up for the lead. */
  low: number;
  /** satisfied / rated x 100; null before the first answer. */
  satisfactionPercent: number | null;
  /** Mean answer on a 0..100 scale; null before the first answer. */
  score: number | null;
}

/**
 * A window's (or teller's) running score for the day from its rating records; the caller picks
 * the records (one day, one counter).
 *
 * - satisfactionPercent = satisfied / rated x 100, where "satisfied" is an answer above the
 *   middle value of the scale: 非常满意 + 满意 on both the bank's 4-level and the government's
 *   5-level scale (一般 and 基本满意 are not satisfied, and not low either).
 * - score = mean of the answers mapped linearly onto 0..100, worst level 0, best level 100:
 *   bank 100 / 66.7 / 33.3 / 0, government 100 / 75 / 50 / 25 / 0.
 * - 'not_rated' records count only in notRated: no answer is neither good nor bad.
 *   Values not on the scale (never accepted by acceptRating) are left out.
 * Both figures are computed from the per-level counts in the scale's order, so the result does
 * not depend on the order of the records.
 */
export function dayScore(ratings: readonly Pick<RatingRecord, 'status' | 'value'>[], scale: RatingScale): DayScore {
  const counts = new Map<number, number>(scale.levels.map((l) => [l.value, 0]));
  let notRated = 0;
  for (const r of ratings) {
    if (r.status === 'not_rated') notRated += 1;
    else if (r.value !== null && counts.has(r.value)) counts.set(r.value, counts.get(r.value)! + 1);
  }

  const values = scale.levels.map((l) => l.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const middle = (min + max) / 2;
  let rated = 0;
  let satisfied = 0;
  let low = 0;
  let points = 0; // sum of (value - min): integers, exact
  const byLevel = scale.levels.map((l) => {
    const count = counts.get(l.value) ?? 0;
    rated += count;
    if (l.value > middle) satisfied += count;
    if (l.low) low += count;
    points += count * (l.value - min);
    return { value: l.value, count };
  });

  return {
    rated,
    notRated,
    byLevel,
    satisfied,
    low,
    satisfactionPercent: rated === 0 ? null : (satisfied * 100) / rated,
    score: rated === 0 ? null : (points * 100) / ((max - min) * rated),
  };
}

/** Whether a rating opens a follow-up for the lead: a rated service with a low answer. */
export function needsFollowUp(rating: Pick<RatingRecord, 'status' | 'value'>, scale: RatingScale): boolean {
  if (rating.status !== 'rated' || rating.value === null) return false;
  return levelOf(scale, rating.value)?.low ?? false;
}

/** The level a recorded value stands for, to show its label; undefined for a value off the scale. */
export function ratingLevel(value: number, scale: RatingScale): RatingLevel | undefined {
  return levelOf(scale, value);
}
