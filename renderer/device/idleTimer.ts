/**
 * Calls `onIdle` once after `timeoutMs()` without activity (keyboard, mouse, touch: the caller
 * reports it with `activity()`, which only notes the time, so a mouse move costs nothing). Runs
 * until stopped; after firing it waits for activity before counting again.
 */
export class IdleTimer {
  private last: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private fired = false;
  private running = false;
  private readonly now: () => number;

  constructor(
    private readonly o: {
      timeoutMs: () => number;
      onIdle: () => void;
      now?: () => number;
    },
  ) {
    this.now = o.now ?? Date.now;
    this.last = this.now();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.fired = false;
    this.last = this.now();
    this.schedule(this.o.timeoutMs());
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Input seen: the idle time starts over. */
  activity(): void {
    this.last = this.now();
    if (this.fired && this.running) {
      this.fired = false;
      this.schedule(this.o.timeoutMs());
    }
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), Math.max(0, ms));
  }

  private check(): void {
    this.timer = null;
    if (!this.running) return;
    const left = this.o.timeoutMs() - (this.now() - this.last);
    if (left > 0) {
      this.schedule(left);
      return;
    }
    this.fired = true;
    this.o.onIdle();
  }
}

/** The input events that count as someone at the workstation. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;
