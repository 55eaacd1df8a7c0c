/**
 * Hybrid logical clock (Kulkarni et al.): timestamps that follow wall time when clocks are
 * sane and never go backwards on one device when they are not (a PC 2 hours fast, then
 * corrected). Encoded as a fixed-width string so string order is causal order:
 * "<wall ms, 15 digits>:<counter, base36, 5>:<node id>".
 */
export interface Hlc {
  wallMs: number;
  counter: number;
  node: string;
}

const MAX_COUNTER = 36 ** 5 - 1;

export function encodeHlc(h: Hlc): string {
  return `${String(h.wallMs).padStart(15, '0')}:${h.counter.toString(36).padStart(5, '0')}:${h.node}`;
}

export function decodeHlc(s: string): Hlc {
  const m = /^(\d{15}):([0-9a-z]{5}):(.+)$/.exec(s);
  if (!m) throw new RangeError(`not a hybrid logical clock timestamp: ${s}`);
  return { wallMs: Number(m[1]), counter: parseInt(m[2]!, 36), node: m[3]! };
}

export const HLC_PATTERN = /^\d{15}:[0-9a-z]{5}:.+$/;

/** The clock's state on one device; `now` is injected so tests can set any wall clock. */
export class HybridClock {
  private last: Hlc;

  constructor(
    readonly node: string,
    private readonly now: () => number = Date.now,
    restored?: string,
  ) {
    this.last = restored ? decodeHlc(restored) : { wallMs: 0, counter: 0, node };
  }

  /** A timestamp for a local event: later than every timestamp this clock has seen. */
  tick(): string {
    const wall = this.now();
    this.last =
      wall > this.last.wallMs
        ? { wallMs: wall, counter: 0, node: this.node }
        : { wallMs: this.last.wallMs, counter: bump(this.last.counter), node: this.node };
    return encodeHlc(this.last);
  }

  /** Moves past a timestamp received from another device, so our next event sorts after it. */
  receive(remote: string): string {
    const r = decodeHlc(remote);
    const wall = this.now();
    const maxWall = Math.max(wall, this.last.wallMs, r.wallMs);
    let counter: number;
    if (maxWall === this.last.wallMs && maxWall === r.wallMs) counter = bump(Math.max(this.last.counter, r.counter));
    else if (maxWall === this.last.wallMs) counter = bump(this.last.counter);
    else if (maxWall === r.wallMs) counter = bump(r.counter);
    else counter = 0;
    this.last = { wallMs: maxWall, counter, node: this.node };
    return encodeHlc(this.last);
  }

  current(): string {
    return encodeHlc(this.last);
  }
}

function bump(counter: number): number {
  if (counter >= MAX_COUNTER) throw new RangeError('hybrid clock counter overflow: the wall clock is stuck');
  return counter + 1;
}
