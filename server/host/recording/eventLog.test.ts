import { describe, expect, it } from 'vitest';
import { HostEventLog } from './eventLog.js';

const state = { kind: 'recording' as const, since: '2026-01-01T00:00:00.000Z' };

describe('HostEventLog', () => {
  it('answers at once with what is newer than the cursor', async () => {
    const log = new HostEventLog();
    log.push({ type: 'state', state });
    log.push({ type: 'uploaded', recordingId: '01JD3Z6Q5X8M4N2P7R9S0T1V2W', sha256: 'a'.repeat(64), at: state.since });
    expect((await log.next(1, 5_000)).map((e) => e.seq)).toEqual([2]);
  });

  it('waits for the next event, or gives up empty-handed after waitMs', async () => {
    const log = new HostEventLog();
    const waiting = log.next(0, 5_000);
    setTimeout(() => log.push({ type: 'state', state }), 20);
    expect((await waiting).map((e) => e.type)).toEqual(['state']);
    const started = Date.now();
    expect(await log.next(1, 50)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('keeps only the newest events; numbering goes on', () => {
    const log = new HostEventLog(3);
    for (let i = 0; i < 5; i++) log.push({ type: 'state', state });
    expect(log.after(0).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(log.cursor).toBe(5);
  });
});
