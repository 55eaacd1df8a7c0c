import { TZDate } from '@date-fns/tz';
import type { BranchConfig, CounterNumber } from '../config/schema.js';
import { targetHandlingSecondsOf, targetWaitSecondsOf } from '../config/schema.js';
import type { Complaint } from '../complaints/schema.js';
import { dueReminders } from '../complaints/deadlines.js';
import { breachForecast } from '../figures/forecast.js';
import { openingAlerts, openingPhase } from '../pause/openingAlerts.js';
import { pauseAlerts } from '../pause/rules.js';
import type { Pause } from '../pause/schema.js';
import type { Ticket } from '../queue/ticket.js';
import type { AlertFinding } from './schema.js';

/**
 * The alert rules of issue 14, pure: what is wrong with the branch at `now`, from its present
 * state and configuration. The hub's evaluator (server/hub/alerts/) turns these findings into
 * records (lifecycle.ts); each finding's (kind, subject) is the record's key for the day.
 */

/** A window is "not open" only this long after the session's opening time (a teller logging in at 09:00:30 is not late). */
export const WINDOW_NOT_OPEN_AFTER_MINUTES = 5;

/** waiting_count counts the whole branch (seed 004: "等候车辆20辆以上" at the station, not per lane); its one subject. */
export const BRANCH_SUBJECT = 'branch';

/** One window as the pause desk keeps it (shared/pause/wire.ts WindowState has these fields). */
export interface AlertWindow {
  number: CounterNumber;
  /** Opened today by its teller; a paused window stays open. */
  open: boolean;
  /** The pause whose sign is up, or null. */
  pause: Pause | null;
}

export interface AlertInput {
  now: Date;
  config: Pick<BranchConfig, 'services' | 'counters' | 'hours' | 'policy' | 'standards' | 'complaints'>;
  /** Tickets still in play (the queue snapshot). */
  tickets: readonly Pick<Ticket, 'service' | 'status' | 'issuedAt' | 'counter'>[];
  windows: readonly AlertWindow[];
  /** Per service code, today's latest handling times in seconds, oldest first (for the forecast). */
  recentHandlingSeconds: Readonly<Record<string, readonly number[]>>;
  /** The complaints still open (any whose deadline may be near); the rule asks dueReminders which are. */
  complaints: readonly Complaint[];
  /** Defaults: WINDOW_NOT_OPEN_AFTER_MINUTES and the forecast's own horizon. */
  notOpenAfterMinutes?: number;
  breachHorizonSeconds?: number;
}

/** Every finding at `now`, in a stable order (kind, then subject). */
export function findAlerts(input: AlertInput): AlertFinding[] {
  return [...waitingCount(input), ...waitBreachForecast(input), ...windowNotOpen(input), ...pauseOverrun(input), ...complaintDeadline(input)];
}

/** The seed's alert: this many people waiting in the branch (policy.alertWaitingCount, default 20). */
export function waitingCount(input: Pick<AlertInput, 'tickets' | 'config'>): AlertFinding[] {
  const waiting = input.tickets.filter((t) => t.status === 'waiting').length;
  const threshold = input.config.policy.alertWaitingCount;
  return waiting >= threshold ? [{ kind: 'waiting_count', subject: BRANCH_SUBJECT, detail: { waiting, threshold } }] : [];
}

/** Windows that take customers now: opened today and no pause sign up. */
const serving = (w: AlertWindow | undefined): boolean => w !== undefined && w.open && w.pause === null;

/**
 * Per service: at the present handling rate and with the windows open now, the longest wait
 * passes the service's target within the horizon (shared/figures/forecast.ts breachForecast).
 * The finding names a window that serves the service and is not taking customers, closed ones
 * before paused ones, lowest number first: the one to open ("open window 4 for A").
 */
export function waitBreachForecast(input: Omit<AlertInput, 'complaints'>): AlertFinding[] {
  const nowMs = input.now.getTime();
  const byNumber = new Map(input.windows.map((w) => [w.number, w]));
  const busy = new Set(input.tickets.filter((t) => (t.status === 'called' || t.status === 'serving') && t.counter !== null).map((t) => t.counter));
  const out: AlertFinding[] = [];
  for (const service of input.config.services) {
    const target = targetWaitSecondsOf(service);
    const ages = input.tickets.filter((t) => t.service === service.code && t.status === 'waiting').map((t) => Math.max(0, (nowMs - Date.parse(t.issuedAt)) / 1000));
    if (ages.length === 0 || !Number.isFinite(target)) continue;
    const counters = input.config.counters.filter((c) => c.services.includes(service.code)).sort((a, b) => a.number - b.number);
    const open = counters.filter((c) => serving(byNumber.get(c.number)));
    const closed = counters.filter((c) => !byNumber.get(c.number)?.open).map((c) => c.number);
    const paused = counters.filter((c) => byNumber.get(c.number)?.open && byNumber.get(c.number)?.pause !== null).map((c) => c.number);
    const forecast = breachForecast({
      waitingAgesSeconds: ages,
      targetWaitSeconds: target,
      recentHandlingSeconds: input.recentHandlingSeconds[service.code] ?? [],
      fallbackHandlingSeconds: targetHandlingSecondsOf(service),
      windowsServing: open.length,
      windowsIdle: open.filter((c) => !busy.has(c.number)).length,
      closedCountersServing: [...closed, ...paused],
      ...(input.breachHorizonSeconds !== undefined ? { horizonSeconds: input.breachHorizonSeconds } : {}),
    });
    if (forecast === null) continue;
    out.push({
      kind: 'wait_breach_forecast',
      subject: service.code,
      detail: {
        service: service.code,
        waiting: ages.length,
        breachInSeconds: Math.max(0, Math.round(forecast.breachInSeconds)),
        targetWaitSeconds: Math.round(target),
        ...(forecast.suggestOpenCounter !== undefined ? { suggestOpenCounter: forecast.suggestOpenCounter } : {}),
      },
    });
  }
  return out;
}

/**
 * A configured window not opened `notOpenAfterMinutes` after the session's opening time ("open
 * exactly at the published time", seed 003 (8) 3). Nothing on a closed day or outside the
 * sessions, and nothing for a branch open round the clock carried over from the day before
 * (it has no opening time: openingPhase 'continuous').
 */
export function windowNotOpen(input: Pick<AlertInput, 'config' | 'windows' | 'now' | 'notOpenAfterMinutes'>): AlertFinding[] {
  const { config, now } = input;
  const phase = openingPhase(config.hours, config.standards.readyMinutesBeforeOpening, now);
  if (phase.phase !== 'open') return [];
  const after = (input.notOpenAfterMinutes ?? WINDOW_NOT_OPEN_AFTER_MINUTES) * 60_000;
  if (now.getTime() < localInstant(phase.since, config.hours.timezone) + after) return [];
  const open = new Map(input.windows.map((w) => [w.number, w.open]));
  const windows = config.counters.map((c) => ({ number: c.number, open: open.get(c.number) ?? false }));
  return openingAlerts(phase, windows).flatMap((a) =>
    a.kind === 'not_open' ? [{ kind: 'window_not_open' as const, subject: String(a.counter), detail: { counter: a.counter, openedAtLocal: a.since } }] : [],
  );
}

/** A pause sign still up past its reason's allowed length (shared/pause pauseAlerts). */
export function pauseOverrun(input: Pick<AlertInput, 'config' | 'windows' | 'now'>): AlertFinding[] {
  const pauses = input.windows.flatMap((w) => (w.pause !== null ? [w.pause] : []));
  return pauseAlerts(pauses, input.config.standards.pausePolicies, input.now).flatMap((a) =>
    a.kind === 'overrun'
      ? [{ kind: 'pause_overrun' as const, subject: String(a.counter), detail: { counter: a.counter, pauseId: a.pauseId, overrunSeconds: a.overrunSeconds, ...staffOf(pauses, a.pauseId) } }]
      : [],
  );
}

function staffOf(pauses: readonly Pause[], id: string): { staffId?: string } {
  const staffId = pauses.find((p) => p.id === id)?.staffId;
  return staffId ? { staffId } : {};
}

/**
 * A complaint whose supervision reminder (督办) is due: its answer deadline is near or passed,
 * or it was never acknowledged in time. The same rule the complaint desk reminds owners by
 * (shared/complaints/deadlines.ts dueReminders); the alert puts it in the lead's one list.
 * Overdue outranks the other two when several are due.
 */
export function complaintDeadline(input: Pick<AlertInput, 'config' | 'complaints' | 'now'>): AlertFinding[] {
  const rank = { overdue: 0, acknowledgement_overdue: 1, before_deadline: 2 } as const;
  const out: AlertFinding[] = [];
  for (const c of input.complaints) {
    const due = dueReminders(c, input.now, input.config.complaints).sort((a, b) => rank[a.kind] - rank[b.kind]);
    const first = due[0];
    if (!first) continue;
    out.push({ kind: 'complaint_deadline', subject: c.id, detail: { complaintId: c.id, dueAt: first.deadline, reminder: first.kind, staffId: first.ownerId } });
  }
  return out.sort((a, b) => a.subject.localeCompare(b.subject));
}

/** "YYYY-MM-DDTHH:MM" in the zone, as epoch milliseconds. */
function localInstant(local: string, timezone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) throw new RangeError(`not a local date and time: "${local}"`);
  return new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), timezone).getTime();
}
