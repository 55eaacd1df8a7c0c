import { describe, expect, it } from 'vitest';
import { LatencyMeter, nextPlayTime } from './latency.js';

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
