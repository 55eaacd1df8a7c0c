import type { HqDelta } from '../../../shared/hq/deltas.js';

/** A logged batch's deltas as this process made them, kept for its merge. */
export interface LoggedBatch {
  /** The sequence value before the batch: its records are first + 1 .. its log row's id. */
  first: number;
  /** The directory stamp the deltas were made with. */
  stamp: string;
  deltas: HqDelta[];
}

/** Entries older than this are dropped: merges run every second, so one this old was merged elsewhere (or never committed). */
const MAX_AGE_MS = 60_000;
/** At most this many batches are held; the oldest go first. */
const MAX_BATCHES = 5_000;

/**
 * The deltas of batches this process logged (deltaLog.ts), by log row id (the batch's last
 * server_seq), from the moment their transaction committed until they are merged. Only a hint:
 * a log row whose deltas are not here (made before a restart, by another process, with a
 * directory changed since, or dropped here) is merged from its records read back, with the same
 * result; so what is held may be dropped at any time.
 */
export class LoggedBatches {
  private readonly held = new Map<number, LoggedBatch & { at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.held.size;
  }

  remember(id: number, batch: LoggedBatch): void {
    const now = this.now();
    this.held.set(id, { ...batch, at: now });
    // A Map iterates in insertion order: the oldest first.
    for (const [k, v] of this.held) {
      if (this.held.size <= MAX_BATCHES && now - v.at <= MAX_AGE_MS) break;
      this.held.delete(k);
    }
  }

  /**
   * The deltas of log row `id` (records first + 1 .. id) if they are held and were made with
   * `stamp`; taken out either way.
   */
  take(id: number, first: number, stamp: string): HqDelta[] | undefined {
    const hit = this.held.get(id);
    this.held.delete(id);
    return hit && hit.first === first && hit.stamp === stamp ? hit.deltas : undefined;
  }

  clear(): void {
    this.held.clear();
  }
}
