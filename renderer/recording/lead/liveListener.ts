import { decodeLivePacket, LIVE_LISTEN_PATH, LiveTextFrame } from '../../../shared/recording/live.js';
import type { LiveStreamInfo } from '../../../shared/recording/live.js';
import { getCredentials, withSocketCredentials } from '../../api/credentials.js';
import type { Credentials } from '../../api/credentials.js';
import { toWebSocketUrl } from '../../platform/index.js';
import { LatencyMeter, Playout } from './latency.js';

export type LivePhase = 'connecting' | 'waiting' | 'playing' | 'offline' | 'closed' | 'unsupported';

export interface LiveStatus {
  phase: LivePhase;
  /** Median delay from packet creation on the counter to decoding here. */
  latencyMs: number | null;
  maxLatencyMs: number | null;
  packets: number;
  /** Close reason (4401 sign in, 4403 role, ...). */
  reason: string | null;
}

export interface LiveListenerOptions {
  hubUrl: string;
  /**
   * The lead station's device and session (api/credentials.ts), sent as the socket's query
   * parameters (browsers cannot set a WebSocket's headers); default: this page's.
   */
  credentials?: Credentials;
  /** An older session token sent as `token=` (the pipeline bench signs in without a page). */
  token?: string;
  counter: number;
  onStatus: (s: LiveStatus) => void;
}

/**
 * Start 60 ms ahead, keep 40 ms of spare queue against jitter (looked at over 1 s), and never
 * more than 400 ms (a capture block of ~128 ms, a stall, some margin).
 */
const PLAYOUT = { leadS: 0.06, targetSlackS: 0.04, windowS: 1, maxAheadS: 0.4 };

/**
 * Live listening in the browser: the hub's WebSocket gives the counter's Opus packets as they
 * are made; WebCodecs' AudioDecoder decodes them and an AudioContext plays them back to back.
 * Must be started from a click (browsers only let a page start audio after a gesture).
 */
export class LiveListener {
  private socket: WebSocket | null = null;
  private decoder: AudioDecoder | null = null;
  private context: AudioContext | null = null;
  private playout = new Playout(PLAYOUT);
  private frameUs = 20_000;
  private readonly sentAt = new Map<number, number>();
  private readonly meter = new LatencyMeter();
  private status: LiveStatus = { phase: 'connecting', latencyMs: null, maxLatencyMs: null, packets: 0, reason: null };
  private lastPublished = 0;

  constructor(private readonly o: LiveListenerOptions) {}

  static supported(): boolean {
    return typeof AudioDecoder !== 'undefined' && typeof AudioContext !== 'undefined';
  }

  start(): void {
    if (!LiveListener.supported()) {
      this.publish({ phase: 'unsupported' }, true);
      return;
    }
    this.context = new AudioContext({ latencyHint: 'interactive' });
    void this.context.resume();
    const base = new URL(toWebSocketUrl(this.o.hubUrl, LIVE_LISTEN_PATH));
    base.searchParams.set('counter', String(this.o.counter));
    if (this.o.token) base.searchParams.set('token', this.o.token);
    const url = withSocketCredentials(base.toString(), this.o.credentials ?? getCredentials());
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.addEventListener('message', (ev) => this.onMessage(ev.data));
    socket.addEventListener('close', (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.closeAudio();
      this.publish({ phase: 'closed', reason: ev.reason || `code ${ev.code}` }, true);
    });
    this.publish({ phase: 'connecting' }, true);
  }

  stop(): void {
    const s = this.socket;
    this.socket = null;
    s?.close(1000, 'stopped');
    this.closeAudio();
    this.publish({ phase: 'closed', reason: null }, true);
  }

  private closeAudio(): void {
    if (this.decoder && this.decoder.state !== 'closed') this.decoder.close();
    this.decoder = null;
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }

  private onMessage(data: unknown): void {
    if (typeof data === 'string') {
      let json: unknown;
      try {
        json = JSON.parse(data);
      } catch {
        return;
      }
      const frame = LiveTextFrame.safeParse(json);
      if (!frame.success) return;
      if (frame.data.type === 'hello') this.configure(frame.data.stream);
      else if (!frame.data.online) this.publish({ phase: 'offline' }, true);
      return;
    }
    if (!(data instanceof ArrayBuffer) || !this.decoder || this.decoder.state !== 'configured') return;
    const p = decodeLivePacket(new Uint8Array(data));
    if (!p) return;
    const timestamp = p.seq * this.frameUs; // µs; the seq is the capture's packet index
    this.sentAt.set(timestamp, p.at);
    if (this.sentAt.size > 500) this.sentAt.delete(this.sentAt.keys().next().value as number);
    this.decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp, data: p.data }));
  }

  private configure(stream: LiveStreamInfo): void {
    if (this.decoder && this.decoder.state !== 'closed') this.decoder.close();
    this.playout = new Playout(PLAYOUT);
    this.frameUs = stream.frameMs * 1000;
    this.decoder = new AudioDecoder({
      output: (audio) => this.play(audio),
      error: (err) => this.publish({ phase: 'closed', reason: `decoder: ${err.message}` }, true),
    });
    // Opus decodes at 48 kHz whatever the capture rate; the AudioContext resamples for the speakers.
    this.decoder.configure({ codec: 'opus', sampleRate: 48_000, numberOfChannels: stream.channels });
    this.publish({ phase: 'waiting' }, true);
  }

  private play(audio: AudioData): void {
    const at = this.sentAt.get(audio.timestamp);
    this.sentAt.delete(audio.timestamp);
    if (at !== undefined) this.meter.add(Date.now() - at);
    const ctx = this.context;
    const when = ctx ? this.playout.slot(ctx.currentTime, audio.numberOfFrames / audio.sampleRate) : null;
    if (ctx && when !== null) {
      const buffer = ctx.createBuffer(1, audio.numberOfFrames, audio.sampleRate);
      const samples = new Float32Array(audio.numberOfFrames);
      audio.copyTo(samples, { planeIndex: 0, format: 'f32-planar' });
      buffer.copyToChannel(samples, 0);
      const source = ctx.createBufferSource();
      source.buffer = buffer;
      source.connect(ctx.destination);
      source.start(when);
    }
    audio.close();
    const s = this.meter.summary();
    this.publish({ phase: 'playing', latencyMs: s?.medianMs ?? null, maxLatencyMs: s?.maxMs ?? null, packets: s?.count ?? 0 });
  }

  /** At most 4 screen updates a second, except for phase changes. */
  private publish(patch: Partial<LiveStatus>, force = false): void {
    this.status = { ...this.status, ...patch };
    const now = Date.now();
    if (!force && now - this.lastPublished < 250) return;
    this.lastPublished = now;
    this.o.onStatus(this.status);
  }
}
