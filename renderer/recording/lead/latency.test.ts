import { describe, expect, it } from 'vitest';
import { LatencyMeter, nextPlayTime, playSlot } from './latency.js';

describe('LatencyMeter', () => {
  it('gives the median and maximum of the recent window', () => {
    const m = new LatencyMeter(3);
    expect(m.summary()).toBeNull();
    for (const ms of [500, 40, 60, 80]) m.add(ms);
    expect(m.summary()).toEqual({ medianMs: 60, maxMs: 80, count: 4 });
  });
});

describe('nextPlayTime', () => {
  it('plays chunks back to back while they keep up', () => {
    expect(nextPlayTime(10.04, 10.0, 0.06)).toBeCloseTo(10.06);
    expect(nextPlayTime(10.2, 10.0, 0.06)).toBe(10.2);
  });

  it('starts again a little ahead after a gap', () => {
    expect(nextPlayTime(5, 10, 0.06)).toBeCloseTo(10.06);
  });
});

describe('playSlot', () => {
  it('queues a burst of chunks back to back', () => {
    let end = 0;
    const starts: number[] = [];
    for (let i = 0; i < 6; i++) {
      const at = playSlot(end, 10, 0.06, 0.25)!;
      starts.push(at);
      end = at + 0.02;
    }
    expect(starts.map((s) => Math.round((s - 10) * 1000))).toEqual([60, 80, 100, 120, 140, 160]);
  });

  it('drops chunks while the queue is too far ahead, then plays again', () => {
    expect(playSlot(10.25, 10, 0.06, 0.25)).toBeNull();
    expect(playSlot(10.4, 10, 0.06, 0.25)).toBeNull();
    expect(playSlot(10.24, 10, 0.06, 0.25)).toBe(10.24);
  });
});
