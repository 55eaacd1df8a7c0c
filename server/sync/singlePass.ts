/** A burst of wakes makes one pass. */
const DEFAULT_WAKE_DELAY_MS = 50;

export interface SinglePassOptions {
  /** One pass over whatever is there now; its answer is summed into run()'s. */
  pass: () => Promise<number>;
  /** How long after a wake the pass starts. */
  wakeDelayMs?: number;
  /** What a failed background pass is called in the warning. */
  name: string;
  warn?: (message: string) => void;
}

/**
 * Runs a catch-up pass one at a time. A call while a pass runs asks for one more after it, and
 * waits for that one too: whatever was there when a caller asked is covered when its promise
 * settles (a screen reads after it). Shared by the record followers and head office's delta
 * log, which differ only in what a pass does.
 */
export class SinglePass {
  private running: Promise<number> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly o: SinglePassOptions) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Passes until nothing asked for another; returns what they summed. */
  run(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      do {
        this.again = false;
        total += await this.o.pass();
      } while (this.again && !this.stopped);
      return total;
    })().finally(() => (this.running = null));
    return this.running;
  }

  /** One pass shortly (debounced), nobody waiting for it. */
  wakeSoon(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run().catch((err: unknown) => this.o.warn?.(`${this.o.name} failed: ${(err as Error).message}`));
    }, this.o.wakeDelayMs ?? DEFAULT_WAKE_DELAY_MS);
    this.timer.unref?.();
  }

  /** Waits for a pass under way, if any. */
  async settle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
