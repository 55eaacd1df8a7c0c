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
/**
 * At most this many deltas are held (some 50 MB; several seconds of the heaviest ingest measured,
 * tests/bench/hqFiguresBench.ts); past it the oldest batches go first.
 */
export const MAX_HELD_DELTAS = 200_000;

/**
 * The deltas of batches this process logged (deltaLog.ts), by log row id (the batch's last
 * server_seq), from the moment their transaction committed until they are merged. Only a hint:
 * a log row whose deltas are not here (made before a restart, by another process, with a
 * directory changed since, or dropped here) is merged from its records read back, as a consumer
 * page counts them; so what is held may be dropped at any time.
 */
export class LoggedBatches {
  private readonly held = new Map<number, LoggedBatch & { at: number }>();
  private deltas = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.held.size;
  }

  remember(id: number, batch: LoggedBatch): void {
    const now = this.now();
    this.drop(id);
    this.held.set(id, { ...batch, at: now });
    this.deltas += batch.deltas.length;
    // A Map iterates in insertion order: the oldest first.
    for (const [k, v] of this.held) {
      if (this.deltas <= MAX_HELD_DELTAS && now - v.at <= MAX_AGE_MS) break;
      this.drop(k);
    }
  }

  /**
   * The deltas of log row `id` (records first + 1 .. id) if they are held and were made with
   * `stamp`; taken out either way.
   */
  take(id: number, first: number, stamp: string): HqDelta[] | undefined {
    const hit = this.held.get(id);
    this.drop(id);
    return hit && hit.first === first && hit.stamp === stamp ? hit.deltas : undefined;
  }

  clear(): void {
    this.held.clear();
    this.deltas = 0;
  }

  private drop(id: number): void {
    const hit = this.held.get(id);
    if (!hit) return;
    this.held.delete(id);
    this.deltas -= hit.deltas.length;
  }
}
