import { describe, expect, it } from 'vitest';
import type { HqDelta } from '../../../shared/hq/deltas.js';
import { LoggedBatches, MAX_HELD_DELTAS } from './loggedBatches.js';

const delta = (arrivals: number): HqDelta => ({ cell: { branchId: 'b', day: '2026-03-02', counter: 1, staffId: 's', service: 'A' }, sums: { arrivals } });

describe('the deltas a process holds for the batches it logged', () => {
  it('gives a batch its deltas once, and only for the same records and the same directory', () => {
    const held = new LoggedBatches();
    held.remember(10, { first: 4, stamp: '7/3', deltas: [delta(1)] });
    held.remember(20, { first: 10, stamp: '7/3', deltas: [delta(2)] });
    held.remember(30, { first: 20, stamp: '7/3', deltas: [delta(3)] });
    expect(held.take(10, 4, '7/3')).toEqual([delta(1)]);
    expect(held.take(10, 4, '7/3')).toBeUndefined();
    // A branch's configuration changed since: read back instead, and not held any more.
    expect(held.take(20, 10, '8/3')).toBeUndefined();
    expect(held.take(20, 10, '7/3')).toBeUndefined();
    // A log row naming other records under the same id (never written by this process).
    expect(held.take(30, 19, '7/3')).toBeUndefined();
    expect(held.size).toBe(0);
  });

  it('drops what was never merged here after a minute', () => {
    let now = 0;
    const held = new LoggedBatches(() => now);
    held.remember(10, { first: 4, stamp: 's', deltas: [delta(1)] });
    now = 30_000;
    held.remember(20, { first: 10, stamp: 's', deltas: [delta(2)] });
    now = 61_000;
    held.remember(30, { first: 20, stamp: 's', deltas: [delta(3)] });
    expect(held.size).toBe(2);
    expect(held.take(10, 4, 's')).toBeUndefined();
    expect(held.take(20, 10, 's')).toEqual([delta(2)]);
  });

  it('holds at most MAX_HELD_DELTAS deltas, dropping the oldest batches', () => {
    const held = new LoggedBatches(() => 0);
    const batch = MAX_HELD_DELTAS / 4;
    for (let i = 1; i <= 5; i++) held.remember(i, { first: i - 1, stamp: 's', deltas: Array.from({ length: batch }, () => delta(i)) });
    expect(held.size).toBe(4);
    expect(held.take(1, 0, 's')).toBeUndefined();
    expect(held.take(2, 1, 's')).toHaveLength(batch);
    // What was taken no longer counts: there is room again.
    held.remember(6, { first: 5, stamp: 's', deltas: [delta(6)] });
    expect(held.size).toBe(4);
    expect(held.take(3, 2, 's')).toHaveLength(batch);
  });
});
