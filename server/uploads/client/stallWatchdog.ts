/**
 * tus-js-client waits forever on a connection that stopped moving (a half-open link after a
 * Wi-Fi or VPN drop). This fires `onStall` once when `kick()` was not called for `timeoutMs`;
 * the caller aborts the attempt and resumes from the server's offset.
 */
export class StallWatchdog {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;

  constructor(
    private readonly timeoutMs: number,
    private readonly onStall: () => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Something moved: a request started, bytes went out, an answer came. */
  kick(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.stop();
      this.onStall();
    }, this.timeoutMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
