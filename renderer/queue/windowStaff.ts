import { create } from 'zustand';
import type { SignedInStaff, WindowStaffList } from '../../shared/access/session.js';
import { fetchWindowStaff } from '../api/access.js';
import { subscribeStreamMessages } from './store.js';

/**
 * Who is signed in at each window, as the hub says (shared/access/session.ts WindowStaffMessage):
 * one `window.staff` frame per window right after the stream's snapshot, then one at every
 * sign-in, sign-out, handover, lock and unlock. The counter display and the lead show this
 * teller, never the configuration's `counter.staffId`, and switch at once on a handover.
 */
export interface WindowStaff {
  staff: SignedInStaff | null;
  /** The teller's workstation is locked (stepped away): still their window. */
  locked: boolean;
}

export interface WindowStaffState {
  /** Per window; a window missing here is not known yet. */
  windows: Record<number, WindowStaff>;
}

export const useWindowStaffStore = create<WindowStaffState>(() => ({ windows: {} }));

export function receiveWindowStaff(window: number, entry: WindowStaff): void {
  useWindowStaffStore.setState((s) => ({ windows: { ...s.windows, [window]: entry } }));
}

type Listener = (window: number, entry: WindowStaff) => void;
const listeners = new Set<Listener>();

/** Told about every frame (the counter checks its own session when its window changes hands). */
export function subscribeWindowStaff(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

subscribeStreamMessages((m) => {
  if (m.type !== 'window.staff') return;
  const entry = { staff: m.staff, locked: m.locked };
  receiveWindowStaff(m.window, entry);
  for (const l of listeners) l(m.window, entry);
});

/** Every window at once (GET /api/v1/windows/staff), e.g. before the stream is up. */
export async function loadWindowStaff(fetch: () => Promise<WindowStaffList> = () => fetchWindowStaff()): Promise<void> {
  const { windows } = await fetch();
  useWindowStaffStore.setState((s) => ({ windows: { ...s.windows, ...Object.fromEntries(windows.map((w) => [w.window, { staff: w.staff, locked: w.locked }])) } }));
}

/** Window n's signed-in teller and lock, or null while not known. */
export function useWindowStaff(n: number): WindowStaff | null {
  return useWindowStaffStore((s) => s.windows[n] ?? null);
}

/** The window a staff member is signed in at, other than `except`, if the hub said so. */
export function windowOfStaff(staffId: string, except?: number): number | null {
  for (const [n, w] of Object.entries(useWindowStaffStore.getState().windows)) {
    if (w.staff?.id === staffId && Number(n) !== except) return Number(n);
  }
  return null;
}
