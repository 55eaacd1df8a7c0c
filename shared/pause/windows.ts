import type { CounterStatus } from '../api/queueApi.js';
import type { Counter, CounterNumber, ServiceCode } from '../config/schema.js';
import type { QueueSnapshot } from '../queue/events.js';
import { counterStatusOf } from '../queue/snapshot.js';
import { isOpen, nearestOpenWindow, shortOfMinimum } from './rules.js';
import type { OpenWindowsPolicy, Pause, PauseWindow, WindowStatus } from './schema.js';
import type { WindowState } from './wire.js';

/** What the pause desk knows of one window today; the queue knows the rest. */
export interface DeskWindow {
  open: boolean;
  pause: Pause | null;
}

/**
 * A window's status for the hall. The sign comes first (a paused window takes nobody). A called
 * or served customer comes next: such a window is working whatever the desk says (a service
 * carried over the change of business day). Only an idle window can be closed.
 */
export function windowStatus(queue: CounterStatus, desk: DeskWindow): WindowStatus {
  if (desk.pause !== null) return 'paused';
  if (queue !== 'idle') return queue;
  return desk.open ? 'idle' : 'closed';
}

/** Every configured window with its services and status, as the pause rules need them. */
export function hallWindows(counters: readonly Counter[], snapshot: QueueSnapshot | null, desk: (n: CounterNumber) => DeskWindow): PauseWindow[] {
  return counters.map((c) => {
    const queue = snapshot ? counterStatusOf(snapshot, c.number).status : 'idle';
    return { number: c.number, services: c.services, status: windowStatus(queue, desk(c.number)) };
  });
}

/**
 * Where a window's sign sends customers: only a paused or closed window has a sign, and it
 * names the nearest open window serving all its services (nearestOpenWindow), or none.
 */
export function redirectFor(counter: CounterNumber, windows: readonly PauseWindow[]): CounterNumber | null {
  const me = windows.find((w) => w.number === counter);
  if (!me || isOpen(me)) return null;
  return nearestOpenWindow(counter, windows);
}

/** The desk's windows as the stream and GET /api/v1/windows send them. */
export function windowStates(
  counters: readonly Counter[],
  snapshot: QueueSnapshot | null,
  desk: (n: CounterNumber) => DeskWindow & { openedAt: string | null },
): WindowState[] {
  const windows = hallWindows(counters, snapshot, desk);
  return counters.map((c) => {
    const d = desk(c.number);
    return { number: c.number, open: d.open, openedAt: d.openedAt, pause: d.pause, redirectTo: redirectFor(c.number, windows) };
  });
}

export type CloseCheck =
  | { ok: true; uncovered: ServiceCode[] }
  | { ok: false; reason: 'unknown_counter' }
  | { ok: false; reason: 'customer_at_counter' }
  | { ok: false; reason: 'last_open_for_service'; services: ServiceCode[]; needsOverride: true }
  /** During opening hours the close leaves these services (or the branch, BRANCH_MINIMUM) below their minimum of open windows. */
  | { ok: false; reason: 'below_min_open'; services: string[]; needsOverride: true }
  /** During opening hours no window closes without the lead's agreement (seed 000; OpenWindowsPolicy.closeNeedsApproval). */
  | { ok: false; reason: 'close_needs_approval'; needsOverride: true };

/**
 * Whether window `counter` may close (for the day, or until its teller comes back). Windows may
 * not be closed arbitrarily (seed 000), so during opening hours the lead agrees beforehand
 * (their override): always for the last open window of a service, and with the branch's
 * `openWindows` policy for a close below a minimum of open windows, or for any close
 * (closeNeedsApproval). A customer being served is finished or transferred first. A window
 * already not taking customers (paused, closed) changes nobody's cover by closing.
 */
export function canClose(req: { counter: CounterNumber; counters: readonly PauseWindow[]; openingHoursOpen: boolean; overrideBy?: string | null; openWindows?: OpenWindowsPolicy }): CloseCheck {
  const me = req.counters.find((c) => c.number === req.counter);
  if (!me) return { ok: false, reason: 'unknown_counter' };
  if (me.status === 'serving') return { ok: false, reason: 'customer_at_counter' };
  if (!isOpen(me)) return { ok: true, uncovered: [] };
  const others = req.counters.filter((c) => c.number !== me.number && isOpen(c));
  const uncovered = me.services.filter((s) => !others.some((c) => c.services.includes(s)));
  if (!req.openingHoursOpen || (req.overrideBy ?? null) !== null) return { ok: true, uncovered };
  if (uncovered.length > 0) return { ok: false, reason: 'last_open_for_service', services: uncovered, needsOverride: true };
  if (req.openWindows) {
    const short = shortOfMinimum(me, req.counters, req.openWindows);
    if (short.length > 0) return { ok: false, reason: 'below_min_open', services: short, needsOverride: true };
    if (req.openWindows.closeNeedsApproval) return { ok: false, reason: 'close_needs_approval', needsOverride: true };
  }
  return { ok: true, uncovered };
}
