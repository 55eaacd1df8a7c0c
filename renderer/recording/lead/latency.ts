/**
 * Delay from a packet's creation on the counter (its `at`: when its audio ended) to its decoding
 * in this browser, over the last `window` packets. Both clocks are wall clocks: on one machine
 * (or NTP-synchronised ones) this is the real end-to-end delay; otherwise it carries their offset.
 */
export class LatencyMeter {
  private readonly samples: number[] = [];
  count = 0;

  constructor(private readonly window = 100) {}

  add(ms: number): void {
    if (!Number.isFinite(ms)) return;
    this.samples.push(ms);
    if (this.samples.length > this.window) this.samples.shift();
    this.count++;
  }

  /** Median, max and count of the window; null before the first sample. */
  summary(): { medianMs: number; maxMs: number; count: number } | null {
    if (this.samples.length === 0) return null;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return { medianMs: Math.round(median), maxMs: Math.round(sorted[sorted.length - 1]!), count: this.count };
  }
}

/**
 * When to start playing the next decoded chunk: right after the previous one, or (after a gap,
 * or at the start) `leadS` from now, so a late packet never makes playback jump backwards.
 */
export function nextPlayTime(previousEnd: number, now: number, leadS: number): number {
  return Math.max(previousEnd, now + leadS);
}

/**
 * Like nextPlayTime, but null (drop this chunk) when what is already queued reaches `maxAheadS`
 * ahead of now. Packets come in bursts (the capture program delivers ~128 ms blocks) and the
 * counter's and the listener's audio clocks drift apart: without a bound the queue only grows,
 * and with it the delay. Dropping a 20 ms chunk now and then keeps the delay bounded.
 */
export function playSlot(previousEnd: number, now: number, leadS: number, maxAheadS: number): number | null {
  if (previousEnd - now >= maxAheadS) return null;
  return nextPlayTime(previousEnd, now, leadS);
}
