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

export interface PlayoutOptions {
  /** Where a chunk starts after a gap (or at the start): this far ahead of now. */
  leadS: number;
  /** The smallest queue worth keeping: what network and scheduling jitter can eat. */
  targetSlackS: number;
  /** How long the queue must have stayed above the target before a chunk is dropped. */
  windowS: number;
  /** Never queue more than this (a stall followed by a flood). */
  maxAheadS: number;
}

/**
 * When each decoded chunk plays, on the AudioContext's clock. Chunks play back to back; after a
 * gap playback starts again `leadS` ahead. The counter's and the listener's audio clocks drift
 * apart, and the capture program delivers in bursts, so a plain back-to-back queue only grows
 * (and the delay with it). Like a jitter buffer's "accelerate": the smallest queue seen over a
 * window is slack nobody needed; when it exceeds the target by a chunk, one chunk is dropped.
 * The queue settles at burst size + target, whatever the drift.
 */
export class Playout {
  private end = 0;
  private windowStart = 0;
  private minSlack = Infinity;

  constructor(private readonly o: PlayoutOptions) {}

  /** Start time for a chunk of `durationS` arriving at `now`, or null to drop it. */
  slot(now: number, durationS: number): number | null {
    const slack = this.end - now;
    if (slack <= 0) {
      this.restartWindow(now);
      this.end = now + this.o.leadS + durationS;
      return now + this.o.leadS;
    }
    if (slack >= this.o.maxAheadS) return null;
    this.minSlack = Math.min(this.minSlack, slack);
    if (now - this.windowStart >= this.o.windowS) {
      const spare = this.minSlack - this.o.targetSlackS;
      this.restartWindow(now);
      if (spare >= durationS) return null;
    }
    const at = this.end;
    this.end += durationS;
    return at;
  }

  private restartWindow(now: number): void {
    this.windowStart = now;
    this.minSlack = Infinity;
  }
}
