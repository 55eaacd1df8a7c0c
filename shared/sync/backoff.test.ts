import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffCeiling, nextDelay } from './backoff.js';

const opts = { baseMs: 100, maxMs: 5_000 };

describe('exponential backoff with full jitter', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10, 60].map((n) => backoffCeiling(n, opts))).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
  });

  it('draws uniformly below the ceiling: random 0 gives 0, random just under 1 gives just under the ceiling', () => {
    expect(nextDelay(3, opts, () => 0)).toBe(0);
    expect(nextDelay(3, opts, () => 0.5)).toBe(400);
    expect(nextDelay(3, opts, () => 0.999999)).toBe(799);
  });

  it('never overflows or goes negative on strange input', () => {
    expect(nextDelay(10_000, opts, () => 0.5)).toBe(2_500);
    expect(nextDelay(-3, opts, () => 0.5)).toBe(50);
    expect(nextDelay(Number.NaN, opts, () => 0.5)).toBe(50);
    expect(nextDelay(2, opts, () => 7)).toBeLessThan(400);
    expect(nextDelay(2, opts, () => -1)).toBe(0);
    expect(nextDelay(2, { baseMs: 0, maxMs: 0 }, () => 0.5)).toBe(0);
  });

  it('uses one-second base and one-minute cap by default', () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 1_000, maxMs: 60_000 });
    expect(nextDelay(20, undefined, () => 0.999)).toBeLessThan(60_000);
  });

  it('is always a whole number in [0, min(max, base·2^n))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, baseMs, maxMs, r) => {
          const d = nextDelay(attempt, { baseMs, maxMs }, () => r);
          const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 1024));
          return Number.isInteger(d) && d >= 0 && d < ceiling;
        },
      ),
    );
  });
});
