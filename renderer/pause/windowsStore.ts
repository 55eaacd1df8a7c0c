import { create } from 'zustand';
import type { WindowState } from '../../shared/pause/wire.js';
import { subscribeStreamMessages } from '../queue/store.js';

export interface WindowsState {
  /** Every window's open/closed state and pause sign, from the live stream; null until the first frame. */
  windows: WindowState[] | null;
  /** Bumped on every frame, so lists built from the hub (the lead's pauses) know to refetch. */
  version: number;
}

export const useWindowsStore = create<WindowsState>(() => ({ windows: null, version: 0 }));

export function receiveWindows(windows: WindowState[]): void {
  useWindowsStore.setState((s) => ({ windows, version: s.version + 1 }));
}

// The queue stream carries the windows frame beside the queue (shared/pause/wire.ts WindowsMessage).
subscribeStreamMessages((m) => {
  if (m.type === 'windows') receiveWindows(m.windows);
});

/** Window n's state, or null while unknown. */
export function useWindowState(n: number): WindowState | null {
  return useWindowsStore((s) => s.windows?.find((w) => w.number === n) ?? null);
}
