import type { RecordingHostEvent } from '../../../shared/recording/hostChannels.js';

type Unsequenced = RecordingHostEvent extends infer E ? (E extends RecordingHostEvent ? Omit<E, 'seq'> : never) : never;

/**
 * The notices of one counter's recorder (state changes, finished recordings, uploads), numbered,
 * for the renderer's long poll. Only the newest `capacity` are kept: a renderer that fell further
 * behind reconciles from `recording:list`, which is the source of truth for files.
 */
export class HostEventLog {
  private readonly events: RecordingHostEvent[] = [];
  private seq = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly capacity = 500) {}

  get cursor(): number {
    return this.seq;
  }

  push(event: Unsequenced): RecordingHostEvent {
    const e = { ...event, seq: ++this.seq } as RecordingHostEvent;
    this.events.push(e);
    if (this.events.length > this.capacity) this.events.splice(0, this.events.length - this.capacity);
    for (const w of [...this.waiters]) w();
    return e;
  }

  after(cursor: number): RecordingHostEvent[] {
    return this.events.filter((e) => e.seq > cursor);
  }

  /** The events after `cursor`, waiting up to `waitMs` for the first one. */
  async next(cursor: number, waitMs: number): Promise<RecordingHostEvent[]> {
    const ready = this.after(cursor);
    if (ready.length > 0 || waitMs <= 0) return ready;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      this.waiters.add(done);
    });
    return this.after(cursor);
  }

  /** Ends every wait at once (shutdown). */
  wakeAll(): void {
    for (const w of [...this.waiters]) w();
  }
}
