import { addCalendarDays, addWorkingDays, endOfLocalDay, isWorkingDay, localDateOf, startOfLocalDay, subtractWorkingDays, workingDayOnOrAfter } from './calendar.js';
import type { Ymd } from './calendar.js';
import type { ComplaintPolicy, DeadlineRule } from './policy.js';
import type { Complaint, ComplaintDeadlines, ComplaintKind, ComplaintStatus, Complexity, Extension } from './schema.js';

/** The deadline rule of a kind of item. */
export function ruleFor(kind: ComplaintKind, policy: ComplaintPolicy): DeadlineRule {
  return kind === 'dissatisfied_rating' ? policy.dissatisfiedRating : policy.complaint;
}

/**
 * The number of days allowed: the simple limit; the complex-case limit once the case is complex
 * (marked so at registration or by a 'complex' extension); plus the approved extension when one
 * was recorded in this round. An extension the rule does not have adds nothing.
 */
export function allowedDays(rule: DeadlineRule, complexity: Complexity, extensions: readonly Pick<Extension, 'kind'>[]): number {
  let days = rule.simpleDays;
  if ((complexity === 'complex' || extensions.some((e) => e.kind === 'complex')) && rule.complexDays !== null) days = rule.complexDays;
  if (extensions.some((e) => e.kind === 'approved') && rule.approvedExtensionDays !== null && rule.complexDays !== null) {
    days = rule.complexDays + rule.approvedExtensionDays;
  }
  return days;
}

/**
 * The last day to answer, counted from `start` (the day of receipt, not counted itself):
 * - working days: the `days`-th official working day after it (holidays skipped, 调休 counted);
 * - calendar days: `days` days after it; a last day off moves to the next working day when the
 *   rule says so (Civil Code art. 203).
 */
export function lastDay(start: Ymd, days: number, rule: Pick<DeadlineRule, 'unit' | 'rollToWorkingDay'>): Ymd {
  if (rule.unit === 'working') return addWorkingDays(start, days);
  const day = addCalendarDays(start, days);
  return rule.rollToWorkingDay && !isWorkingDay(day) ? workingDayOnOrAfter(day) : day;
}

/** The last day to acknowledge: the business day of receipt (or the next one), or n working days later. */
export function acknowledgementDay(start: Ymd, workingDays: number): Ymd {
  return addWorkingDays(start, workingDays);
}

export interface DeadlineInput {
  kind: ComplaintKind;
  complexity: Complexity;
  /** The extensions of the current round. */
  extensions: readonly Pick<Extension, 'kind'>[];
  /** The round's start: receipt, or reopening. */
  startedAt: Date;
  timezone: string;
}

/**
 * The time limits of a round, in the branch's calendar. Every limit ends at 24:00 local time of
 * its last day (Civil Code art. 203); `answerBy` / `acknowledgeBy` are those instants (the first
 * moment that is late), `...Date` the last local days themselves.
 */
export function computeDeadlines(input: DeadlineInput, policy: ComplaintPolicy): ComplaintDeadlines {
  const rule = ruleFor(input.kind, policy);
  const start = localDateOf(input.startedAt, input.timezone);
  const days = allowedDays(rule, input.complexity, input.extensions);
  const answerDay = lastDay(start, days, rule);
  const ackDay = acknowledgementDay(start, policy.acknowledgeWorkingDays);
  return {
    startedAt: input.startedAt.toISOString(),
    acknowledgeBy: endOfLocalDay(ackDay, input.timezone).toISOString(),
    acknowledgeByDate: ackDay,
    answerBy: endOfLocalDay(answerDay, input.timezone).toISOString(),
    answerByDate: answerDay,
    days,
    unit: rule.unit,
  };
}

/** The deadlines of a complaint's current round, recomputed (after an extension or a reopening). */
export function deadlinesOf(c: Pick<Complaint, 'kind' | 'complexity' | 'extensions' | 'round' | 'timezone' | 'deadlines'>, policy: ComplaintPolicy, startedAt = new Date(c.deadlines.startedAt)): ComplaintDeadlines {
  return computeDeadlines(
    { kind: c.kind, complexity: c.complexity, extensions: c.extensions.filter((e) => e.round === c.round), startedAt, timezone: c.timezone },
    policy,
  );
}

// ---- Supervision reminders (督办) ------------------------------------------------------------

export type ReminderKind = 'before_deadline' | 'overdue' | 'acknowledgement_overdue';

export interface DueReminder {
  kind: ReminderKind;
  /**
   * Raise each reminder once per key: the hub stores the keys it raised. The key names the
   * deadline, so an extension or a reopening (a new deadline) may raise the reminder again.
   */
  key: string;
  complaintId: string;
  /** When the reminder became due. */
  dueSince: string;
  /** The deadline it is about. */
  deadline: string;
  /** Who is reminded (the owner) and at which level. */
  ownerId: string;
  level: Complaint['level'];
}

/** Statuses in which the answer is still owed. */
const AWAITING_ANSWER: ReadonlySet<ComplaintStatus> = new Set(['registered', 'accepted', 'investigating', 'reopened']);

/** The instant from which the before-deadline reminder is due: the start of the n-th working day before the last day. */
export function reminderFrom(c: Pick<Complaint, 'deadlines' | 'timezone'>, policy: ComplaintPolicy): Date | null {
  if (policy.remindWorkingDaysBefore === 0) return null;
  return startOfLocalDay(subtractWorkingDays(c.deadlines.answerByDate, policy.remindWorkingDaysBefore), c.timezone);
}

/**
 * The supervision reminders due at `now`, for the hub to raise each once (by key):
 * - 'acknowledgement_overdue': still only registered after the acknowledgement deadline;
 * - 'before_deadline': the answer is owed and the last day is `remindWorkingDaysBefore` working
 *   days away or nearer (from the start of that working day until the deadline);
 * - 'overdue': the answer is owed and the deadline has passed (then 'before_deadline' is no
 *   longer returned: a hub that was down during the window raises only what is true now).
 * Nothing is due once the complaint is answered, called back, closed or withdrawn.
 */
export function dueReminders(c: Complaint, now: Date, policy: ComplaintPolicy): DueReminder[] {
  const out: DueReminder[] = [];
  const base = { complaintId: c.id, ownerId: c.ownerId, level: c.level };
  const t = now.getTime();
  if (c.status === 'registered' && t >= Date.parse(c.deadlines.acknowledgeBy)) {
    out.push({ ...base, kind: 'acknowledgement_overdue', key: `${c.id}:acknowledgement_overdue:${c.deadlines.acknowledgeBy}`, dueSince: c.deadlines.acknowledgeBy, deadline: c.deadlines.acknowledgeBy });
  }
  if (!AWAITING_ANSWER.has(c.status)) return out;
  const answerBy = Date.parse(c.deadlines.answerBy);
  if (t >= answerBy) {
    out.push({ ...base, kind: 'overdue', key: `${c.id}:overdue:${c.deadlines.answerBy}`, dueSince: c.deadlines.answerBy, deadline: c.deadlines.answerBy });
    return out;
  }
  const from = reminderFrom(c, policy);
  if (from !== null && t >= from.getTime()) {
    // A reopened round may start inside the window: the reminder is then due from the start.
    const since = Math.max(from.getTime(), Date.parse(c.deadlines.startedAt));
    out.push({ ...base, kind: 'before_deadline', key: `${c.id}:before_deadline:${c.deadlines.answerBy}`, dueSince: new Date(since).toISOString(), deadline: c.deadlines.answerBy });
  }
  return out;
}
