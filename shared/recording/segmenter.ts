// Cuts one continuous stream of encoded 20 ms frames into per-service recordings. A ticket call
// opens a recording that starts `preRoll` frames earlier (kept in a ring), so the greeting is never
// clipped; the end of service closes it once the frames up to that moment have been encoded.
// Frame indices count the capture since it began; cut points may run ahead of the encoder.

export interface EncodedFrame {
  /** Position in the capture: frame i holds samples [i*320, (i+1)*320) at 16 kHz. */
  index: number;
  /** Wall-clock milliseconds (epoch) at which the frame's audio ended. */
  at: number;
  data: Uint8Array;
  /** The frame's loudest sample (0-32767) before encoding, when the encoder measured it (evidence.ts). */
  peak?: number;
}

/** Fixed-capacity ring of the most recent frames (the pre-roll). */
export class FrameRing {
  private readonly items: (EncodedFrame | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<EncodedFrame | undefined>(Math.max(0, capacity));
  }

  push(frame: EncodedFrame): void {
    if (this.capacity === 0) return;
    const slot = (this.start + this.count) % this.capacity;
    this.items[slot] = frame;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Frames with index >= `from`, oldest first. */
  since(from: number): EncodedFrame[] {
    const out: EncodedFrame[] = [];
    for (let i = 0; i < this.count; i++) {
      const f = this.items[(this.start + i) % this.capacity]!;
      if (f.index >= from) out.push(f);
    }
    return out;
  }

  get size(): number {
    return this.count;
  }
}

export type SegmentEvent<M> =
  | { kind: 'open'; key: number; meta: M; frames: EncodedFrame[] }
  | { kind: 'append'; key: number; frame: EncodedFrame }
  | { kind: 'close'; key: number };

interface OpenSegment<M> {
  key: number;
  meta: M;
  start: number;
  /** Exclusive end frame; null while the service goes on. */
  end: number | null;
  lastIndex: number;
}

export class Segmenter<M> {
  private readonly ring: FrameRing;
  private readonly open: OpenSegment<M>[] = [];
  private nextKey = 1;
  private lastIndex = -1;

  constructor(readonly preRollFrames: number) {
    this.ring = new FrameRing(preRollFrames);
  }

  /** Index of the newest frame seen (-1 before any). */
  get newestIndex(): number {
    return this.lastIndex;
  }

  /** Keys of recordings still open (including those waiting for their last frames). */
  get openKeys(): number[] {
    return this.open.map((s) => s.key);
  }

  /**
   * A service begins at frame `at`. Any recording still running is cut there; the new one starts
   * `preRollFrames` earlier, with whatever the ring holds from that point.
   */
  begin(meta: M, at: number): { key: number; events: SegmentEvent<M>[] } {
    const events: SegmentEvent<M>[] = [];
    for (const s of this.open) if (s.end === null) events.push(...this.setEnd(s, at));
    const key = this.nextKey++;
    const start = Math.max(0, at - this.preRollFrames);
    const frames = this.ring.since(start);
    const segment: OpenSegment<M> = { key, meta, start, end: null, lastIndex: frames.length ? frames[frames.length - 1]!.index : start - 1 };
    this.open.push(segment);
    events.push({ kind: 'open', key, meta, frames });
    return { key, events };
  }

  /** The service of `key` ends at frame `at` (exclusive); closes once that frame is in. */
  end(key: number, at: number): SegmentEvent<M>[] {
    const s = this.open.find((x) => x.key === key);
    if (!s || s.end !== null) return [];
    return this.setEnd(s, at);
  }

  /** Gives up waiting for frames (the capture stopped): closes `key` with what it has. */
  forceClose(key: number): SegmentEvent<M>[] {
    const i = this.open.findIndex((x) => x.key === key);
    if (i < 0) return [];
    this.open.splice(i, 1);
    return [{ kind: 'close', key }];
  }

  push(frame: EncodedFrame): SegmentEvent<M>[] {
    if (frame.index <= this.lastIndex) return []; // never twice, never backwards
    this.lastIndex = frame.index;
    this.ring.push(frame);
    const events: SegmentEvent<M>[] = [];
    for (const s of [...this.open]) {
      if (frame.index >= s.start && (s.end === null || frame.index < s.end)) {
        events.push({ kind: 'append', key: s.key, frame });
        s.lastIndex = frame.index;
      }
      if (s.end !== null && frame.index >= s.end - 1) events.push(...this.close(s));
    }
    return events;
  }

  private setEnd(s: OpenSegment<M>, at: number): SegmentEvent<M>[] {
    s.end = Math.max(at, s.start);
    return this.lastIndex >= s.end - 1 ? this.close(s) : [];
  }

  private close(s: OpenSegment<M>): SegmentEvent<M>[] {
    const i = this.open.indexOf(s);
    if (i < 0) return [];
    this.open.splice(i, 1);
    return [{ kind: 'close', key: s.key }];
  }
}
