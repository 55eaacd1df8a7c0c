import type { CounterNumber, ServiceCode } from '../config/schema.js';
import type { Localized } from '../i18n/localized.js';
import type { Ticket } from '../queue/ticket.js';
import { byIssueOrder } from '../queue/rules/eligibility.js';
import type { HandBack, OpenWindowsPolicy, Pause, PausePolicies, PausePolicy, PauseReason, PauseWindow, WindowStatus } from './schema.js';

/** Statuses in which a window takes customers: a paused or closed window does not. */
const OPEN: ReadonlySet<WindowStatus> = new Set(['idle', 'calling', 'serving']);

export const isOpen = (w: Pick<PauseWindow, 'status'>): boolean => OPEN.has(w.status);

// ---------------------------------------------------------------- may this window pause?

export interface PauseRequest {
  counter: CounterNumber;
  reason: PauseReason;
  /** Every window of the hall with its services and current status, this one included. */
  counters: readonly PauseWindow[];
  policies: PausePolicies;
  /** Whether the branch is within its published opening hours (kioskState(...).open). */
  openingHoursOpen: boolean;
  /** The lead who lets the last open window of a service pause anyway; their consent also counts as the approval. */
  overrideBy?: string | null;
  /** The branch's minimums of open windows (standards.openWindows); absent: only the last-window rule applies. */
  openWindows?: OpenWindowsPolicy;
}

export type PauseCheck =
  | {
      ok: true;
      /** The sign goes up now, but the lead must still consent (the pause is flagged until then). */
      needsApproval: boolean;
      /** The window the sign sends customers to ("请到 M 号窗口办理"), or null if none serves them all. */
      redirectTo: CounterNumber | null;
      /** Services no other open window serves while this one is paused: the lead should open one. */
      uncovered: ServiceCode[];
      /**
       * During opening hours the pause leaves these services (or, with BRANCH_MINIMUM, the
       * branch) below their minimum of open windows: the lead must consent whatever the reason.
       */
      belowMinimum: string[];
    }
  | { ok: false; reason: 'unknown_counter' }
  | { ok: false; reason: 'already_paused' }
  /** The window is not staffed: there is nothing to pause. */
  | { ok: false; reason: 'not_open' }
  /** A customer is being served: finish or transfer first (先外后内, 003 (8) 11). */
  | { ok: false; reason: 'customer_at_counter' }
  /** During opening hours the last open window of these services may pause only with the lead's override. */
  | { ok: false; reason: 'last_open_for_service'; services: ServiceCode[]; needsOverride: true };

/**
 * Whether window `counter` may put up its pause sign now.
 *
 * - Windows may not be closed arbitrarily (seed 000) and customers must be sent to another
 *   counter (003 (8) 4): during opening hours, pausing the last open window of any of its
 *   services is refused unless the lead overrides. Outside opening hours that check is off.
 * - A device failure is never refused for that reason, nor for a customer at the counter: the
 *   window cannot serve anyway, and the sign must tell customers so. `uncovered` still names
 *   the services left without a window, for the lead.
 * - Consent (needsApproval) comes from the reason's policy whatever the hours, so the same
 *   pause is judged the same way by pauseState later; a lead's override is that consent.
 */
export function canPause(req: PauseRequest): PauseCheck {
  const me = req.counters.find((c) => c.number === req.counter);
  if (!me) return { ok: false, reason: 'unknown_counter' };
  if (me.status === 'paused') return { ok: false, reason: 'already_paused' };
  if (me.status === 'closed') return { ok: false, reason: 'not_open' };
  const forced = req.reason === 'device_failure';
  if (me.status === 'serving' && !forced) return { ok: false, reason: 'customer_at_counter' };

  const others = req.counters.filter((c) => c.number !== me.number && isOpen(c));
  const uncovered = me.services.filter((s) => !others.some((c) => c.services.includes(s)));
  const overrideBy = req.overrideBy ?? null;
  if (uncovered.length > 0 && req.openingHoursOpen && !forced && overrideBy === null) {
    return { ok: false, reason: 'last_open_for_service', services: uncovered, needsOverride: true };
  }
  const belowMinimum = req.openingHoursOpen && !forced && req.openWindows ? shortOfMinimum(me, req.counters, req.openWindows) : [];
  return {
    ok: true,
    needsApproval: (req.policies[req.reason].needsApproval || belowMinimum.length > 0) && overrideBy === null,
    redirectTo: nearestOpenWindow(me.number, req.counters),
    uncovered,
    belowMinimum,
  };
}

/** In shortOfMinimum's answer: the whole branch would have fewer open windows than `minTotal`. */
export const BRANCH_MINIMUM = '*';

/**
 * What window `me` stopping would leave below its minimum of open windows (OpenWindowsPolicy):
 * each of its services with fewer open windows than the service's minimum, and BRANCH_MINIMUM
 * when the branch would have fewer than `minTotal`. Only an open window changes the counts.
 */
export function shortOfMinimum(me: PauseWindow, counters: readonly PauseWindow[], policy: OpenWindowsPolicy): string[] {
  if (!isOpen(me)) return [];
  const others = counters.filter((c) => c.number !== me.number && isOpen(c));
  const short: string[] = me.services.filter((s) => others.filter((c) => c.services.includes(s)).length < (policy.services[s] ?? policy.minPerService));
  if (others.length < policy.minTotal) short.push(BRANCH_MINIMUM);
  return short;
}

/** Whether the lead must consent to this pause: its reason's policy, or the minimum of open windows it broke. */
export function pauseNeedsApproval(pause: Pick<Pause, 'belowMinimum'>, policy: Pick<PausePolicy, 'needsApproval'>): boolean {
  return policy.needsApproval || pause.belowMinimum === true;
}

/**
 * The window a paused window's sign sends its customers to: open (not paused, not closed),
 * serving every service the paused window serves, nearest by window number (the lower number on
 * a tie, e.g. 3 before 5 for window 4). null when no open window serves them all: a partial match
 * would send some customers to a window that cannot help them.
 */
export function nearestOpenWindow(counter: CounterNumber, counters: readonly PauseWindow[]): CounterNumber | null {
  const me = counters.find((c) => c.number === counter);
  if (!me) return null;
  return nearest(counter, counters, (c) => me.services.every((s) => c.services.includes(s)));
}

function nearest(counter: CounterNumber, counters: readonly PauseWindow[], fits: (c: PauseWindow) => boolean): CounterNumber | null {
  let best: CounterNumber | null = null;
  for (const c of counters) {
    if (c.number === counter || !isOpen(c) || !fits(c)) continue;
    const d = Math.abs(c.number - counter);
    const bd = best === null ? Infinity : Math.abs(best - counter);
    if (d < bd || (d === bd && best !== null && c.number < best)) best = c.number;
  }
  return best;
}

// ---------------------------------------------------------------- the sign

export interface PauseSign {
  /** The reason's sign text, e.g. "交接班中，请稍候". */
  headline: Localized;
  /** "请到 M 号窗口办理", or null when no open window serves all of this window's services. */
  direction: Localized | null;
}

export function pauseSign(policy: Pick<PausePolicy, 'sign'>, redirectTo: CounterNumber | null): PauseSign {
  return {
    headline: policy.sign,
    direction:
      redirectTo === null
        ? null
        : {
            'zh-CN': `请到 ${redirectTo} 号窗口办理`,
            'zh-TW': `請到 ${redirectTo} 號窗口辦理`,
            en: `Please go to window ${redirectTo}`,
          },
  };
}

// ---------------------------------------------------------------- the record

/** A pause as it starts. A lead's override is recorded and also counts as the approval. */
export function newPause(p: { id: string; counter: CounterNumber; reason: PauseReason; now: Date; overrideBy?: string | null; staffId?: string | null; belowMinimum?: boolean }): Pause {
  const at = p.now.toISOString();
  const overrideBy = p.overrideBy ?? null;
  return {
    id: p.id,
    counter: p.counter,
    reason: p.reason,
    startedAt: at,
    endedAt: null,
    approvedBy: overrideBy,
    approvedAt: overrideBy === null ? null : at,
    overrideBy,
    ...(p.staffId === undefined ? {} : { staffId: p.staffId }),
    ...(p.belowMinimum ? { belowMinimum: true } : {}),
  };
}

/** The lead's consent; a second approval keeps the first (who consented first answers for it). */
export function approvePause(pause: Pause, by: string, now: Date): Pause {
  if (pause.approvedBy !== null) return pause;
  return { ...pause, approvedBy: by, approvedAt: now.toISOString() };
}

/** The sign comes down; ending twice keeps the first end. */
export function endPause(pause: Pause, now: Date): Pause {
  if (pause.endedAt !== null) return pause;
  const end = Math.max(now.getTime(), Date.parse(pause.startedAt));
  return { ...pause, endedAt: new Date(end).toISOString() };
}

// ---------------------------------------------------------------- watching a pause

export interface PauseState {
  /** The reason needs the lead's consent and nobody has given it. */
  unapproved: boolean;
  /** Longer than the reason allows (strictly: a 15-minute pause ended at 15:00 is not an overrun). */
  overrun: boolean;
  /** Whole seconds past the allowed length, rounded up; 0 unless overrun. */
  overrunSeconds: number;
  /** Seconds since the start (to the end for an ended pause), rounded down. */
  elapsedSeconds: number;
  /** Seconds left of the allowed length, rounded up; 0 once it is used up. */
  remainingSeconds: number;
}

/** How a pause stands at `now` (or at its end, once ended). */
export function pauseState(
  pause: Pick<Pause, 'startedAt' | 'endedAt' | 'approvedBy'> & Partial<Pick<Pause, 'belowMinimum'>>,
  policy: Pick<PausePolicy, 'allowedMinutes' | 'needsApproval'>,
  now: Date,
): PauseState {
  const end = pause.endedAt === null ? now.getTime() : Date.parse(pause.endedAt);
  const elapsedMs = Math.max(0, end - Date.parse(pause.startedAt));
  const allowedMs = policy.allowedMinutes * 60_000;
  const overrun = elapsedMs > allowedMs;
  return {
    unapproved: pauseNeedsApproval(pause, policy) && pause.approvedBy === null,
    overrun,
    overrunSeconds: overrun ? Math.ceil((elapsedMs - allowedMs) / 1000) : 0,
    elapsedSeconds: Math.floor(elapsedMs / 1000),
    remainingSeconds: Math.ceil(Math.max(0, allowedMs - elapsedMs) / 1000),
  };
}

export type PauseAlert =
  | { kind: 'unapproved'; counter: CounterNumber; pauseId: string; reason: PauseReason; since: string }
  | { kind: 'overrun'; counter: CounterNumber; pauseId: string; reason: PauseReason; overrunSeconds: number };

/**
 * What the lead's board must flag now: every pause still up that lacks its consent, and every
 * pause still up past its allowed length. Ended pauses raise nothing (their state stays in the
 * record for the day's review). Sorted by window, 'unapproved' before 'overrun'.
 */
export function pauseAlerts(pauses: readonly Pause[], policies: PausePolicies, now: Date): PauseAlert[] {
  const alerts: PauseAlert[] = [];
  const open = pauses.filter((p) => p.endedAt === null).sort((a, b) => a.counter - b.counter || Date.parse(a.startedAt) - Date.parse(b.startedAt));
  for (const p of open) {
    const st = pauseState(p, policies[p.reason], now);
    const base = { counter: p.counter, pauseId: p.id, reason: p.reason };
    if (st.unapproved) alerts.push({ kind: 'unapproved', ...base, since: p.startedAt });
    if (st.overrun) alerts.push({ kind: 'overrun', ...base, overrunSeconds: st.overrunSeconds });
  }
  return alerts;
}

// ---------------------------------------------------------------- tickets when a pause starts

/**
 * What happens to the tickets tied to window `counter` when its pause starts, so none is left
 * with a window that is not there:
 * - a called ticket (the customer is not at the window yet) goes back to its service's queue,
 *   unpinned, so whichever window is free first calls it again;
 * - a held ticket, a ticket being served (only a device failure pauses mid-service) and a
 *   waiting ticket a colleague pinned to this window are passed to a named window: the one the
 *   sign points to if it serves the ticket's service, else the nearest open window that does,
 *   so that the customer, the sign and the colleague agree. With no such window the ticket goes
 *   back to its service's queue unpinned: waiting, visible to the lead, never lost.
 * Other tickets are not this window's concern. The result is in queue order.
 */
export function handBack(counter: CounterNumber, tickets: readonly Ticket[], counters: readonly PauseWindow[]): HandBack[] {
  const redirect = nearestOpenWindow(counter, counters);
  const mine = tickets.filter(
    (t) =>
      (t.counter === counter && (t.status === 'called' || t.status === 'held' || t.status === 'serving')) ||
      (t.status === 'waiting' && t.targetCounter === counter),
  );
  return [...mine].sort(byIssueOrder).map((t): HandBack => {
    const base = { ticketId: t.id, number: t.number, service: t.service, from: t.status };
    if (t.status === 'called') return { ...base, action: 'requeue', toCounter: null };
    const sign = redirect === null ? undefined : counters.find((c) => c.number === redirect);
    const to = sign?.services.includes(t.service) ? redirect : nearest(counter, counters, (c) => c.services.includes(t.service));
    return to === null ? { ...base, action: 'requeue', toCounter: null } : { ...base, action: 'transfer', toCounter: to };
  });
}
