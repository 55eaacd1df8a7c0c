import { StreamMessage } from '../../shared/queue/events.js';
import type { QueueEvent, QueueSnapshot } from '../../shared/queue/events.js';
import { nextDelay } from '../../shared/sync/backoff.js';
import type { BackoffOptions } from '../../shared/sync/backoff.js';

type SocketLike = Pick<WebSocket, 'close' | 'addEventListener'>;

/**
 * A board must show the queue again within seconds of the hub coming back, so the cap is far
 * below the sync loops' minute; the full jitter still spreads a branch's displays apart.
 */
export const STREAM_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 10_000 };

export interface StreamHandlers {
  onSnapshot(snapshot: QueueSnapshot): void;
  /** Returns false when the event does not follow the last one (a gap): the client resyncs. */
  onEvent(event: QueueEvent): boolean;
  onStatus(connected: boolean): void;
  /** Every other message (special prompts, a phrase shown on a display, ...), after the snapshot. */
  onMessage?(message: SideMessage): void;
}

/** Stream messages beside the queue's own snapshot and events. */
export type SideMessage = Exclude<StreamMessage, { type: 'snapshot' | 'event' }>;

export interface StreamClientOptions {
  /** Resolves the ws:// URL of /api/v1/stream (the hub address may need the host bridge). */
  url: () => Promise<string>;
  handlers: StreamHandlers;
  createSocket?: (url: string) => SocketLike;
  /** A socket that neither opens nor fails within this is given up and retried. */
  connectTimeoutMs?: number;
  delay?: (attempt: number) => number;
}

/**
 * The queue stream over one WebSocket: the hub sends a snapshot first, then events in seq
 * order. Reconnects by itself with backoff; `connected` is true only once a snapshot arrived.
 */
export class StreamClient {
  private socket: SocketLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private stopped = true;
  private connected = false;
  private readonly createSocket: (url: string) => SocketLike;
  private readonly delay: (attempt: number) => number;

  constructor(private readonly options: StreamClientOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.delay = options.delay ?? ((n) => nextDelay(n, STREAM_BACKOFF));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.open();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    const s = this.socket;
    this.socket = null;
    s?.close();
    this.connected = false;
  }

  /** Something else (an HTTP call) reached the hub: retry now instead of after the backoff. */
  nudge(): void {
    if (this.stopped || this.connected || this.socket) return;
    this.clearTimer();
    this.attempt = 0;
    void this.open();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    let url: string;
    try {
      url = await this.options.url();
    } catch {
      this.retry();
      return;
    }
    if (this.stopped || this.socket) return;
    let socket: SocketLike;
    try {
      socket = this.createSocket(url);
    } catch {
      this.retry();
      return;
    }
    this.socket = socket;
    const giveUp = setTimeout(() => {
      if (this.socket === socket && !this.connected) socket.close();
    }, this.options.connectTimeoutMs ?? 4000);
    socket.addEventListener('message', (ev) => {
      if (this.socket !== socket) return;
      this.onMessage(socket, (ev as MessageEvent).data);
    });
    const onGone = () => {
      clearTimeout(giveUp);
      if (this.socket !== socket) return;
      this.socket = null;
      this.connected = false;
      this.options.handlers.onStatus(false); // on every failed attempt, so callers can tell 'offline'
      this.retry();
    };
    socket.addEventListener('close', onGone);
    socket.addEventListener('error', () => socket.close());
  }

  private onMessage(socket: SocketLike, data: unknown): void {
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch {
      return;
    }
    const msg = StreamMessage.safeParse(json);
    if (!msg.success) return;
    if (msg.data.type === 'snapshot') {
      this.attempt = 0;
      this.options.handlers.onSnapshot(msg.data.snapshot);
      if (!this.connected) {
        this.connected = true;
        this.options.handlers.onStatus(true);
      }
      return;
    }
    if (!this.connected) return; // events before the snapshot cannot be placed
    if (msg.data.type !== 'event') {
      this.options.handlers.onMessage?.(msg.data);
      return;
    }
    if (!this.options.handlers.onEvent(msg.data.event)) {
      // A missed event: start over with a fresh snapshot.
      socket.close();
    }
  }

  private retry(): void {
    if (this.stopped) return;
    this.clearTimer();
    const wait = this.delay(this.attempt++);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.open();
    }, wait);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
