import { describe, expect, it } from 'vitest';
import { EMPTY_BELOW_MS, MIN_SOUND_FRAMES, SHORT_TOLERANCE_MS, evidenceFlags, silentFromLoudFrames, spanOfRecording } from './evidence.js';
import type { RecordingEvidence } from './evidence.js';

const T0 = Date.parse('2026-03-02T02:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const rec = (from: number, to: number, over: Partial<RecordingEvidence> = {}): RecordingEvidence => ({
  startedAt: at(from),
  endedAt: at(to),
  durationMs: to - from,
  finishedAs: 'complete',
  silent: false,
  ...over,
});

describe('evidence flags', () => {
  it('a recording that covers its service, with sound, has none', () => {
    expect(evidenceFlags(rec(-2000, 60_500), { start: at(0), end: at(60_000) })).toEqual([]);
    // Without the service known, only what the recording says of itself counts.
    expect(evidenceFlags(rec(0, 60_000))).toEqual([]);
  });

  it('empty: under a second of audio (what a counter without a microphone uploads), whatever else it says', () => {
    expect(evidenceFlags(rec(0, 20, { silent: true }), { start: at(0), end: at(60_000) })).toEqual(['empty']);
    expect(evidenceFlags(rec(0, EMPTY_BELOW_MS - 1))).toEqual(['empty']);
    expect(evidenceFlags(rec(0, EMPTY_BELOW_MS))).toEqual([]);
  });

  it('silent: as the recorder measured it; unknown is not silent', () => {
    expect(evidenceFlags(rec(0, 60_000, { silent: true }))).toEqual(['silent']);
    expect(evidenceFlags(rec(0, 60_000, { silent: null }))).toEqual([]);
    expect(evidenceFlags(rec(0, 60_000, { silent: undefined }))).toEqual([]);
    expect(silentFromLoudFrames(0)).toBe(true);
    expect(silentFromLoudFrames(MIN_SOUND_FRAMES - 1)).toBe(true);
    expect(silentFromLoudFrames(MIN_SOUND_FRAMES)).toBe(false);
  });

  it('cut short: repaired after a crash, or covering less of the service than the queue says it lasted', () => {
    expect(evidenceFlags(rec(0, 60_000, { finishedAs: 'interrupted' }))).toEqual(['cut_short']);
    expect(evidenceFlags(rec(0, 20, { finishedAs: 'interrupted' }))).toEqual(['empty', 'cut_short']);
    const service = { start: at(0), end: at(120_000) };
    expect(evidenceFlags(rec(-2000, 120_000 - SHORT_TOLERANCE_MS + 1), service)).toEqual([]);
    expect(evidenceFlags(rec(-2000, 60_000), service)).toEqual(['cut_short']);
    expect(evidenceFlags(rec(SHORT_TOLERANCE_MS + 1000, 120_000), service)).toEqual(['cut_short']);
    expect(evidenceFlags(rec(-2000, 60_000, { silent: true }), service)).toEqual(['silent', 'cut_short']);
    // A service still under way: only a late start counts.
    expect(evidenceFlags(rec(-2000, 5000), { start: at(0), end: null })).toEqual([]);
  });

  it('a recording belongs to the span it overlaps most', () => {
    const spans = [
      { start: at(0), end: at(60_000), n: 1 },
      { start: at(300_000), end: at(400_000), n: 2 },
    ];
    expect(spanOfRecording(rec(299_000, 401_000), spans)?.n).toBe(2);
    expect(spanOfRecording(rec(-2000, 61_000), spans)?.n).toBe(1);
    expect(spanOfRecording(rec(100_000, 101_000), spans)?.n).toBe(1);
    expect(spanOfRecording(rec(0, 1000), [])).toBeNull();
  });
});
