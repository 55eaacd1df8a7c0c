import type { RecordingView } from './counterRecording.js';

export type RecordingStatusKey = 'recording' | 'idle' | 'starting' | 'not_recording' | 'microphone_missing' | 'disk_low' | 'off' | 'hostError';
export type RecordingTone = 'ok' | 'neutral' | 'warn' | 'error';

/**
 * What the counter's recording pill says, from what the host reports. Never silent: a service
 * under way that is not being recorded is an error, and so is any recorder problem.
 */
export function recordingStatus(view: RecordingView, serving: boolean): { key: RecordingStatusKey; tone: RecordingTone } {
  if (view.hostError && view.state === null) return { key: 'hostError', tone: 'error' };
  if (!view.ready || view.state === null) return { key: 'starting', tone: 'neutral' };
  if (!view.enabled) return { key: 'off', tone: 'neutral' };
  const s = view.state;
  if (s.kind === 'microphone_missing' || s.kind === 'disk_low') return { key: s.kind, tone: 'error' };
  if (s.kind === 'recording') return { key: 'recording', tone: 'ok' };
  if (serving) return { key: 'not_recording', tone: 'error' };
  if (s.detail === 'idle') return { key: 'idle', tone: 'neutral' };
  if (s.detail === 'starting') return { key: 'starting', tone: 'neutral' };
  return { key: 'not_recording', tone: 'warn' };
}
