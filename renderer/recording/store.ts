import { create } from 'zustand';
import { initialRecordingView } from './counterRecording.js';
import type { CounterRecording, RecordingView } from './counterRecording.js';

/** The counter's recording status (written by its CounterRecording) and the controller for the teller's hold button. */
export interface RecordingStoreState {
  view: RecordingView;
  controller: CounterRecording | null;
}

export const useRecordingStore = create<RecordingStoreState>(() => ({ view: initialRecordingView(), controller: null }));

export function publishRecording(patch: Partial<RecordingView>): void {
  useRecordingStore.setState((s) => ({ view: { ...s.view, ...patch } }));
}
