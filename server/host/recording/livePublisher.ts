import WebSocket from 'ws';
import { nextDelay } from '../../../shared/sync/backoff.js';
import { encodeLivePacket, LIVE_PUBLISH_PATH, LivePublisherFrame } from '../../../shared/recording/live.js';
import type { LivePacketFrame, LiveStreamInfo, LiveTextFrame, PublisherStateFrame } from '../../../shared/recording/live.js';
import { PinnedHubAgent } from '../../uploads/client/hubPin.js';
import type { HubPin } from '../../uploads/client/hubPin.js';

export interface LivePublisherOptions {
  /** The hub's base URL (http://...). */
  hubUrl: () => string;
  token: string;
  counter: number;
  stream: LiveStreamInfo;
  random?: () => number;
  /** Whether anyone listens, each time that changes: the recorder runs its live capture only meanwhile. */
  onHeard?: (heard: boolean) => void;
  /** The recorder's state when the publisher starts (then setState): the hub tells the window's display whether it records. */
  state?: PublisherStateFrame['state'] | null;
  /** The hub's certificate, for an https hub: trusted alone, as for uploads (server/uploads/client/hubPin.ts). */
  pin?: () => HubPin | null;
  /** Injected for tests. */
  createSocket?: (url: string, headers: Record<string, string>) => WebSocket;
}

/** Packets waiting in the socket beyond this are dropped: live audio is never queued up. */
const MAX_BUFFERED_BYTES = 64 * 1024;

/**
 * Sends one counter's live Opus packets to the hub (LIVE_PUBLISH_PATH) with the counter's device
 * token, reconnecting with backoff while it runs, and only while the hub says someone listens.
 * Nothing is buffered while disconnected or unheard.
 */
export class LivePublisher {
  private socket: WebSocket | null = null;
  private open = false;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Listeners of this counter, as the hub last said. */
  private listeners = 0;
  /** For the host's diagnostics (`unheard`: not sent, nobody listening). */
  readonly stats = { sent: 0, dropped: 0, unheard: 0, connects: 0 };
  private state: PublisherStateFrame['state'] | null;

  constructor(private readonly opts: LivePublisherOptions) {
    this.state = opts.state ?? null;
  }

  /** The recorder's state changed: the hub is told now, or on (re)connecting. */
  setState(state: PublisherStateFrame['state']): void {
    this.state = state;
    this.sendState();
  }

  private sendState(): void {
    const s = this.socket;
    if (!this.open || !s || s.readyState !== WebSocket.OPEN || this.state === null) return;
    const frame: PublisherStateFrame = { type: 'state', counter: this.opts.counter, state: this.state };
    s.send(JSON.stringify(frame));
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.setListeners(0); // while still open, so the change from heard is seen
    this.socket?.close(1000, 'publisher stopped');
    this.socket = null;
    this.open = false;
  }

  get connected(): boolean {
    return this.open;
  }

  /** Whether the hub has listeners for this counter now. */
  get heard(): boolean {
    return this.open && this.listeners > 0;
  }

  send(p: LivePacketFrame): void {
    const s = this.socket;
    if (this.open && this.listeners === 0) {
      this.stats.unheard++;
      return;
    }
    if (!this.open || !s || s.readyState !== WebSocket.OPEN || s.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.stats.dropped++;
      return;
    }
    // `at` on the wire is when the packet was made (now: the recorder hands each packet over as the
    // encoder produces it), on this host's wall clock: listeners measure their delay from it.
    s.send(encodeLivePacket({ ...p, at: Date.now() }));
    this.stats.sent++;
  }

  private setListeners(count: number): void {
    const was = this.heard;
    this.listeners = count;
    if (this.heard !== was) this.opts.onHeard?.(this.heard);
  }

  private connect(): void {
    if (this.stopped) return;
    const url = new URL(`${LIVE_PUBLISH_PATH}?counter=${this.opts.counter}`, this.opts.hubUrl());
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const headers = { authorization: `Bearer ${this.opts.token}` };
    const pin = url.protocol === 'wss:' ? (this.opts.pin?.() ?? null) : null;
    const socket = this.opts.createSocket ? this.opts.createSocket(url.href, headers) : new WebSocket(url.href, { headers, ...(pin ? { agent: new PinnedHubAgent(pin) } : {}) });
    this.socket = socket;
    socket.on('open', () => {
      this.open = true;
      this.failures = 0;
      this.stats.connects++;
      const hello: LiveTextFrame = { type: 'hello', counter: this.opts.counter, stream: this.opts.stream };
      socket.send(JSON.stringify(hello));
      this.sendState();
    });
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (isBinary || this.socket !== socket) return;
      let json: unknown;
      try {
        json = JSON.parse(String(data));
      } catch {
        return;
      }
      const frame = LivePublisherFrame.safeParse(json);
      if (frame.success && frame.data.counter === this.opts.counter) this.setListeners(frame.data.count);
    });
    socket.on('error', () => undefined); // 'close' follows and schedules the retry
    socket.on('close', (code) => {
      if (this.socket !== socket) return;
      this.setListeners(0); // while still open, so the change from heard is seen
      this.open = false;
      this.socket = null;
      // 4401/4403: the token is refused; retrying slowly still lets a re-enrolled counter come back.
      this.failures = code >= 4400 ? Math.max(this.failures, 6) + 1 : this.failures + 1;
      if (this.stopped) return;
      const delay = nextDelay(this.failures - 1, { baseMs: 500, maxMs: 30_000 }, this.opts.random ?? Math.random);
      this.timer = setTimeout(() => this.connect(), delay);
    });
  }
}
