import type { RecordingHandlers } from './recordingHostService.js';

/**
 * For a host that cannot record (no recording service was given): every channel answers, and
 * the counter shows "not recording" with the reason instead of failing silently.
 */
export function unavailableRecordingHandlers(reason: string, now: () => Date = () => new Date()): RecordingHandlers {
  const state = () => ({ kind: 'not_recording' as const, detail: reason, since: now().toISOString() });
  return {
    'recording:open': async (i) => ({ enabled: i.settings.enabled, state: state(), current: null, cursor: 0 }),
    'recording:microphones': async () => ({ source: 'none', microphones: [] }),
    'recording:begin': async () => ({ started: false, state: state(), finished: null }),
    'recording:end': async () => ({ finished: null }),
    'recording:events': async (i) => {
      await new Promise((r) => setTimeout(r, Math.min(i.waitMs, 1_000)));
      return { events: [], next: 0, state: state() };
    },
    'recording:list': async () => ({ files: [], current: null }),
    'recording:upload': async () => ({ state: 'failed', message: reason }),
    'recording:delete': async () => ({ deleted: false, reason: 'missing' }),
    'recording:hold': async (i) => ({ held: i.held }),
  };
}
