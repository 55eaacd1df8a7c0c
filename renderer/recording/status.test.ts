import { describe, expect, it } from 'vitest';
import { initialRecordingView } from './counterRecording.js';
import type { RecordingView } from './counterRecording.js';
import { recordingStatus } from './status.js';

const since = '2026-01-01T00:00:00.000Z';
const view = (patch: Partial<RecordingView>): RecordingView => ({ ...initialRecordingView(), ready: true, ...patch });

describe('recordingStatus', () => {
  it('shows recording while the recorder records', () => {
    expect(recordingStatus(view({ state: { kind: 'recording', since } }), true)).toEqual({ key: 'recording', tone: 'ok' });
  });

  it('is calm between services when the capture is healthy', () => {
    expect(recordingStatus(view({ state: { kind: 'not_recording', detail: 'idle', since } }), false)).toEqual({ key: 'idle', tone: 'neutral' });
  });

  it('is an error when a customer is being served and nothing records', () => {
    expect(recordingStatus(view({ state: { kind: 'not_recording', detail: 'idle', since } }), true)).toEqual({ key: 'not_recording', tone: 'error' });
  });

  it.each(['microphone_missing', 'disk_low'] as const)('is an error when the recorder reports %s', (kind) => {
    expect(recordingStatus(view({ state: { kind, since } }), false)).toEqual({ key: kind, tone: 'error' });
  });

  it('says the host is unavailable when it never answered', () => {
    expect(recordingStatus({ ...initialRecordingView(), hostError: 'the host socket is not available' }, false)).toEqual({ key: 'hostError', tone: 'error' });
  });

  it('says recording is off when the configuration switched it off', () => {
    expect(recordingStatus(view({ enabled: false, state: { kind: 'not_recording', detail: 'disabled', since } }), true)).toEqual({ key: 'off', tone: 'neutral' });
  });
});
