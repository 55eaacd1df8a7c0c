import { addCalendarDays, isWorkingDay, localDateOf } from '../../shared/complaints/index.js';
import type { ComplaintDeadlines, ComplaintStatus } from '../../shared/complaints/index.js';

/** Statuses in which the answer is still owed (the deadline is running). */
const RUNNING: ReadonlySet<ComplaintStatus> = new Set(['registered', 'accepted', 'investigating', 'reopened']);

export type DeadlineState =
  /** Answered, closed or withdrawn: the deadline no longer runs. */
  | { kind: 'stopped' }
  /** Working days left (today counted when it is one), and calendar days left (today counted): the rule's unit decides which one is the limit. */
  | { kind: 'running'; workingDays: number; calendarDays: number; unit: ComplaintDeadlines['unit'] }
  /** The last day is today. */
  | { kind: 'today' }
  /** Past the deadline by `days` calendar days. */
  | { kind: 'overdue'; days: number };

/** Whole days from one local date to another (b - a). */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * How the answer deadline stands on the branch's calendar at `now`: the working days left (the
 * official calendar: holidays skipped, 调休 counted) and the calendar days left, from today to
 * the last day, both counted.
 */
export function deadlineState(d: Pick<ComplaintDeadlines, 'answerBy' | 'answerByDate' | 'unit'>, status: ComplaintStatus, now: Date, timezone: string): DeadlineState {
  if (!RUNNING.has(status)) return { kind: 'stopped' };
  if (now.getTime() >= Date.parse(d.answerBy)) {
    const today = localDateOf(now, timezone);
    return { kind: 'overdue', days: Math.max(1, daysBetween(d.answerByDate, today)) };
  }
  const today = localDateOf(now, timezone);
  if (today === d.answerByDate) return { kind: 'today' };
  let workingDays = 0;
  for (let day = today; day <= d.answerByDate; day = addCalendarDays(day, 1)) if (isWorkingDay(day)) workingDays += 1;
  return { kind: 'running', workingDays, calendarDays: daysBetween(today, d.answerByDate) + 1, unit: d.unit };
}
