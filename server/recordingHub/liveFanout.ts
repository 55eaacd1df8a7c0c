import type { StreamMessage } from '../../shared/queue/events.js';
import type { LivePublisherFrame, LiveStreamInfo, LiveTextFrame, PublisherStateFrame } from '../../shared/recording/live.js';
import { LIVE_HEADER_BYTES } from '../../shared/recording/live.js';
import type { RecordingWindow } from '../../shared/recording/windowStatus.js';

/** The part of a WebSocket the fan-out uses (ws's WebSocket, or a fake in tests). */
export interface LiveSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

const OPEN = 1;
/** A listener this far behind is skipped until it catches up: live audio is dropped, never queued. */
const MAX_BUFFERED_BYTES = 256 * 1024;

interface Channel {
  publisher: LiveSocket | null;
  stream: LiveStreamInfo | null;
  listeners: Set<LiveSocket>;
  /** The recorder's state as its publisher last said (null: not said since it attached). */
  state: PublisherStateFrame['state'] | null;
}

/**
 * Live audio of every counter: one publisher (the counter's host) and any number of listeners
 * per counter. Packets are forwarded as they came (the hub never decodes audio); a slow listener
 * loses packets rather than delaying the others.
 */
export class LiveFanout {
  private readonly channels = new Map<number, Channel>();
  /** Packets forwarded and dropped (slow listeners), for the hub's status. */
  readonly stats = { forwarded: 0, dropped: 0 };
  private readonly windowListeners = new Set<(m: StreamMessage) => void>();

  private channel(counter: number): Channel {
    let c = this.channels.get(counter);
    if (!c) {
      c = { publisher: null, stream: null, listeners: new Set(), state: null };
      this.channels.set(counter, c);
    }
    return c;
  }

  /** A new publisher for a counter replaces the old one (a restarted host). */
  attachPublisher(counter: number, socket: LiveSocket, replacedCode: number): void {
    const c = this.channel(counter);
    if (c.publisher && c.publisher !== socket) c.publisher.close(replacedCode, 'another publisher took this counter');
    c.publisher = socket;
    c.stream = null;
    if (c.state !== null) {
      c.state = null;
      this.tellWindows();
    }
    this.tellPublisher(counter, c);
  }

  publisherHello(counter: number, socket: LiveSocket, stream: LiveStreamInfo): void {
    const c = this.channel(counter);
    if (c.publisher !== socket) return;
    c.stream = stream;
    this.broadcastText(c, { type: 'hello', counter, stream });
  }

  detachPublisher(counter: number, socket: LiveSocket): void {
    const c = this.channels.get(counter);
    if (!c || c.publisher !== socket) return;
    c.publisher = null;
    c.stream = null;
    this.broadcastText(c, { type: 'publisher', counter, online: false });
    // Nobody reports for this window any more: it does not record, as far as anyone can tell.
    if (c.state !== null) {
      c.state = null;
      this.tellWindows();
    }
  }

  /** The counter's recorder state, from its own publisher only. */
  publisherState(counter: number, socket: LiveSocket, state: PublisherStateFrame['state']): void {
    const c = this.channels.get(counter);
    if (!c || c.publisher !== socket) return;
    if (c.state?.kind === state.kind && c.state.since === state.since) return;
    c.state = state;
    this.tellWindows();
  }

  /** Every window whose recorder reported, by window: recording means audio reaches a service's file now. */
  recordingWindows(): RecordingWindow[] {
    return [...this.channels.entries()]
      .filter(([, c]) => c.publisher !== null && c.state !== null)
      .map(([counter, c]) => ({ counter, recording: c.state!.kind === 'recording', state: c.state!.kind, since: c.state!.since }))
      .sort((a, b) => a.counter - b.counter);
  }

  /** The windows' recording state on the queue stream (server/hub/api/queueStream.ts StreamSide): on connect, then on change. */
  streamSide(): { current(): StreamMessage[]; subscribe(send: (m: StreamMessage) => void): () => void } {
    return {
      current: () => [{ type: 'recording.windows', windows: this.recordingWindows() }],
      subscribe: (send) => {
        this.windowListeners.add(send);
        return () => this.windowListeners.delete(send);
      },
    };
  }

  private tellWindows(): void {
    const m: StreamMessage = { type: 'recording.windows', windows: this.recordingWindows() };
    for (const l of this.windowListeners) l(m);
  }

  /** Forwards one binary frame from the counter's publisher (whose header names that counter). */
  packet(counter: number, socket: LiveSocket, frame: Uint8Array): void {
    const c = this.channels.get(counter);
    if (!c || c.publisher !== socket || c.stream === null) return;
    if (frame.byteLength <= LIVE_HEADER_BYTES || frame[1] !== counter) return;
    for (const l of c.listeners) {
      if (l.readyState !== OPEN) continue;
      if (l.bufferedAmount > MAX_BUFFERED_BYTES) {
        this.stats.dropped++;
        continue;
      }
      l.send(frame);
      this.stats.forwarded++;
    }
  }

  addListener(counter: number, socket: LiveSocket): void {
    const c = this.channel(counter);
    c.listeners.add(socket);
    const hello: LiveTextFrame = c.stream ? { type: 'hello', counter, stream: c.stream } : { type: 'publisher', counter, online: false };
    socket.send(JSON.stringify(hello));
    this.tellPublisher(counter, c);
  }

  removeListener(counter: number, socket: LiveSocket): void {
    const c = this.channels.get(counter);
    if (c?.listeners.delete(socket)) this.tellPublisher(counter, c);
  }

  /** The counter's host sends audio only while someone listens: no packets for nobody. */
  private tellPublisher(counter: number, c: Channel): void {
    if (!c.publisher || c.publisher.readyState !== OPEN) return;
    const frame: LivePublisherFrame = { type: 'listeners', counter, count: c.listeners.size };
    c.publisher.send(JSON.stringify(frame));
  }

  /** Counters with a publisher on line now. */
  online(): number[] {
    return [...this.channels.entries()].filter(([, c]) => c.publisher !== null && c.stream !== null).map(([n]) => n).sort((a, b) => a - b);
  }

  listenerCount(counter: number): number {
    return this.channels.get(counter)?.listeners.size ?? 0;
  }

  private broadcastText(c: Channel, frame: LiveTextFrame): void {
    const text = JSON.stringify(frame);
    for (const l of c.listeners) if (l.readyState === OPEN) l.send(text);
  }
}
