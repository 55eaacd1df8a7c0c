import { describe, expect, it } from 'vitest';
import { LatencyMeter, Playout } from './latency.js';

describe('LatencyMeter', () => {
  it('gives the median and maximum of the recent window', () => {
    const m = new LatencyMeter(3);
    expect(m.summary()).toBeNull();
    for (const ms of [500, 40, 60, 80]) m.add(ms);
    expect(m.summary()).toEqual({ medianMs: 60, maxMs: 80, count: 4 });
  });
});

const OPTS = { leadS: 0.06, targetSlackS: 0.04, windowS: 1, maxAheadS: 0.4 };
const CHUNK = 0.02;

/**
 * Feeds `seconds` of a capture that delivers `burst` chunks at once every burst (its block), on a
 * clock running `drift` faster than the listener's; returns the queue (ms) just before each burst
 * and how many chunks were dropped.
 */
function simulate(seconds: number, burst: number, drift: number): { queueMs: number[]; dropped: number } {
  const p = new Playout(OPTS);
  const queueMs: number[] = [];
  let end = 0;
  let dropped = 0;
  const period = (burst * CHUNK) / (1 + drift);
  for (let now = 10; now < 10 + seconds; now += period) {
    queueMs.push(Math.max(0, end - now) * 1000);
    for (let i = 0; i < burst; i++) {
      const at = p.slot(now, CHUNK);
      if (at === null) dropped++;
      else end = at + CHUNK;
    }
  }
  return { queueMs, dropped };
}

describe('Playout', () => {
  it('queues a burst of chunks back to back, the first one lead ahead', () => {
    const p = new Playout(OPTS);
    const starts = [0, 1, 2, 3, 4, 5].map(() => p.slot(10, CHUNK)!);
    expect(starts.map((s) => Math.round((s - 10) * 1000))).toEqual([60, 80, 100, 120, 140, 160]);
  });

  it('starts lead ahead again after a gap, never in the past', () => {
    const p = new Playout(OPTS);
    p.slot(10, CHUNK);
    expect(p.slot(12, CHUNK)).toBeCloseTo(12.06);
  });

  it('keeps the delay bounded when the counter’s clock runs fast (128 ms blocks, +1 %)', () => {
    const { queueMs, dropped } = simulate(120, 6, 0.01);
    const late = queueMs.slice(-50);
    // Without dropping, +1 % over two minutes would have queued 1.2 s more.
    // A chunk is dropped once the spare reaches a chunk, checked once a window: target + 2 chunks.
    expect(Math.max(...late)).toBeLessThan(OPTS.targetSlackS * 1000 + 2 * CHUNK * 1000);
    expect(Math.min(...late)).toBeGreaterThan(0); // and never runs dry
    expect(dropped).toBeGreaterThanOrEqual(55); // ~1.2 s / 20 ms, plus the lead given back
    expect(dropped).toBeLessThan(75);
  });

  it('gives the start-up lead back down to the target with 20 ms blocks and no drift', () => {
    const { queueMs, dropped } = simulate(10, 1, 0);
    const late = queueMs.slice(-100);
    expect(Math.max(...late)).toBeLessThanOrEqual(OPTS.targetSlackS * 1000 + CHUNK * 1000 + 1);
    expect(Math.min(...late)).toBeGreaterThanOrEqual(OPTS.targetSlackS * 1000 - 1);
    expect(dropped).toBe(1); // 60 ms lead -> 40 ms target: one chunk
  });

  it('drops nothing when the counter’s clock runs slow: gaps restart the lead instead', () => {
    const { dropped } = simulate(60, 6, -0.01);
    expect(dropped).toBeLessThanOrEqual(2);
  });

  it('drops what would queue beyond the cap (a stall, then a flood)', () => {
    const p = new Playout(OPTS);
    const played = Array.from({ length: 40 }, () => p.slot(10, CHUNK)).filter((s) => s !== null);
    expect(played.length).toBe(Math.ceil((OPTS.maxAheadS - OPTS.leadS) / CHUNK) + 1);
  });
});
