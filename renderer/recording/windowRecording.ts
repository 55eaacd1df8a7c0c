import { create } from 'zustand';
import type { RecordingWindow } from '../../shared/recording/windowStatus.js';
import { subscribeStreamMessages } from '../queue/store.js';

/**
 * Which windows record right now, as the hub heard it from their recorders (the queue stream's
 * `recording.windows` frame, shared/recording/windowStatus.ts). The customer display's notice
 * follows this, never the configuration: a window without a working microphone does not say it
 * records.
 */
export interface RecordingWindowsState {
  /** Per window; a window missing here has no recorder reporting to the hub. */
  windows: Record<number, RecordingWindow>;
  /** False until the first frame. */
  known: boolean;
}

export const useRecordingWindowsStore = create<RecordingWindowsState>(() => ({ windows: {}, known: false }));

export function receiveRecordingWindows(windows: readonly RecordingWindow[]): void {
  useRecordingWindowsStore.setState({ windows: Object.fromEntries(windows.map((w) => [w.counter, w])), known: true });
}

subscribeStreamMessages((m) => {
  if (m.type === 'recording.windows') receiveRecordingWindows(m.windows);
});

/** Whether window n's recorder says a service is being recorded now. */
export function useWindowRecording(n: number): boolean {
  return useRecordingWindowsStore((s) => s.windows[n]?.recording === true);
}
